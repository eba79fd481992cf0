#pragma once
// The limb's reach controller along one axis (private to sim): what simulate_limb runs and what
// limb_reach_growth analyses, so that the stability check examines the very equations simulated.

#include <array>
#include <cstddef>
#include <vector>

#include "plants.hpp"
#include "purkinje/sim/patient.hpp"

namespace purkinje::sim::detail {

inline constexpr double kMaxForceN = 60;

// The desired path along one axis and its derivatives, for the feedforward's inverse dynamics.
struct DesiredState {
    double x = 0, v = 0, a = 0, jerk = 0;
};

// A reach along one axis: the minimum-jerk path (Flash & Hogan 1985) from the state the patient
// believes the limb is in (position x0, velocity v0, acceleration a0) to rest at x1, the quintic
// that re-plans a movement from its current state (Hoff & Arbib 1993). From rest (v0 = a0 = 0) it
// is the classic x0 + (x1 - x0)(10 s^3 - 15 s^4 + 6 s^5), s = t / T.
struct AxisPlan {
    double x0 = 0, v0 = 0, a0 = 0, x1 = 0;
    // At time t after the plan's start (duration T): before the start the limb is meant to be at
    // x0, after the end at rest at x1.
    DesiredState at(double t, double duration_s) const;
};

// The loop's constants in SI units.
struct LimbLoop {
    explicit LimbLoop(const LimbParams& p);
    double m, b, tau, m_hat, w, kp, kv, hold_gain, reach_fraction;
    std::size_t delay_steps;
    // The feedback gain t after the start of a plan of duration T: the fraction f of the holding
    // gain while the plan runs, rising smoothly from 0.95 T to 1.35 T to the holding gain
    // (1 + near_target_gain_boost).
    double gain(double t, double duration_s) const;
    // Planned duration of a reach of `distance_cm`.
    double reach_duration_s(const LimbParams& p, double distance_cm) const;
};

// One axis of the hand (point mass, first-order muscle activation) and of the forward model (the
// same plant with the internal model's mass, driven by the command as sent), with the histories
// the Smith predictor reads Delta back.
class LimbAxis {
public:
    LimbAxis(const LimbLoop& loop, double x0);
    // Stores the present state as the newest history entry; call once per step, first.
    void record();
    // Smith estimate: x(t - Delta) + w [x_m(t) - x_m(t - Delta)], likewise the velocity.
    double believed_position() const;
    double believed_velocity() const;
    // The acceleration the command already in flight will give: the efference copy of the muscle
    // activation (the forward model's force) on the internal model, (f_m - b v_est) / m_hat.
    double believed_acceleration() const;
    // Feedforward (inverse dynamics of the internal model, with its activation lag) plus the gated
    // PD feedback on the Smith estimate, clamped at the muscles' ceiling.
    double command(const DesiredState& desired, double gain) const;
    // One 1 ms step: the forward model on the command as sent, the hand on command + noise_n.
    void step(double u, double noise_n);

    double x = 0, v = 0, force = 0;      // the hand (m, m/s, N)
    double xm = 0, vm = 0, fm = 0;       // the forward model
    // The perturbation view used by limb_reach_growth: scales every state and history entry.
    void scale(double factor);
    // Squared size of the state (the forward model's position counted relative to its present).
    double squared_norm() const;
    // Moves the forward model's position and its history so that its present is 0. Only its
    // changes over the delay reach the command, so this changes nothing the loop does; it drops
    // the one direction the loop neither grows nor shrinks (eigenvalue exactly 1), which would
    // otherwise swamp a perturbation that dies out.
    void recentre_model();

private:
    const LimbLoop* loop_;
    std::vector<std::array<double, 4>> history_;  // {x, v, xm, vm}, ring of delay_steps + 1
    std::size_t oldest_ = 0;
};

}  // namespace purkinje::sim::detail
