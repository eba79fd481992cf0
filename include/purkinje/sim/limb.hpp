#pragma once
// The limb's feedback loop as a linear system, for the truth of the tremor it makes.
//
// Plant m x'' + b x' = F, muscle activation tau F' + F = u, feedback u = -g C(s) x_est with
// C(s) = Kp + Kv s and g = 1 + near_target_gain_boost (at the target), and the Smith-predictor
// estimate x_est = e^{-s Delta} x + w (1 - e^{-s Delta}) x_model, where the forward model runs the
// plant with the internal model's mass (1 + delta) m. The loop's characteristic equation is
//   1 + g C(s) [ e^{-s Delta} G(s) + w (1 - e^{-s Delta}) G_hat(s) ] = 0,
//   G(s) = 1 / ((m s^2 + b s)(tau s + 1)),  G_hat with (1 + delta) m.
// Its least damped oscillatory root is the intention tremor: frequency Im(s)/2pi, decay -Re(s).

#include <vector>

#include "purkinje/core/channel.hpp"
#include "purkinje/sim/patient.hpp"

namespace purkinje::sim {

struct LimbLoopMode {
    double frequency_hz = 0;   // Im(s) / 2 pi
    double decay_per_s = 0;    // -Re(s): > 0 damped, < 0 growing
    double damping_ratio() const;
    bool found = false;
};

// The least damped oscillatory mode between 0.3 and 15 Hz of the loop holding at the target.
LimbLoopMode limb_loop_mode(const LimbParams& limb);

// The gated loop over a series of reaches. During a reach the feedback is off (or at the fraction
// movement_feedback_fraction) and takes over again at its end, so the loop is time-varying: a
// perturbation of the limb's state can grow from one reach to the next although the loop holding
// at the target is stable (limb_loop_mode). growth_per_reach is the geometric mean factor by which
// the noise-free, linear loop multiplies a perturbation per reach, on the schedule's own reach
// durations and target intervals (its hand_target events, repeated; reaction times taken equal):
// above 1 the hand wanders off, bounded only by the force ceiling, and simulate_movements refuses
// the patient.
struct LimbReachGrowth {
    double growth_per_reach = 0;
    int reaches = 0;    // reach cycles the schedule has (0: nothing was checked)
};
LimbReachGrowth limb_reach_growth(const LimbParams& limb, const std::vector<StimulusEvent>& schedule);
// The same on the default 60 s finger chase (seed 1).
LimbReachGrowth limb_reach_growth(const LimbParams& limb);

}  // namespace purkinje::sim
