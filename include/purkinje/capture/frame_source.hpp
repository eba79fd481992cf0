#pragma once
// FrameSource: anything that yields camera frames with their capture times (a live camera, a video
// file, a folder of images, a replayed recording, the simulated patient). Consumers never care which.

#include <cstdint>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "purkinje/core/time.hpp"

namespace purkinje::capture {

struct Frame {
    cv::Mat image;                 // 8-bit, 1 channel (grey, infrared) or 3 channels (BGR)
    std::int64_t index = 0;        // position in the source's own sequence, from 0 (gaps = drops)
    double t_s = 0;                // capture time, seconds since the source started
    TimestampOrigin origin = TimestampOrigin::Synthetic;
};

// Why a source stopped giving frames.
enum class SourceState {
    Running,    // next() may give more frames
    Ended,      // the end of a file or of a planned recording: normal
    Failed,     // the device disappeared or the file broke: see error()
};

const char* to_string(SourceState state);

class FrameSource {
public:
    virtual ~FrameSource() = default;

    // The next frame, or nullopt when the source has ended or failed (then state() says which and
    // error() says why). Never throws for a device or file that breaks mid-stream.
    virtual std::optional<Frame> next() = 0;

    virtual SourceState state() const = 0;
    virtual std::string error() const { return {}; }

    // The rate the source promises (Hz); the measured rate is the timing monitor's job.
    virtual double nominal_rate_hz() const = 0;
    virtual cv::Size frame_size() const = 0;
    // One line for a person and for the session record: kind, device or file, size, rate.
    virtual std::string describe() const = 0;
};

}  // namespace purkinje::capture
