#pragma once
// The reach forward model's simulation, generic in the number type so that Ceres differentiates
// through it (Jets) and the plain runs use doubles. Internal to model/: simulate_reach, the sampler
// and the fit share it.

#include <algorithm>
#include <cmath>
#include <optional>
#include <type_traits>
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

// A value computed in doubles from the planned duration, carrying d value / d duration into the
// duration's derivatives when T is a Jet.
template <typename T>
T with_duration_slope(double value, double slope, const T& duration) {
    if constexpr (std::is_arithmetic_v<T>) {
        (void)slope;
        (void)duration;
        return value;
    } else {
        T out(value);
        out.v = slope * duration.v;
        return out;
    }
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
    // Every sample is written below: resizing (no refill) keeps the fit's repeated runs cheap.
    for (auto* series : {&x, &v, &xh, &vh}) {
        series->resize(static_cast<std::size_t>(steps) + 1);
        series->front() = T(0);
    }
    // Exact activation over a held command: F += a (u - F); the step's mean force is u + (F - u) m.
    const double a = -std::expm1(-h / tau);
    const double mean_lag = tau * a / h;
    T force(0);  // the forward model sees the same command through the same activation
    const T lag = p[2] / h;  // delay in steps
    const double lag_value = value_of(lag);
    const T one_plus_delta = T(1) + delta;
    const T inverse_mass_hat = T(1) / one_plus_delta;
    const double duration_value = value_of(duration);
    // Viscosity by the trapezoid rule: v' = F - c v  ->  v1 (1 + ch/2) = v0 (1 - ch/2) + h F.
    const double keep = 1 - 0.5 * c * h, inverse_gain = 1 / (1 + 0.5 * c * h);
    const T half_damping_hat = (0.5 * c * h) * inverse_mass_hat;
    const T keep_hat = 1.0 - half_damping_hat, inverse_gain_hat = 1.0 / (1.0 + half_damping_hat);
    const T h_over_mass_hat = h * inverse_mass_hat;
    const double takeover_start = plant.feedback_takeover_start * duration_value;
    const double takeover_length = plant.feedback_takeover_length * duration_value;
    const double gate_floor = plant.feedback_during_reach;
    // The plan at the step's ends, in doubles with its derivative in the duration (cheaper than
    // Jets through the polynomials). The feedforward is held at its mean over the step, which the
    // differences of the next lower derivative give exactly (the plan's jerk jumps where it ends).
    const auto plan_at = [&](double t, T& xd, T& vd, T& ad) {
        const double D = duration_value, s = t / D;
        if (s >= 1.0) {
            xd = T(1), vd = T(0), ad = T(0);
            return;
        }
        const double s2 = s * s;
        const double p0 = s2 * s * (10 - 15 * s + 6 * s2), p1 = 30 * s2 * (1 - 2 * s + s2),
                     p2 = 60 * s * (1 - 3 * s + 2 * s2), p3 = 60 * (1 - 6 * s + 6 * s2);
        xd = with_duration_slope(p0, -p1 * s / D, duration);
        vd = with_duration_slope(p1 / D, -(s * p2 + p1) / (D * D), duration);
        ad = with_duration_slope(p2 / (D * D), -(s * p3 + 2 * p2) / (D * D * D), duration);
    };
    T xd0(0), vd0(0), ad0(0), xd1, vd1, ad1;
    for (int k = 0; k < steps; ++k) {
        const double t = (k + 0.5) * h;
        plan_at((k + 1) * h, xd1, vd1, ad1);
        const T mean_v = (xd1 - xd0) * (1 / h), mean_a = (vd1 - vd0) * (1 / h), mean_j = (ad1 - ad0) * (1 / h);
        const T xd = 0.5 * (xd0 + xd1), vd = 0.5 * (vd0 + vd1);
        xd0 = xd1, vd0 = vd1, ad0 = ad1;
        // Inverse dynamics of the internal model, activation lag included.
        T u = one_plus_delta * (mean_a + tau * mean_j) + c * (mean_v + tau * mean_a);
        const double ramp_at = (t - takeover_start) / takeover_length;
        if (gate_floor > 0 || ramp_at > 0) {
            // State at t - Delta by linear interpolation between steps (rest before the start).
            T x_del(0), v_del(0), xh_del(0), vh_del(0);
            const double back = k + 0.5 - lag_value;
            if (back > 0) {
                const int i0 = static_cast<int>(std::floor(back));
                const T f = (k + 0.5 - i0) - lag;
                const int i1 = std::min(i0 + 1, k);
                x_del = x[i0] + f * (x[i1] - x[i0]);
                v_del = v[i0] + f * (v[i1] - v[i0]);
                xh_del = xh[i0] + f * (xh[i1] - xh[i0]);
                vh_del = vh[i0] + f * (vh[i1] - vh[i0]);
            }
            // The forward model's present state, half a step on.
            const T vh_now = vh[k] + (0.5 * h) * (force - c * vh[k]) * inverse_mass_hat;
            const T xh_now = xh[k] + (0.5 * h) * vh[k];
            const T x_fb = x_del + w * (xh_now - xh_del);
            const T v_fb = v_del + w * (vh_now - vh_del);
            // The gate's ramp in the plan's own time, so it moves with the fitted duration.
            T correction = Kp * (xd - x_fb) + Kv * (vd - v_fb);
            if (ramp_at < 1) {
                const T scale = duration * (1 / duration_value);
                correction *= gate_floor + (1 - gate_floor) * smooth_ramp((t - takeover_start * scale) /
                                                                          (takeover_length * scale));
            }
            u += correction;
        }
        const T mean_force = u + (force - u) * mean_lag;
        force += a * (u - force);
        v[k + 1] = (v[k] * keep + h * mean_force) * inverse_gain;
        x[k + 1] = x[k] + (0.5 * h) * (v[k] + v[k + 1]);
        vh[k + 1] = (vh[k] * keep_hat + h_over_mass_hat * mean_force) * inverse_gain_hat;
        xh[k + 1] = xh[k] + (0.5 * h) * (vh[k] + vh[k + 1]);
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
