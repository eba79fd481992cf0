#include "eye_sinusoid.hpp"

#include <cmath>
#include <limits>

#include "purkinje/core/names.hpp"
#include "purkinje/signal/gaze_events.hpp"

namespace purkinje::assess::detail {

SinusoidResponse eye_response(const AngleTrace& gaze,
                              const std::vector<double>& drive_velocity, double frequency_hz, double from_s,
                              double to_s, const signal::GazeClassification& classes) {
    std::vector<double> eye = gaze.vx_deg_s;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    SinusoidResponse r;
    for (const auto& e : classes.events) {
        const bool fast = e.kind == signal::EyeMovement::Saccade || e.kind == signal::EyeMovement::PostSaccadicOscillation ||
                          e.kind == signal::EyeMovement::Blink;
        if (!fast) continue;
        if (e.kind == signal::EyeMovement::Saccade && e.onset_s >= from_s && e.onset_s < to_s) ++r.saccades;
        for (std::size_t i = 0; i < gaze.t_s.size(); ++i)
            if (gaze.t_s[i] > e.onset_s - 0.02 && gaze.t_s[i] < e.offset_s + 0.02) eye[i] = nan;
    }
    std::vector<double> t, d, v;
    for (std::size_t i = 0; i < gaze.t_s.size(); ++i)
        if (gaze.t_s[i] >= from_s && gaze.t_s[i] < to_s) t.push_back(gaze.t_s[i]), d.push_back(drive_velocity[i]), v.push_back(eye[i]);
    r.seconds = to_s - from_s;
    r.fit = model::fit_sinusoidal_vor(t, d, v, frequency_hz);
    r.t_s = std::move(t);
    r.drive_velocity_dps = std::move(d);
    r.eye_velocity_dps = std::move(v);
    return r;
}

}  // namespace purkinje::assess::detail
