// Sinusoidal VOR: the examiner rotates the patient's head +-10 deg at 0.5 Hz while the patient looks
// at an earth-fixed target (visually enhanced VOR); gain and phase of eye against head velocity.

#include <cmath>

#include "eye_sinusoid.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

namespace detail {
SinusoidResponse head_sine_response(const Recording& recording, const std::string& protocol) {
    const auto gaze = gaze_trace(recording, protocol, 30);
    const auto head = head_trace(recording, protocol, 30);
    const auto sines = events_of(recording, "head_sine");
    if (sines.empty() || sines.front().values.size() < 2)
        throw_bad_input(protocol + " events", "the recording has no 'head_sine' event",
                        "a head_sine event {amplitude_deg, frequency_hz}");
    const double freq = sines.front().values[1];
    double to = gaze.t_s.back();
    for (const auto& e : events_of(recording, "head_still"))
        if (e.t_s > sines.front().t_s) to = std::min(to, e.t_s);
    const auto head_v = resample(head.t_s, head.vx_deg_s, gaze.t_s);
    return eye_response(gaze, head_v, freq, sines.front().t_s + 0.5 / freq, to);
}
}  // namespace detail

ProtocolInfo vor_sinusoidal_protocol() {
    ProtocolInfo p;
    p.key = names::kVorSinusoidal;
    p.title = "VOR, sinusoidal head rotation";
    p.examiner_instructions =
        "Hold the patient's head and turn it left and right, about +-10 deg at 0.5 Hz (a metronome "
        "tone paces you), for 10 s while the patient looks at the dot straight ahead.";
    p.patient_instructions = "Keep looking at the dot while I turn your head.";
    p.view = View::Eye;
    p.channels = {names::kGaze, names::kHead};
    p.min_rate_hz = 30;
    p.recommended_rate_hz = 120;
    p.duration_s = 11;
    p.limits = "Needs >= 30 Hz and head yaw from the headband; goggle slip lowers the gain.";
    return p;
}

std::vector<StimulusEvent> vor_sinusoidal_schedule(std::uint64_t) {
    return {detail::event(0, "target", "h_deg,v_deg", {0, 0}),
            detail::event(1.0, "head_sine", "amplitude_deg,frequency_hz", {10, 0.5})};
}

ProtocolAnalysis analyse_vor_sinusoidal(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kVorSinusoidal;
    const auto r = detail::head_sine_response(recording, out.protocol);
    detail::FindingList f(out, options);
    f.add("vor_gain", r.fit.gain, "1", r.fit.definition + "_desaccaded", "VOR gain (earth-fixed target)");
    f.add("vor_phase_deg", r.fit.phase_deg, "deg", r.fit.definition + "_desaccaded", "VOR phase (+ eye leads)");
    f.add("quick_phases_per_s", r.saccades / r.seconds, "1/s", "classify_gaze_saccades", "Saccades during rotation");
    return out;
}

}  // namespace purkinje::assess
