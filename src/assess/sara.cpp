#include "purkinje/assess/sara.hpp"

#include <cmath>

namespace purkinje::assess {

int sara_finger_chase_item(double dysmetria_cm, int completed_pointings, const SaraThresholds& t) {
    if (completed_pointings < t.min_pointings || !std::isfinite(dysmetria_cm)) return 4;
    if (dysmetria_cm < t.no_dysmetria_cm) return 0;
    if (dysmetria_cm < 5) return 1;
    if (dysmetria_cm < 15) return 2;
    return 3;
}

int sara_nose_finger_item(double tremor_amplitude_cm, int completed_pointings, const SaraThresholds& t) {
    if (completed_pointings < t.min_pointings || !std::isfinite(tremor_amplitude_cm)) return 4;
    if (tremor_amplitude_cm < t.no_tremor_cm) return 0;
    if (tremor_amplitude_cm < 2) return 1;
    if (tremor_amplitude_cm < 5) return 2;
    return 3;
}

int sara_fast_alternating_item(double period_cv, std::optional<double> time_for_10_cycles_s,
                               const SaraThresholds& t) {
    if (!time_for_10_cycles_s || !std::isfinite(period_cv)) return 4;
    if (*time_for_10_cycles_s > 10 || period_cv >= t.very_irregular_cv) return 3;
    if (period_cv >= t.clearly_irregular_cv) return 2;
    if (period_cv >= t.slightly_irregular_cv) return 1;
    return 0;
}

}  // namespace purkinje::assess
