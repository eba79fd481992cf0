#include "eye_common.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "purkinje/core/names.hpp"
#include "purkinje/signal/filters.hpp"
#include "purkinje/signal/gaze_events.hpp"

namespace purkinje::assess::detail {
namespace {

AngleTrace angle_trace(const Channel& c, const std::string& cx, const std::string& cy, double rate) {
    auto p = conditioned_positions(c, cx, cy, rate);
    AngleTrace a;
    a.rate_hz = p.rate_hz;
    a.t_s = std::move(p.t_s);
    a.x_deg = std::move(p.x);
    a.y_deg = std::move(p.y);
    // ~20 ms window, order 2: keeps saccade and impulse peaks while smoothing tracker noise.
    signal::SavitzkyGolay sg{std::max(5, 2 * int(std::lround(0.01 * rate)) + 1), 2};
    a.vx_deg_s = signal::savitzky_golay_with_gaps(a.x_deg, sg, 1, 1.0 / rate);
    a.vy_deg_s = signal::savitzky_golay_with_gaps(a.y_deg, sg, 1, 1.0 / rate);
    return a;
}

}  // namespace

AngleTrace gaze_trace(const Recording& recording, const std::string& protocol, double min_rate_hz) {
    const Channel& c = require_channel(recording, names::kGaze, protocol);
    return angle_trace(c, "x", "y", require_rate(c, min_rate_hz, protocol));
}

AngleTrace head_trace(const Recording& recording, const std::string& protocol, double min_rate_hz) {
    const Channel& c = require_channel(recording, names::kHead, protocol);
    return angle_trace(c, "yaw", "pitch", require_rate(c, min_rate_hz, protocol));
}

signal::GazeClassification classify(const AngleTrace& gaze, const signal::GazeClassifierOptions& options) {
    return signal::classify_gaze(gaze.t_s, gaze.x_deg, gaze.y_deg, {}, gaze.rate_hz, options);
}

std::vector<double> resample(const std::vector<double>& t_from, const std::vector<double>& v,
                             const std::vector<double>& t_to) {
    std::vector<double> out(t_to.size(), std::numeric_limits<double>::quiet_NaN());
    if (t_from.size() < 2) return out;
    for (std::size_t i = 0; i < t_to.size(); ++i) {
        const auto it = std::upper_bound(t_from.begin(), t_from.end(), t_to[i]);
        if (it == t_from.begin() || it == t_from.end()) continue;
        const std::size_t j = std::size_t(it - t_from.begin());
        const double a = (t_to[i] - t_from[j - 1]) / (t_from[j] - t_from[j - 1]);
        out[i] = v[j - 1] + a * (v[j] - v[j - 1]);
    }
    return out;
}

std::vector<GazeTarget> gaze_targets(const Recording& recording, double end_s) {
    std::vector<GazeTarget> out;
    // A target shown after the recording ended (a trial stopped before its schedule) was never answered.
    for (const auto& e : events_of(recording, "target"))
        if (e.values.size() >= 2 && e.t_s < end_s) out.push_back({e.t_s, end_s, e.values[0], e.values[1]});
    for (std::size_t k = 0; k + 1 < out.size(); ++k) out[k].until_s = out[k + 1].t_s;
    return out;
}

}  // namespace purkinje::assess::detail
