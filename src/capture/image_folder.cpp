#include "purkinje/capture/image_folder.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "image_convert.hpp"
#include "purkinje/capture/timing.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::capture {

bool is_image_file(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* known : {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".pgm", ".ppm"}) {
        if (extension == known) return true;
    }
    return false;
}

ImageFolderSource::ImageFolderSource(const std::filesystem::path& folder, ImageFolderOptions options)
    : folder_(folder), options_(std::move(options)), pacer_(options_.pace) {
    const std::string name = folder_.string();
    std::error_code ec;
    if (!std::filesystem::exists(folder_, ec)) throw_not_found(name, "the image folder does not exist");
    if (!std::filesystem::is_directory(folder_, ec)) {
        throw_bad_input(name, "this is a file, not an image folder", "a folder of images with timestamps.csv");
    }
    const auto timestamps_path = options_.timestamps.empty() ? folder_ / "timestamps.csv" : options_.timestamps;
    if (!std::filesystem::exists(timestamps_path, ec)) {
        throw_not_found(timestamps_path.string(),
                        "an image folder needs a frame timestamp file (index,t_s,origin[,file]) and there is none");
    }
    table_ = read_timestamps(timestamps_path);
    if (table_.frames.empty()) {
        throw_bad_input(timestamps_path.string(), "the frame timestamp file lists no frames", "one row per image");
    }

    const bool named = !table_.frames.front().file.empty();
    if (named) {
        for (const auto& row : table_.frames) {
            const auto image = folder_ / row.file;
            if (!std::filesystem::exists(image, ec)) {
                throw_not_found(image.string(), "frame " + std::to_string(row.index) + " of " +
                                                    timestamps_path.string() + " names an image that does not exist");
            }
            images_.push_back(image);
        }
    } else {
        for (const auto& entry : std::filesystem::directory_iterator(folder_)) {
            if (entry.is_regular_file() && is_image_file(entry.path())) images_.push_back(entry.path());
        }
        std::sort(images_.begin(), images_.end());
        if (images_.size() != table_.frames.size()) {
            throw_bad_input(name, "the folder holds " + std::to_string(images_.size()) + " images but " +
                                      timestamps_path.string() + " lists " + std::to_string(table_.frames.size()) +
                                      " frames",
                            "one timestamp row per image, or a 'file' column naming each image");
        }
    }

    if (options_.grey) {
        grey_ = options_.grey;
    } else if (const auto channels = table_.value("channels"); !channels.empty()) {
        grey_ = channels == "1";
    }
    if (const auto rate = table_.number("nominal_rate_hz", timestamps_path)) {
        nominal_rate_hz_ = *rate;
    } else {
        // No promise written down: the typical interval of the file itself is the best nominal rate.
        std::vector<std::int64_t> indices;
        std::vector<double> times;
        for (const auto& row : table_.frames) {
            indices.push_back(row.index);
            times.push_back(row.t_s);
        }
        const auto timing = measure_timing(indices, times);
        if (timing.median_interval_ms > 0) nominal_rate_hz_ = 1000.0 / timing.median_interval_ms;
    }

    std::string problem;
    const cv::Mat first = load(0, problem);
    if (first.empty()) throw_bad_input(images_.front().string(), problem, "an 8- or 16-bit grey or colour image");
    frame_size_ = first.size();
}

cv::Mat ImageFolderSource::load(std::size_t position, std::string& problem) const {
    const auto& path = images_[position];
    cv::Mat decoded;
    try {
        decoded = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception&) {
        decoded.release();
    }
    if (decoded.empty()) {
        problem = "the image cannot be read: it is missing, corrupt or not an image";
        return {};
    }
    const bool grey = grey_.value_or(decoded.channels() == 1);
    cv::Mat image = detail::to_frame_image(decoded, grey);
    if (image.empty()) problem = "the image has " + std::to_string(decoded.channels()) + " channels of depth " +
                                 std::to_string(decoded.depth()) + ", which no camera frame has";
    return image;
}

std::optional<Frame> ImageFolderSource::next() {
    if (state_ != SourceState::Running) return std::nullopt;
    if (position_ >= table_.frames.size()) {
        state_ = SourceState::Ended;
        return std::nullopt;
    }
    std::string problem;
    Frame frame;
    frame.image = load(position_, problem);
    const auto& row = table_.frames[position_];
    if (frame.image.empty() || frame.image.size() != frame_size_) {
        if (problem.empty()) {
            problem = "the image is " + std::to_string(frame.image.cols) + "x" + std::to_string(frame.image.rows) +
                      ", the first one was " + std::to_string(frame_size_.width) + "x" +
                      std::to_string(frame_size_.height);
        }
        state_ = SourceState::Failed;
        error_ = images_[position_].string() + " (frame " + std::to_string(row.index) + "): " + problem;
        return std::nullopt;
    }
    frame.index = row.index;
    frame.t_s = row.t_s;
    frame.origin = row.origin;
    ++position_;
    pacer_.wait_for_frame_time(frame.t_s);
    return frame;
}

std::string ImageFolderSource::describe() const {
    std::ostringstream text;
    text << "image folder " << folder_.string() << ", " << table_.frames.size() << " images, " << frame_size_.width
         << "x" << frame_size_.height << ", " << nominal_rate_hz_ << " Hz nominal";
    if (options_.pace == ReplayPace::Original) text << ", replayed at original timing";
    return text.str();
}

}  // namespace purkinje::capture
