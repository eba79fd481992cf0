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
    const double w = 2 * std::numbers::pi * freq;
    std::vector<double> target_v(gaze.t_s.size());
    // Catch-up saccades are found on the position error (gaze - target): the target's own smooth
    // movement cancels there, so the error moves only at the pursuit's shortfall. Its speed has no
    // pursuit sweep in it, so the peak threshold can sit at 5 robust SD of the noise (3 for the
    // onset) rather than the classifier's general 8 (4), and the 1-3 deg catch-up saccades of a
    // low-gain pursuit (60-90 deg/s) are found. Left in, they raise the "smooth" gain toward 1
    // (mild preset 0.75: 0.95 measured that way).
    detail::AngleTrace error = gaze;
    for (std::size_t i = 0; i < target_v.size(); ++i) {
        const double since = gaze.t_s[i] - t0;
        target_v[i] = since < 0 ? 0.0 : w * amp * std::cos(w * since);
        error.x_deg[i] -= since < 0 ? 0.0 : amp * std::sin(w * since);
    }
    // Skip the first half cycle: pursuit initiation is a different (open-loop) behaviour.
    const double from = t0 + 0.5 / freq, to = gaze.t_s.back();
    signal::GazeClassifierOptions on_error;
    on_error.peak_threshold_sds = 5;
    on_error.onset_threshold_sds = 3;
    const auto r = detail::eye_response(gaze, target_v, freq, from, to, detail::classify(error, on_error));
    detail::FindingList f(out, options);
    f.add("pursuit_gain", r.fit.gain, "1", "sinusoid_least_squares_desaccaded", "Pursuit gain (eye / target velocity)");
    f.add("pursuit_phase_deg", r.fit.phase_deg, "deg", "sinusoid_least_squares_desaccaded", "Pursuit phase (+ eye leads)");
    f.add("catch_up_saccades_per_s", r.saccades / r.seconds, "1/s", "classify_gaze_saccades_during_pursuit",
          "Catch-up saccades per second");
    return out;
}

}  // namespace purkinje::assess
