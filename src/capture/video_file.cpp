#include "purkinje/capture/video_file.hpp"

#include <cmath>
#include <sstream>

#include "image_convert.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::capture {

VideoFileSource::VideoFileSource(const std::filesystem::path& path, VideoFileOptions options)
    : path_(path), options_(std::move(options)), pacer_(options_.pace) {
    const std::string name = path_.string();
    std::error_code ec;
    if (!std::filesystem::exists(path_, ec)) throw_not_found(name, "the video file does not exist");
    if (std::filesystem::is_directory(path_, ec)) {
        throw_bad_input(name, "this is a folder, not a video file", "a video file (an image folder needs its own source)");
    }
    if (std::filesystem::file_size(path_, ec) == 0) {
        throw_bad_input(name, "the video file is empty (0 bytes)", "a video file with at least one frame");
    }

    if (options_.use_sidecar) {
        timestamps_path_ = options_.timestamps.empty() ? sidecar_path_for(path_) : options_.timestamps;
        if (std::filesystem::exists(timestamps_path_, ec)) {
            sidecar_ = read_timestamps(timestamps_path_);
            if (sidecar_->frames.empty()) {
                throw_bad_input(timestamps_path_.string(), "the frame timestamp file lists no frames",
                                "one row per frame of " + name);
            }
        } else if (!options_.timestamps.empty()) {
            throw_not_found(timestamps_path_.string(), "the frame timestamp file given for " + name + " does not exist");
        } else {
            timestamps_path_.clear();
        }
    }
    grey_ = options_.grey.value_or(sidecar_ && sidecar_->value("channels") == "1");

    if (!capture_.open(name, cv::CAP_FFMPEG) || !capture_.isOpened()) {
        throw_bad_input(name, "the file cannot be read as a video: it is corrupt or not a video format FFmpeg knows",
                        "a video file such as .mkv (FFV1), .mp4 or .avi");
    }
    container_frame_count_ = static_cast<std::int64_t>(std::llround(capture_.get(cv::CAP_PROP_FRAME_COUNT)));
    const double container_fps = capture_.get(cv::CAP_PROP_FPS);
    nominal_rate_hz_ = std::isfinite(container_fps) && container_fps > 0 ? container_fps : 0;
    if (sidecar_) nominal_rate_hz_ = sidecar_->number("nominal_rate_hz", timestamps_path_).value_or(nominal_rate_hz_);
    cv::Mat first;
    if (!decode(first)) {
        throw_bad_input(name, "the video holds no frame that can be decoded: it is corrupt or empty",
                        "a video file with at least one readable frame");
    }
    pending_ = first;
    frame_size_ = first.size();
}

bool VideoFileSource::decode(cv::Mat& image) {
    cv::Mat decoded;
    try {
        if (!capture_.read(decoded) || decoded.empty()) return false;
    } catch (const cv::Exception&) {
        return false;
    }
    pending_container_ms_ = capture_.get(cv::CAP_PROP_POS_MSEC);
    image = detail::to_frame_image(decoded, grey_);
    return !image.empty();
}

void VideoFileSource::fail(const std::string& message) {
    state_ = SourceState::Failed;
    error_ = path_.string() + ": " + message;
    pending_.release();
}

std::optional<Frame> VideoFileSource::next() {
    if (state_ != SourceState::Running) return std::nullopt;
    if (pending_.empty()) {
        // The video ran out. With a sidecar the number of frames is known, so fewer means a broken file.
        if (sidecar_ && next_position_ < static_cast<std::int64_t>(sidecar_->frames.size())) {
            fail("the video ends after frame " + std::to_string(next_position_) + " but its timestamp file " +
                 timestamps_path_.string() + " lists " + std::to_string(sidecar_->frames.size()) +
                 " frames: the video is truncated or corrupt");
        } else {
            state_ = SourceState::Ended;
        }
        return std::nullopt;
    }
    Frame frame;
    frame.image = pending_;
    if (sidecar_) {
        if (next_position_ >= static_cast<std::int64_t>(sidecar_->frames.size())) {
            fail("the video has more frames than its timestamp file " + timestamps_path_.string() + " lists (" +
                 std::to_string(sidecar_->frames.size()) + ")");
            return std::nullopt;
        }
        const auto& row = sidecar_->frames[static_cast<std::size_t>(next_position_)];
        frame.index = row.index;
        frame.t_s = row.t_s;
        frame.origin = row.origin;
    } else {
        frame.index = next_position_;
        const double container_s = pending_container_ms_ / 1000.0;
        // FFmpeg gives no presentation time (0) for frames drained from the decoder at the end of a
        // file, and some containers have none at all: such a frame is placed one nominal interval after
        // the one before, and says its time is synthetic.
        if (next_position_ == 0 || container_s > last_time_s_) {
            frame.t_s = container_s;
            frame.origin = TimestampOrigin::File;
        } else {
            const double rate = nominal_rate_hz_ > 0 ? nominal_rate_hz_ : 30.0;
            frame.t_s = last_time_s_ + 1.0 / rate;
            frame.origin = TimestampOrigin::Synthetic;
        }
    }
    if (frame.image.size() != frame_size_) {
        fail("frame " + std::to_string(next_position_) + " is " + std::to_string(frame.image.cols) + "x" +
             std::to_string(frame.image.rows) + ", the video started at " + std::to_string(frame_size_.width) + "x" +
             std::to_string(frame_size_.height));
        return std::nullopt;
    }
    last_time_s_ = frame.t_s;
    ++next_position_;
    cv::Mat following;
    pending_ = decode(following) ? following : cv::Mat();
    pacer_.wait_for_frame_time(frame.t_s);
    return frame;
}

std::string VideoFileSource::describe() const {
    std::ostringstream text;
    text << "video file " << path_.string() << ", " << frame_size_.width << "x" << frame_size_.height << ", "
         << (grey_ ? "grey" : "colour") << ", " << nominal_rate_hz_ << " Hz nominal, times from "
         << (sidecar_ ? "sidecar " + timestamps_path_.filename().string() : std::string("the container"));
    if (options_.pace == ReplayPace::Original) text << ", replayed at original timing";
    return text.str();
}

}  // namespace purkinje::capture
