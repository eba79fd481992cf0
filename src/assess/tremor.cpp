// Postural and rest tremor: the hand held still (arm outstretched, finger before the nose) or
// resting on the lap; Welch peak frequency and band-passed amplitude, and the frequency band it falls
// in (MDS consensus on tremor, Deuschl, Bain & Brin 1998, Mov Disord 13 Suppl 3:2-23).

#include <cmath>

#include "tremor_common.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

ProtocolInfo postural_tremor_protocol() {
    ProtocolInfo p;
    p.key = names::kPosturalTremor;
    p.title = "Postural tremor";
    p.examiner_instructions =
        "The patient holds the arm outstretched, index finger pointing at the target, for 10 s; the "
        "hand camera sees the fingertip marker. Repeat with the finger held just before the nose.";
    p.patient_instructions = "Hold your finger on the dot, as still as you can, until the tone.";
    p.view = View::Hand;
    p.channels = {names::kHand};
    p.min_rate_hz = 25;
    p.recommended_rate_hz = 60;
    p.duration_s = 10;
    p.limits = "Needs >= 25 Hz (tremor up to 10 Hz); camera shake adds to the tremor (use a stand).";
    return p;
}

ProtocolInfo rest_tremor_protocol() {
    ProtocolInfo p = postural_tremor_protocol();
    p.key = names::kRestTremor;
    p.title = "Rest tremor";
    p.examiner_instructions =
        "The patient sits with the hands resting on the lap, fully supported, for 10 s while counting "
        "backwards (distraction brings out a rest tremor); the camera sees the hand marker.";
    p.patient_instructions = "Let your hands rest in your lap and count backwards from 100 aloud.";
    return p;
}

std::vector<StimulusEvent> postural_tremor_schedule(std::uint64_t) {
    return {detail::event(0, "hand_target", "x_cm,y_cm", {0, 0})};
}

std::vector<StimulusEvent> rest_tremor_schedule(std::uint64_t) {
    return {detail::event(0, "cue", "rest: count backwards", {})};
}

ProtocolAnalysis analyse_tremor(const Recording& recording, const std::string& protocol_key,
                                const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = protocol_key;
    const auto hand = detail::hand_trace(recording, options, out.protocol, postural_tremor_protocol().min_rate_hz);
    // Skip the first second: the hand settles after the cue.
    const double from = hand.t_s.front() + std::min(1.0, 0.2 * (hand.t_s.back() - hand.t_s.front()));
    const auto tremor = detail::measure_tremor(hand, {{from, hand.t_s.back() + 1}}, 1.5, 12.0);
    if (!tremor.measured)
        throw_bad_input(protocol_key + " recording", tremor.why_not, "at least 3 s of hand position");
    detail::FindingList f(out, options);
    f.add("tremor_peak_hz", tremor.peak_hz, "Hz", "welch_hann_4s_peak_1.5_12hz", "Tremor peak frequency");
    f.add("tremor_amplitude_cm", tremor.amplitude_cm, "cm", "bandpass_1.5_12hz_median_peak_to_peak",
          "Tremor amplitude (peak to peak)");
    f.add("tremor_rms_cm", tremor.rms_cm, "cm", "bandpass_1.5_12hz_rms", "Tremor RMS");
    f.add("tremor_band_power_cm2", tremor.band_power_cm2, "cm2", "welch_band_power_1.5_12hz", "Tremor band power");
    // Where the peak lies; overlapping bands are named together (a frequency alone never diagnoses).
    std::string band;
    if (tremor.peak_hz < 5) band = "below 5 Hz: the range of cerebellar tremor";
    if (tremor.peak_hz >= 4 && tremor.peak_hz <= 12)
        band += std::string(band.empty() ? "" : "; ") + "4-12 Hz: the range of essential tremor";
    if (protocol_key == names::kRestTremor && tremor.peak_hz >= 4 && tremor.peak_hz <= 6)
        band += "; 4-6 Hz at rest: the range of parkinsonian rest tremor";
    out.notes.push_back(protocol_key + ": tremor peak " + std::to_string(tremor.peak_hz).substr(0, 4) + " Hz, " + band +
                        " (Deuschl et al. 1998, Mov Disord 13 Suppl 3)");
    return out;
}

}  // namespace purkinje::assess
