#include "xy_channel.hpp"

#include <limits>

namespace purkinje::track::detail {

Channel make_xy_channel(const char* name, double nominal_rate_hz, const std::string& unit) {
    return Channel(name, nominal_rate_hz, {{"x", unit}, {"y", unit}});
}

const std::string& xy_unit(const Channel& channel) {
    static const std::string none;
    return channel.components.empty() ? none : channel.components[0].unit;
}

void push_xy(Channel& channel, double t_s, const std::optional<cv::Point2d>& point, double confidence) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    if (!point) {
        channel.push_back(t_s, {nan, nan}, 0.0f);
        return;
    }
    channel.push_back(t_s, {static_cast<float>(point->x), static_cast<float>(point->y)}, static_cast<float>(confidence));
}

}  // namespace purkinje::track::detail
