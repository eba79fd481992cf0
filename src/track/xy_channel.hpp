#pragma once
// Two-component (x, y) channels shared by the hand and gaze trackers.

#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "purkinje/core/channel.hpp"

namespace purkinje::track::detail {

Channel make_xy_channel(const char* name, double nominal_rate_hz, const std::string& unit);
const std::string& xy_unit(const Channel& channel);
// Appends the point with its confidence, or NaN with confidence 0 when there is none.
void push_xy(Channel& channel, double t_s, const std::optional<cv::Point2d>& point, double confidence);

}  // namespace purkinje::track::detail
