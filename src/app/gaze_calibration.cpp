#include "gaze_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {
double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
}
}  // namespace

std::vector<StimulusEvent> nine_point_schedule(double dwell_s) {
    const double targets[9][2] = {{0, 0}, {-15, 0}, {15, 0}, {0, 10}, {0, -10}, {-15, 10}, {15, 10}, {-15, -10}, {15, -10}};
    std::vector<StimulusEvent> schedule;
    for (int k = 0; k < 9; ++k) schedule.push_back({dwell_s * k, "target", "h_deg,v_deg", {targets[k][0], targets[k][1]}});
    return schedule;
}

GazeCalibrationResult fit_gaze_calibration(const Channel& raw, const std::vector<StimulusEvent>& schedule,
                                           const std::string& view, double settle_s) {
    const auto& x = raw.component("x");
    const auto& y = raw.component("y");
    std::vector<const StimulusEvent*> targets;
    for (const auto& e : schedule)
        if (e.kind == "target" && e.values.size() >= 2) targets.push_back(&e);
    GazeCalibrationResult out;
    out.view = view;
    std::vector<cv::Point2d> measured;
    for (std::size_t k = 0; k < targets.size(); ++k) {
        const double from = targets[k]->t_s + settle_s;
        const double to = k + 1 < targets.size() ? targets[k + 1]->t_s : raw.t_s.empty() ? from : raw.t_s.back() + 1e-9;
        std::vector<double> xs, ys;
        for (std::size_t i = 0; i < raw.size(); ++i)
            if (raw.t_s[i] >= from && raw.t_s[i] < to && raw.confidence[i] > 0 && std::isfinite(x[i]) && std::isfinite(y[i]))
                xs.push_back(x[i]), ys.push_back(y[i]);
        const std::size_t expected = static_cast<std::size_t>(std::max(1.0, (to - from) * raw.nominal_rate_hz));
        if (xs.size() < 5 || xs.size() < expected / 3) {
            char where[64];
            std::snprintf(where, sizeof where, "calibration target %zu (%.0f, %.0f deg)", k + 1, targets[k]->values[0],
                          targets[k]->values[1]);
            throw_bad_input(where, "was tracked in " + std::to_string(xs.size()) + " of about " + std::to_string(expected) +
                                       " frames", "the eye tracked through at least a third of each fixation; repeat the calibration");
        }
        measured.push_back({median(xs), median(ys)});
        out.targets_deg.push_back({targets[k]->values[0], targets[k]->values[1]});
    }
    out.calibration = track::GazeCalibration::fit(measured, out.targets_deg);  // needs >= 5 spanning a plane
    for (const auto& m : measured) out.fixations_deg.push_back(out.calibration.degrees(m));
    out.rms_deg = out.calibration.rms_residual_deg();
    char method[160];
    std::snprintf(method, sizeof method, "%zu-point gaze calibration (%s), %s map, RMS %.2f deg", measured.size(),
                  view == "eye" ? "pupil centre" : "eye offset in the face", out.calibration.terms() > 3 ? "quadratic" : "linear",
                  out.rms_deg);
    out.method = method;
    return out;
}

}  // namespace purkinje::app
