// Fast alternating hand movements (SARA item 7): pronation-supination on the thigh, 10 cycles, as
// fast and as regular as possible; the hand marker's excursion carries the rhythm.

#include <cmath>

#include "hand_common.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/signal/reach.hpp"

namespace purkinje::assess {

ProtocolInfo fast_alternating_protocol() {
    ProtocolInfo p;
    p.key = names::kFastAlternating;
    p.title = "Fast alternating hand movements (SARA item 7)";
    p.examiner_instructions =
        "Demonstrate about 10 cycles at about 10 cycles in 7 s. The patient sits, hand on the thigh; "
        "the hand camera sees the marker on the back of the hand (or a tapping fingertip) moving in "
        "its image plane. Start on the cue and record 12 s.";
    p.patient_instructions =
        "Turn your hand over and back on your thigh, palm up, palm down, as fast and as evenly as you "
        "can, until the tone stops.";
    p.view = View::Hand;
    p.channels = {names::kHand};
    p.min_rate_hz = 30;
    p.recommended_rate_hz = 60;
    p.duration_s = 12.5;
    p.sara_item = 7;
    p.limits =
        "Needs >= 30 Hz (cycles up to 5 Hz must be seen at 6 samples each); motion blur at low light "
        "loses the marker in fast turns; a marker that turns away from the camera leaves gaps.";
    return p;
}

std::vector<StimulusEvent> fast_alternating_schedule(std::uint64_t) {
    return {detail::event(0.5, "alternation", "duration_s", {12.0})};
}

ProtocolAnalysis analyse_fast_alternating(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kFastAlternating;
    const auto hand = detail::hand_trace(recording, options, out.protocol, fast_alternating_protocol().min_rate_hz);
    // The movement's own axis: the principal axis of the marker positions.
    const auto along = detail::along_principal_axis(hand.x_cm, hand.y_cm);
    const auto summary = signal::detect_cycles(hand.t_s, along);
    const int n = int(summary.cycles.size());
    std::optional<double> time_for_10;
    if (n >= 10) {
        double t = 0;
        for (int k = 0; k < 10; ++k) t += summary.cycles[std::size_t(k)].period_s;
        time_for_10 = t;
    } else {
        out.notes.push_back("fast_alternating: only " + std::to_string(n) + " cycles found, fewer than 10");
    }
    detail::FindingList f(out, options);
    f.add("cycles", n, "{count}", "detect_cycles_hysteresis_maxima", "Alternation cycles");
    if (n >= 2) {
        f.add("alternation_rate_hz", summary.rate_hz, "Hz", "inverse_mean_cycle_period", "Alternation rate");
        f.add("period_cv", summary.period_cv, "1", "sd_over_mean_cycle_period",
              "Irregularity (dysdiadochokinesia): CV of the cycle period");
        f.add("amplitude_decrement", summary.amplitude_decrement, "1", "fitted_first_to_last_cycle_loss",
              "Amplitude decrement over the cycles");
        f.add("amplitude_cm", summary.mean_amplitude, "cm", "mean_cycle_max_to_min", "Cycle amplitude");
    }
    if (time_for_10)
        f.add("time_for_10_cycles_s", *time_for_10, "s", "sum_of_first_10_cycle_periods", "Time for 10 cycles");
    const int item = sara_fast_alternating_item(n >= 2 ? summary.period_cv : NAN, time_for_10, options.sara);
    out.sara_item = item;
    f.add("sara_item_7", item, "{score}", "sara_item7_from_period_cv_and_time",
          "SARA item 7 (fast alternating movements) estimate");
    return out;
}

}  // namespace purkinje::assess
