#pragma once
// One face for every tracker over a stream of frames: the CLI, the app's live view and the tests
// feed frames in and get one table row (and optionally an overlay) out per frame, plus the
// timestamped channels at the end.

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/capture/frame_source.hpp"
#include "purkinje/core/channel.hpp"
#include "purkinje/track/track_state.hpp"

namespace purkinje::track {

struct TrackedRow {
    std::vector<double> values;  // one per value_columns(); NaN where not measured
    TrackState state = TrackState::Lost;
    double confidence = 0;
};

class FrameTracker {
public:
    virtual ~FrameTracker() = default;
    // Names (with units) of the values in each row, e.g. "x_px", "yaw_deg".
    virtual std::vector<std::string> value_columns() const = 0;
    // Tracks one frame; draws what was found on `overlay` (BGR, same size) when it is not null.
    // Throws a BadInput Error naming the frame for an unusable image.
    virtual TrackedRow process(const capture::Frame& frame, cv::Mat* overlay) = 0;
    // The channels accumulated so far (per-sample confidence; NaN with confidence 0 when lost).
    virtual std::vector<Channel> channels() const = 0;
};

}  // namespace purkinje::track
