#pragma once
// Bringing decoded images to what a Frame promises: 8-bit, 1 channel (grey) or 3 channels (BGR).

#include <opencv2/core.hpp>

namespace purkinje::capture::detail {

// Converts depth (16-bit images keep their top 8 bits) and channels (alpha dropped; grey on request).
// Returns an empty Mat when the image has a layout no camera produces (e.g. 2 channels).
cv::Mat to_frame_image(const cv::Mat& decoded, bool grey);

}  // namespace purkinje::capture::detail
