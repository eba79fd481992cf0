#pragma once
// The reach forward model's simulation, generic in the number type so that Ceres differentiates
// through it (Jets) and the plain runs use doubles. Internal to model/: simulate_reach, the sampler
// and the fit share it.

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "interpolate.hpp"
#include "purkinje/model/reach_model.hpp"

namespace purkinje::model::detail {

constexpr int kReachParams = 7;  // delta, w, Delta_s, Kp, Kv, duration_s, duration_per_cm_s
constexpr double kShortestPlanS = 0.2;

inline std::array<double, kReachParams> to_array(const ReachModelParams& p) {
    return {p.delta, p.w, p.Delta_s, p.Kp, p.Kv, p.duration_s, p.duration_per_cm_s};
}
inline ReachModelParams from_array(const std::array<double, kReachParams>& a) {
    return {a[0], a[1], a[2], a[3], a[4], a[5], a[6]};
}

// Minimum-jerk ramp 0 -> 1 over s in [0, 1].
template <typename T>
T smooth_ramp(const T& s) {
    if (value_of(s) <= 0) return T(0);
    if (value_of(s) >= 1) return T(1);
    return s * s * s * (T(10) - T(15) * s + T(6) * s * s);
}

// Planned duration of a reach of `distance_cm`.
template <typename T>
T planned_duration(const T* p, double distance_cm) {
    const T d = p[5] + p[6] * T(distance_cm - kReferenceReachCm);
    return value_of(d) < kShortestPlanS ? T(kShortestPlanS) : d;
}

// Trajectory of the hand (x, v) and of the internal model's prediction (xh, vh), as fractions of the
// reach, at t = k h; the plan starts at t = 0 from rest.
template <typename T>
struct ReachTrajectory {
    std::vector<T> x, v, xh, vh;
};

// Unit true mass, viscosity c, first-order activation tau: x'' = F - c x', tau F' = u - F.
// The command is held over each step of length h: the feedforward at its exact mean over the step,
// the feedback evaluated at the step's middle (gate and delayed state at t + h/2); the activation is
// integrated exactly for a held command, velocity and position by the trapezoid rule
// with the step's mean force. Second order in h: a 5 ms step keeps within ~0.1 mm of a 0.5 ms one on
// a 20 cm reach.
template <typename T>
void simulate(const T* p, const T& duration, const ReachPlant& plant, double h, int steps, ReachTrajectory<T>& out) {
    const T& delta = p[0];
    const T& w = p[1];
    const T& Kp = p[3];
    const T& Kv = p[4];
    const double c = plant.viscosity_per_s, tau = plant.activation_tau_s;
    auto& x = out.x;
    auto& v = out.v;
    auto& xh = out.xh;
    auto& vh = out.vh;
    x.assign(steps + 1, T(0));
    v.assign(steps + 1, T(0));
    xh.assign(steps + 1, T(0));
    vh.assign(steps + 1, T(0));
    // Exact activation over a held command: F += a (u - F); the step's mean force is u + (F - u) m.
    const double a = -std::expm1(-h / tau);
    const double mean_lag = tau * a / h;
    T force(0);  // the forward model sees the same command through the same activation
    const T lag = p[2] / h;  // delay in steps
    const double lag_value = value_of(lag);
    const T one_plus_delta = T(1) + delta;
    const T inverse_mass_hat = T(1) / one_plus_delta;
    const T inverse_duration = T(1) / duration;
    // Viscosity by the trapezoid rule: v' = F - c v  ->  v1 (1 + ch/2) = v0 (1 - ch/2) + h F.
    const double keep = 1 - 0.5 * c * h, inverse_gain = 1 / (1 + 0.5 * c * h);
    const T half_damping_hat = T(0.5 * c * h) * inverse_mass_hat;
    const T keep_hat = T(1) - half_damping_hat, inverse_gain_hat = T(1) / (T(1) + half_damping_hat);
    const T takeover_start = T(plant.feedback_takeover_start) * duration;
    const T inverse_takeover_length = inverse_duration / T(plant.feedback_takeover_length);
    const double gate_floor = plant.feedback_during_reach;
    // The plan at the step's ends: the feedforward is held at its mean over the step, which the
    // differences of the next lower derivative give exactly (the plan's jerk jumps where it ends).
    const auto plan_at = [&](double t, T& xd, T& vd, T& ad) {
        const T s = T(t) * inverse_duration;
        if (value_of(s) >= 1.0) {
            xd = T(1), vd = T(0), ad = T(0);
            return;
        }
        const T s2 = s * s, s3 = s2 * s;
        xd = s3 * (T(10) - T(15) * s + T(6) * s2);
        vd = T(30) * s2 * (T(1) - T(2) * s + s2) * inverse_duration;
        ad = T(60) * s * (T(1) - T(3) * s + T(2) * s2) * inverse_duration * inverse_duration;
    };
    T xd0(0), vd0(0), ad0(0), xd1, vd1, ad1;
    for (int k = 0; k < steps; ++k) {
        const double t = (k + 0.5) * h;
        plan_at((k + 1) * h, xd1, vd1, ad1);
        const T mean_v = (xd1 - xd0) * T(1 / h), mean_a = (vd1 - vd0) * T(1 / h), mean_j = (ad1 - ad0) * T(1 / h);
        const T xd = T(0.5) * (xd0 + xd1), vd = T(0.5) * (vd0 + vd1);
        xd0 = xd1, vd0 = vd1, ad0 = ad1;
        // Inverse dynamics of the internal model, activation lag included.
        T u = one_plus_delta * (mean_a + T(tau) * mean_j) + T(c) * (mean_v + T(tau) * mean_a);
        const T ramp = smooth_ramp((T(t) - takeover_start) * inverse_takeover_length);
        const double ramp_value = value_of(ramp);
        if (gate_floor > 0 || ramp_value > 0) {
            // State at t - Delta by linear interpolation between steps (rest before the start).
            T x_del(0), v_del(0), xh_del(0), vh_del(0);
            const double back = k + 0.5 - lag_value;
            if (back > 0) {
                const int i0 = static_cast<int>(std::floor(back));
                const T f = T(k + 0.5) - lag - T(i0);
                const int i1 = std::min(i0 + 1, k);
                x_del = x[i0] + f * (x[i1] - x[i0]);
                v_del = v[i0] + f * (v[i1] - v[i0]);
                xh_del = xh[i0] + f * (xh[i1] - xh[i0]);
                vh_del = vh[i0] + f * (vh[i1] - vh[i0]);
            }
            // The forward model's present state, half a step on.
            const T vh_now = vh[k] + T(0.5 * h) * (force - T(c) * vh[k]) * inverse_mass_hat;
            const T xh_now = xh[k] + T(0.5 * h) * vh[k];
            const T x_fb = x_del + w * (xh_now - xh_del);
            const T v_fb = v_del + w * (vh_now - vh_del);
            const T gate = T(gate_floor) + T(1 - gate_floor) * ramp;
            u += gate * (Kp * (xd - x_fb) + Kv * (vd - v_fb));
        }
        const T mean_force = u + (force - u) * T(mean_lag);
        force += T(a) * (u - force);
        v[k + 1] = (v[k] * T(keep) + T(h) * mean_force) * T(inverse_gain);
        x[k + 1] = x[k] + T(0.5 * h) * (v[k] + v[k + 1]);
        vh[k + 1] = (vh[k] * keep_hat + T(h) * mean_force * inverse_mass_hat) * inverse_gain_hat;
        xh[k + 1] = xh[k] + T(0.5 * h) * (vh[k] + vh[k + 1]);
    }
}

// Time (s) at which a rising trajectory first passes `level`; nullopt if it never does.
template <typename T>
std::optional<T> crossing_time(const std::vector<T>& x, double level, double h) {
    for (std::size_t k = 1; k < x.size(); ++k)
        if (value_of(x[k]) >= level && value_of(x[k - 1]) < level)
            return T(h) * (T(static_cast<double>(k - 1)) + (T(level) - x[k - 1]) / (x[k] - x[k - 1]));
    return std::nullopt;
}

}  // namespace purkinje::model::detail
