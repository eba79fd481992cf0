// Smooth pursuit of a sinusoidally moving target: gain and phase of de-saccaded eye velocity, and
// the catch-up saccades that make up for a low gain (cerebellar pursuit deficit).

#include <cmath>
#include <numbers>

#include "eye_sinusoid.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

ProtocolInfo smooth_pursuit_protocol() {
    ProtocolInfo p;
    p.key = names::kSmoothPursuit;
    p.title = "Smooth pursuit";
    p.examiner_instructions =
        "Head on a chin rest or held still. The dot moves left and right, +-15 deg at 0.3 Hz, for 11 s "
        "after a 1 s fixation.";
    p.patient_instructions = "Follow the dot with your eyes, keeping them on it all the time.";
    p.view = View::Eye;
    p.channels = {names::kGaze};
    p.min_rate_hz = 60;
    p.recommended_rate_hz = 250;
    p.duration_s = 12;
    p.limits = "Needs >= 60 Hz to tell catch-up saccades from pursuit; a moving head adds VOR (use a chin rest).";
    return p;
}

std::vector<StimulusEvent> smooth_pursuit_schedule(std::uint64_t) {
    return {detail::event(0, "target", "h_deg,v_deg", {0, 0}),
            detail::event(1.0, "target_sine", "centre_h,centre_v,amp_h,amp_v,freq_hz", {0, 0, 15, 0, 0.3})};
}

ProtocolAnalysis analyse_smooth_pursuit(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kSmoothPursuit;
    const auto gaze = detail::gaze_trace(recording, out.protocol, smooth_pursuit_protocol().min_rate_hz);
    const auto sines = detail::events_of(recording, "target_sine");
    if (sines.empty() || sines.front().values.size() < 5)
        throw_bad_input("smooth_pursuit events", "the recording has no 'target_sine' event",
                        "a target_sine event {centre_h, centre_v, amp_h, amp_v, freq_hz}");
    const auto& sine = sines.front();
    const double amp = sine.values[2], freq = sine.values[4], t0 = sine.t_s;
    std::vector<double> target_v(gaze.t_s.size());
    for (std::size_t i = 0; i < target_v.size(); ++i)
        target_v[i] = gaze.t_s[i] < t0 ? 0.0 : 2 * std::numbers::pi * freq * amp * std::cos(2 * std::numbers::pi * freq * (gaze.t_s[i] - t0));
    // Skip the first half cycle: pursuit initiation is a different (open-loop) behaviour.
    const double from = t0 + 0.5 / freq, to = gaze.t_s.back();
    const auto r = detail::eye_response(gaze, target_v, freq, from, to);
    detail::FindingList f(out, options);
    f.add("pursuit_gain", r.fit.gain, "1", "sinusoid_least_squares_desaccaded", "Pursuit gain (eye / target velocity)");
    f.add("pursuit_phase_deg", r.fit.phase_deg, "deg", "sinusoid_least_squares_desaccaded", "Pursuit phase (+ eye leads)");
    f.add("catch_up_saccades_per_s", r.saccades / r.seconds, "1/s", "classify_gaze_saccades_during_pursuit",
          "Catch-up saccades per second");
    return out;
}

}  // namespace purkinje::assess
