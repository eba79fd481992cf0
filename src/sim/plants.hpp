#pragma once
// The plant models behind simulate_movements (private to sim).

#include <vector>

#include "purkinje/core/channel.hpp"
#include "purkinje/sim/movements.hpp"
#include "random.hpp"

namespace purkinje::sim::detail {

inline constexpr double kInternalRateHz = 1000.0;
inline constexpr double kDt = 1.0 / kInternalRateHz;

// Minimum-jerk position fraction s(tau) for tau in [0,1], and its derivative ds/dtau.
inline double minimum_jerk(double tau) {
    if (tau <= 0) return 0;
    if (tau >= 1) return 1;
    return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
}
inline double minimum_jerk_rate(double tau) {
    if (tau <= 0 || tau >= 1) return 0;
    return 30 * tau * tau * (1 - tau) * (1 - tau);
}

// Eyes and head: saccades, pursuit, VOR, gaze holding, fixation, blinks.
void simulate_eyes_and_head(const PatientParams& patient, const std::vector<StimulusEvent>& schedule,
                            double seconds, Random& random, Movements& out);

// The planar limb and the alternating-movement rhythm.
void simulate_limb(const PatientParams& patient, const std::vector<StimulusEvent>& schedule,
                   double seconds, Random& random, Movements& out);

}  // namespace purkinje::sim::detail
