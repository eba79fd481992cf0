#pragma once
// What a tracker made of one frame. Every tracker reports one of these per frame next to its
// confidence, so that a gap in a channel always says why it is a gap.

#include <cstdint>

#include <opencv2/core.hpp>

namespace purkinje::track {

enum class TrackState {
    Tracked,    // found; the confidence says how sure
    Blink,      // the eyelid covers the pupil (eye trackers only)
    Lost,       // the target should be visible but was not found
    OutOfView,  // the target left the image (or sits on its border)
};

const char* to_string(TrackState state);

// The 8-bit single-channel image every tracker works on. Accepts 8-bit grey, BGR or BGRA; throws a
// BadInput Error naming the frame for an empty image, a zero size, another depth or channel count.
cv::Mat grey_frame(const cv::Mat& image, std::int64_t frame_index);
// The 8-bit BGR image the colour trackers work on (grey input is expanded); same checks.
cv::Mat bgr_frame(const cv::Mat& image, std::int64_t frame_index);

}  // namespace purkinje::track
