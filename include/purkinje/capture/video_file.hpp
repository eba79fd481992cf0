#pragma once
// A video file as a FrameSource: a recording of a past trial, a clip from a phone, or a vendor's export.
// Frame times come from the timestamp sidecar when there is one (exact, as captured), otherwise from
// the container's presentation times (CAP_PROP_POS_MSEC: millisecond resolution, and only as regular
// as the file is); see docs/capture.md.

#include <filesystem>
#include <optional>
#include <string>

#include <opencv2/videoio.hpp>

#include "purkinje/capture/frame_source.hpp"
#include "purkinje/capture/pacing.hpp"
#include "purkinje/capture/timestamps.hpp"

namespace purkinje::capture {

struct VideoFileOptions {
    // The frame timestamp sidecar. Empty: "<video>.timestamps.csv" when it exists, else container times.
    std::filesystem::path timestamps;
    bool use_sidecar = true;   // false: ignore any sidecar and use the container's times
    ReplayPace pace = ReplayPace::AsFastAsPossible;
    // Deliver 1-channel frames. nullopt: as the sidecar's "channels" says, else as decoded (BGR).
    std::optional<bool> grey;
};

class VideoFileSource final : public FrameSource {
public:
    // Opens the file and decodes its first frame, so a missing, empty or corrupt file fails here with a
    // purkinje::Error naming it (NotFound or BadInput), never later.
    explicit VideoFileSource(const std::filesystem::path& path, VideoFileOptions options = {});

    std::optional<Frame> next() override;
    SourceState state() const override { return state_; }
    std::string error() const override { return error_; }
    double nominal_rate_hz() const override { return nominal_rate_hz_; }
    cv::Size frame_size() const override { return frame_size_; }
    std::string describe() const override;

    // Where the times come from: the sidecar's path, or empty for the container.
    const std::filesystem::path& timestamps_path() const { return timestamps_path_; }
    // Frames the container says it holds (may be an estimate; 0 when it does not say).
    std::int64_t container_frame_count() const { return container_frame_count_; }

private:
    bool decode(cv::Mat& image);
    void fail(const std::string& message);

    std::filesystem::path path_;
    VideoFileOptions options_;
    cv::VideoCapture capture_;
    std::optional<TimestampTable> sidecar_;
    std::filesystem::path timestamps_path_;
    bool grey_ = false;
    double nominal_rate_hz_ = 0;
    cv::Size frame_size_;
    std::int64_t container_frame_count_ = 0;
    cv::Mat pending_;               // the frame decoded ahead (the first one at open)
    std::int64_t next_position_ = 0;  // frames handed out so far
    double pending_container_ms_ = 0;
    double last_time_s_ = -1;
    SourceState state_ = SourceState::Running;
    std::string error_;
    Pacer pacer_{ReplayPace::AsFastAsPossible};
};

}  // namespace purkinje::capture
