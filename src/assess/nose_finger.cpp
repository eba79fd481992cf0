// Nose-finger test (SARA item 6): the patient moves the index finger from the nose to the
// examiner's finger and back; intention tremor is the oscillation as the finger nears and holds.

#include <cmath>

#include "tremor_common.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

ProtocolInfo nose_finger_protocol() {
    ProtocolInfo p;
    p.key = names::kNoseFinger;
    p.title = "Nose-finger test (SARA item 6)";
    p.examiner_instructions =
        "Sit opposite the patient and hold your index finger (or the marked target) at about 90% of "
        "the patient's reach, in front of the nose. The hand camera looks from the side so that the "
        "nose-to-finger line lies in its image plane, centred between nose and finger. 8 movements, one every 1.8 s when cued.";
    p.patient_instructions =
        "Touch your nose with your index finger, then my finger, and back, each time you hear the "
        "tone; move at normal speed and hold still at each end.";
    p.view = View::Hand;
    p.channels = {names::kHand};
    p.min_rate_hz = 25;
    p.recommended_rate_hz = 60;
    p.duration_s = 16;
    p.sara_item = 6;
    p.limits =
        "Needs >= 25 Hz to see tremor up to 10 Hz; the marker must stay in view near the nose (glasses "
        "and a beard may hide it); tremor out of the image plane is not measured.";
    return p;
}

// The camera is centred between the nose (-14, -2) and the examiner's finger (14, 2), 28.3 cm apart,
// so that both ends, their overshoot and the tremor about them stay in the image.
std::vector<StimulusEvent> nose_finger_schedule(std::uint64_t) {
    const std::vector<double> nose{-14, -2}, finger{14, 2};
    std::vector<StimulusEvent> s{detail::event(0, "hand_target", "x_cm,y_cm", nose)};
    for (int k = 0; k < 8; ++k) s.push_back(detail::event(1.0 + 1.8 * k, "hand_target", "x_cm,y_cm", k % 2 == 0 ? finger : nose));
    return s;
}

ProtocolAnalysis analyse_nose_finger(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kNoseFinger;
    const auto hand = detail::hand_trace(recording, options, out.protocol, nose_finger_protocol().min_rate_hz);
    const auto jumps = detail::target_jumps(recording, hand);
    if (jumps.empty())
        throw_bad_input("nose_finger events", "the recording has no cues to move",
                        "'hand_target' events or a 'target' channel");
    const auto pointings = detail::primary_movements(hand, jumps);
    // Intention tremor: from 0.1 s after the end of each primary movement (or 0.6 s after the cue) to
    // the next cue. Starting earlier, the 2-10 Hz band-pass turns the movement's own deceleration into
    // "tremor": a healthy hand then reads 0.5 cm (SARA 1) once tracked without added noise.
    std::vector<std::pair<double, double>> holds;
    std::vector<double> error;
    std::vector<detail::ReachSegment> segments;
    for (const auto& jump : jumps) {
        double from = jump.t_s + 0.6;
        for (const auto& p : pointings)
            if (p.jump.t_s == jump.t_s) {
                from = std::max(from, p.primary.offset_s + 0.1);
                error.push_back(p.endpoint_error_cm);
                auto seg = detail::reach_segment(hand, jump, p.primary.onset_s - 0.05,
                                                 std::min(jump.until_s, p.primary.onset_s + 1.5));
                seg.start_x = p.primary.start_x, seg.start_y = p.primary.start_y;
                segments.push_back(std::move(seg));
            }
        if (jump.until_s - 0.05 > from) holds.push_back({from, jump.until_s - 0.05});
    }
    const auto tremor = detail::measure_tremor(hand, holds, 2.0, 10.0);
    const int completed = detail::pointings_made(hand, jumps);
    detail::FindingList f(out, options);
    f.add("pointings_completed", completed, "{count}", "hand_within_a_third_of_the_distance",
          "Movements completed (of " + std::to_string(jumps.size()) + " cues)");
    if (tremor.measured) {
        f.add("tremor_amplitude_cm", tremor.amplitude_cm, "cm", "bandpass_2_10hz_median_peak_to_peak_near_target",
              "Intention tremor amplitude (peak to peak)");
        f.add("tremor_peak_hz", tremor.peak_hz, "Hz", "welch_hann_peak_2_10hz", "Intention tremor frequency");
        f.add("tremor_rms_cm", tremor.rms_cm, "cm", "bandpass_2_10hz_rms_near_target", "Intention tremor RMS");
    } else {
        out.notes.push_back("nose_finger: tremor not measured: " + tremor.why_not);
    }
    if (!error.empty())
        f.add("endpoint_error_cm", detail::mean(error), "cm", "mean_primary_endpoint_distance_lowpass_3hz",
              "Dysmetria: primary endpoint to target");
    const int item = sara_nose_finger_item(tremor.measured ? tremor.amplitude_cm : NAN, completed, options.sara);
    out.sara_item = item;
    f.add("sara_item_6", item, "{score}", "sara_item6_from_tremor_amplitude", "SARA item 6 (nose-finger) estimate");
    if (options.fit_models) detail::fit_reach_model_into(segments, out.protocol, out);
    return out;
}

}  // namespace purkinje::assess
