// VOR cancellation (suppression): the head turns with a head-fixed target, so any eye movement in
// the head is VOR the cerebellum (flocculus) failed to cancel.

#include "eye_sinusoid.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

ProtocolInfo vor_cancellation_protocol() {
    ProtocolInfo p;
    p.key = names::kVorCancellation;
    p.title = "VOR cancellation";
    p.examiner_instructions =
        "As for the sinusoidal VOR, but the dot moves with the head (the patient fixates the thumbs "
        "of outstretched clasped hands, or the goggle's head-fixed laser): turn the head +-10 deg at 0.5 Hz.";
    p.patient_instructions = "Look at your thumbs (the dot) and keep looking as your head turns.";
    p.view = View::Eye;
    p.channels = {names::kGaze, names::kHead};
    p.min_rate_hz = 30;
    p.recommended_rate_hz = 120;
    p.duration_s = 11;
    p.limits = "Needs >= 30 Hz and head yaw; the target must truly move with the head.";
    return p;
}

std::vector<StimulusEvent> vor_cancellation_schedule(std::uint64_t) {
    return {detail::event(0, "target_head_fixed", "h_deg,v_deg", {0, 0}),
            detail::event(1.0, "head_sine", "amplitude_deg,frequency_hz", {10, 0.5})};
}

ProtocolAnalysis analyse_vor_cancellation(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kVorCancellation;
    const auto r = detail::head_sine_response(recording, out.protocol);
    detail::FindingList f(out, options);
    f.add("residual_vor_gain", r.fit.gain, "1", r.fit.definition + "_desaccaded",
          "Residual VOR gain with a head-fixed target (0 = fully cancelled)");
    f.add("vor_suppression_percent", 100 * (1 - r.fit.gain), "%", "100*(1-residual_gain)", "VOR suppression");
    f.add("saccades_per_s", r.saccades / r.seconds, "1/s", "classify_gaze_saccades", "Saccades during rotation");
    return out;
}

}  // namespace purkinje::assess
