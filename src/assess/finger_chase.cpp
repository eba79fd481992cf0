// Finger chase (SARA item 5): the patient follows the examiner's finger (here: a target on the
// screen or the examiner's marked finger) as it jumps; dysmetria is the miss of each primary movement.

#include <cmath>

#include "hand_common.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

ProtocolInfo finger_chase_protocol() {
    ProtocolInfo p;
    p.key = names::kFingerChase;
    p.title = "Finger chase (SARA item 5)";
    p.examiner_instructions =
        "Seat the patient facing the screen (or sit opposite) with the hand camera seeing the index "
        "fingertip and its marker. The patient's arm starts outstretched. The target jumps to 8 "
        "unpredictable positions about 2 s apart, 10-30 cm apart. Test each hand separately.";
    p.patient_instructions =
        "Point at the dot with your index finger. When it jumps, follow it as fast and as accurately "
        "as you can, and hold your finger still on it until it jumps again.";
    p.view = View::Hand;
    p.channels = {names::kHand};
    p.min_rate_hz = 25;
    p.recommended_rate_hz = 60;
    p.duration_s = 18;
    p.sara_item = 5;
    p.limits =
        "Needs >= 25 Hz (a primary movement lasts ~0.5 s); the marker must stay in view and in focus; "
        "even lighting without flicker; dysmetria is measured in the camera plane only (depth is lost "
        "unless a second camera gives z).";
    return p;
}

std::vector<StimulusEvent> finger_chase_schedule(std::uint64_t seed) {
    auto rng = detail::schedule_rng(seed, 5);
    std::uniform_real_distribution<double> ux(-15, 15), uy(-10, 10), gap(1.8, 2.2);
    std::vector<StimulusEvent> s{detail::event(0, "hand_target", "x_cm,y_cm", {0, 0})};
    double x = 0, y = 0, t = 1.0;
    for (int k = 0; k < 8; ++k, t += gap(rng)) {
        double nx = 0, ny = 0;
        do { nx = ux(rng), ny = uy(rng); } while (std::hypot(nx - x, ny - y) < 10);
        x = nx, y = ny;
        s.push_back(detail::event(t, "hand_target", "x_cm,y_cm", {x, y}));
    }
    return s;
}

ProtocolAnalysis analyse_finger_chase(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kFingerChase;
    const auto info = finger_chase_protocol();
    const auto hand = detail::hand_trace(recording, options, out.protocol, info.min_rate_hz);
    const auto jumps = detail::target_jumps(recording, hand);
    if (jumps.empty())
        throw_bad_input("finger_chase events", "the recording has no target jumps",
                        "'hand_target' events or a 'target' channel");
    const auto pointings = detail::primary_movements(hand, jumps);

    std::vector<double> error, overshoot, reaction, duration, peak_speed, ratio, submovements;
    std::vector<detail::ReachSegment> segments;
    for (const auto& p : pointings) {
        error.push_back(p.endpoint_error_cm);
        overshoot.push_back(p.overshoot_cm);
        reaction.push_back(p.reaction_time_ms);
        duration.push_back(p.primary.duration_s * 1000);
        peak_speed.push_back(p.primary.peak_speed);
        ratio.push_back(p.primary.path_length_ratio);
        submovements.push_back(p.primary.submovements);
        auto seg = detail::reach_segment(hand, p.jump, p.primary.onset_s - 0.05,
                                         std::min(p.jump.until_s, p.primary.onset_s + 1.5));
        seg.start_x = p.primary.start_x, seg.start_y = p.primary.start_y;
        segments.push_back(std::move(seg));
    }
    const int completed = detail::pointings_made(hand, jumps);
    detail::FindingList f(out, options);
    f.add("pointings_completed", completed, "{count}", "hand_within_a_third_of_the_distance",
          "Pointings completed (of " + std::to_string(jumps.size()) + " target jumps)");
    if (!pointings.empty()) {
        const double n_primary = double(pointings.size());
        const double dysmetria = detail::mean(error);
        f.add("endpoint_error_cm", dysmetria, "cm", "mean_primary_endpoint_distance_lowpass_3hz",
              "Dysmetria: primary endpoint to target", dysmetria - 1.96 * detail::sd(error) / std::sqrt(n_primary),
              dysmetria + 1.96 * detail::sd(error) / std::sqrt(n_primary));
        f.add("overshoot_cm", detail::mean(overshoot), "cm", "mean_along_axis_endpoint_error",
              "Over- (+) / undershoot (-) along the movement");
        f.add("reaction_time_ms", detail::median(reaction), "ms", "median_target_jump_to_onset",
              "Reaction time");
        f.add("movement_time_ms", detail::median(duration), "ms", "median_primary_onset_to_offset",
              "Movement time of the primary movement");
        f.add("peak_speed_cm_s", detail::median(peak_speed), "cm/s", "median_primary_peak_speed",
              "Peak speed");
        f.add("path_length_ratio", detail::median(ratio), "1", "median_path_over_straight_distance",
              "Path length / straight distance");
        f.add("submovements", detail::mean(submovements), "{count}", "mean_speed_peaks_per_primary",
              "Submovements per primary movement");
    } else {
        out.notes.push_back("finger_chase: no primary movement answered any target jump");
    }
    const int item = sara_finger_chase_item(pointings.empty() ? NAN : detail::mean(error), completed, options.sara);
    out.sara_item = item;
    f.add("sara_item_5", item, "{score}", "sara_item5_from_endpoint_error",
          "SARA item 5 (finger chase) estimate");
    if (options.fit_models) detail::fit_reach_model_into(segments, out.protocol, out);
    return out;
}

}  // namespace purkinje::assess
