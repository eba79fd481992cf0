#pragma once
// SARA limb items estimated from measured kinematics (Schmitz-Hubsch et al. 2006, Neurology 66:1717).
//
// The scale's own cut-offs are used where it gives numbers (item 5: dysmetria < 5 / < 15 / > 15 cm;
// item 6: tremor < 2 / < 5 / > 5 cm; item 7: 10 cycles within 10 s). Where it words a judgement
// ("no dysmetria", "slightly irregular") Purkinje sets a measurable threshold of its own, listed in
// SaraThresholds and in docs/protocols.md; these are Purkinje's choices, not the scale's.

#include <optional>
#include <string>

namespace purkinje::assess {

struct SaraThresholds {
    // Below this the dysmetria / tremor counts as "none": healthy adults miss by ~1 cm (the simulated
    // healthy preset by 1.2 cm) and a rater does not call that dysmetria; 0.5 cm of tremor is not seen.
    double no_dysmetria_cm = 2.0;
    double no_tremor_cm = 0.5;
    // Item 7 irregularity: coefficient of variation of the cycle period.
    double slightly_irregular_cv = 0.10;
    double clearly_irregular_cv = 0.20;
    double very_irregular_cv = 0.35;
    int min_pointings = 5;  // items 5 and 6: fewer completed pointings = unable (4)
};

// Item 5, finger chase: from the mean dysmetria (endpoint error of the primary movement), cm.
int sara_finger_chase_item(double dysmetria_cm, int completed_pointings, const SaraThresholds& t = {});
// Item 6, nose-finger: from the intention tremor amplitude (peak-to-peak near the target), cm.
int sara_nose_finger_item(double tremor_amplitude_cm, int completed_pointings, const SaraThresholds& t = {});
// Item 7, fast alternating movements: the cycle period's coefficient of variation and the time
// taken for 10 cycles (nullopt: fewer than 10 cycles were made).
int sara_fast_alternating_item(double period_cv, std::optional<double> time_for_10_cycles_s,
                               const SaraThresholds& t = {});

inline constexpr const char* kSaraCitation =
    "Schmitz-Hubsch T et al. Scale for the assessment and rating of ataxia: development of a new "
    "clinical scale. Neurology 2006;66:1717-1720";

}  // namespace purkinje::assess
