#include "purkinje/capture/recording.hpp"

#include <cmath>

#include "purkinje/capture/sha256.hpp"
#include "purkinje/capture/video_file.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::capture {

RecordingWriter::RecordingWriter(const std::filesystem::path& folder, cv::Size size, int channels,
                                 double nominal_rate_hz, const std::string& source_description,
                                 RecordingOptions options) {
    if (channels != 1 && channels != 3) {
        throw Error(ErrorKind::Internal, "a recording holds grey (1) or BGR (3) frames", "channels",
                    "1 or 3, not " + std::to_string(channels));
    }
    if (size.width <= 0 || size.height <= 0) {
        throw Error(ErrorKind::Internal, "a recording needs a frame size", "size", "a positive width and height");
    }
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw Error(ErrorKind::Storage, "the recording folder cannot be created: " + ec.message(), folder.string());
    result_.video = folder / (options.stem + ".mkv");
    result_.timestamps = folder / (options.stem + ".timestamps.csv");
    result_.codec = "FFV1";
    result_.size = size;
    result_.channels = channels;
    result_.nominal_rate_hz = nominal_rate_hz;
    if (!options.overwrite &&
        (std::filesystem::exists(result_.video, ec) || std::filesystem::exists(result_.timestamps, ec))) {
        throw Error(ErrorKind::Storage, "a recording with this name exists already and would be overwritten",
                    result_.video.string(), "a new stem or folder for each trial");
    }

    // The container's frame rate only matters to other players; the sidecar carries the real times.
    const double container_fps = nominal_rate_hz > 0 && std::isfinite(nominal_rate_hz) ? nominal_rate_hz : 30.0;
    video_.open(result_.video.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('F', 'F', 'V', '1'), container_fps,
                size, channels == 3);
    if (!video_.isOpened()) {
        throw Error(ErrorKind::Storage, "the FFV1 video cannot be created (FFmpeg without FFV1, or no write access)",
                    result_.video.string());
    }
    auto metadata = options.metadata;
    metadata["video"] = result_.video.filename().string();
    metadata["codec"] = result_.codec;
    metadata["source"] = source_description;
    metadata["nominal_rate_hz"] = std::to_string(nominal_rate_hz);
    metadata["channels"] = std::to_string(channels);
    metadata["width"] = std::to_string(size.width);
    metadata["height"] = std::to_string(size.height);
    metadata["started_utc"] = utc_now_iso8601();
    timestamps_ = TimestampWriter(result_.timestamps, metadata);
}

RecordingWriter::~RecordingWriter() {
    if (!finished_) {
        video_.release();
        try {
            timestamps_.close();
        } catch (const Error&) {
            // a destructor cannot report; finish() is where failures are seen
        }
    }
}

void RecordingWriter::write(const Frame& frame) {
    if (finished_) throw Error(ErrorKind::Internal, "a frame was written to a finished recording", result_.video.string());
    if (frame.image.size() != result_.size || frame.image.channels() != result_.channels ||
        frame.image.depth() != CV_8U) {
        throw Error(ErrorKind::BadInput,
                    "frame " + std::to_string(frame.index) + " is " + std::to_string(frame.image.cols) + "x" +
                        std::to_string(frame.image.rows) + " with " + std::to_string(frame.image.channels()) +
                        " channels",
                    result_.video.string(),
                    std::to_string(result_.size.width) + "x" + std::to_string(result_.size.height) + " 8-bit with " +
                        std::to_string(result_.channels) + " channels, as the recording began");
    }
    video_.write(frame.image);
    timestamps_.append(FrameTimestamp{frame.index, frame.t_s, frame.origin, {}});
    if (result_.frames == 0) result_.first_t_s = frame.t_s;
    result_.last_t_s = frame.t_s;
    ++result_.frames;
}

RecordedVideo RecordingWriter::finish() {
    if (finished_) throw Error(ErrorKind::Internal, "a recording was finished twice", result_.video.string());
    finished_ = true;
    video_.release();
    timestamps_.close();
    std::error_code ec;
    if (result_.frames > 0 && std::filesystem::file_size(result_.video, ec) == 0) {
        throw Error(ErrorKind::Storage, "the video file is empty after writing " + std::to_string(result_.frames) +
                                            " frames",
                    result_.video.string(), "enough free disk space");
    }
    result_.sha256 = sha256_file(result_.video);
    return result_;
}

std::unique_ptr<FrameSource> open_recording(const std::filesystem::path& video, ReplayPace pace) {
    const auto sidecar = sidecar_path_for(video);
    VideoFileOptions options;
    options.timestamps = sidecar;  // given explicitly: a missing sidecar is an error, not a fallback
    options.pace = pace;
    if (!std::filesystem::exists(video)) throw_not_found(video.string(), "the recorded video does not exist");
    return std::make_unique<VideoFileSource>(video, options);
}

namespace {

std::string stored_path(const std::filesystem::path& path, const std::filesystem::path& database_folder) {
    if (database_folder.empty()) return path.string();
    std::error_code ec;
    const auto absolute = std::filesystem::weakly_canonical(path, ec);
    const auto folder = std::filesystem::weakly_canonical(database_folder, ec);
    const auto relative = absolute.lexically_relative(folder);
    const bool inside = !relative.empty() && *relative.begin() != "..";
    return inside ? relative.generic_string() : absolute.string();
}

std::filesystem::path resolved_path(const std::string& stored, const std::filesystem::path& database_folder) {
    const std::filesystem::path path = stored;
    return path.is_relative() && !database_folder.empty() ? database_folder / path : path;
}

}  // namespace

TrialVideo to_trial_video(const RecordedVideo& recorded, const std::string& view,
                          const std::filesystem::path& database_folder) {
    TrialVideo video;
    video.view = view;
    video.path = stored_path(recorded.video, database_folder);
    video.sha256 = recorded.sha256;
    video.codec = recorded.codec;
    video.frame_count = recorded.frames;
    video.timestamps_path = stored_path(recorded.timestamps, database_folder);
    return video;
}

std::unique_ptr<FrameSource> open_trial_video(const TrialVideo& video, const std::filesystem::path& database_folder,
                                              ReplayPace pace) {
    const auto path = resolved_path(video.path, database_folder);
    if (!std::filesystem::exists(path)) {
        throw_not_found(path.string(), "the " + video.view + " video of this trial is no longer where the database says");
    }
    const std::string actual = sha256_file(path);
    if (actual != video.sha256) {
        throw_bad_input(path.string(), "the video's content changed since it was recorded (SHA-256 " + actual + ")",
                        "SHA-256 " + video.sha256 + " as stored");
    }
    VideoFileOptions options;
    options.timestamps = video.timestamps_path.empty() ? sidecar_path_for(path)
                                                       : resolved_path(video.timestamps_path, database_folder);
    options.pace = pace;
    return std::make_unique<VideoFileSource>(path, options);
}

}  // namespace purkinje::capture
