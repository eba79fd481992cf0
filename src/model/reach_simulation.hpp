#pragma once
// The reach forward model's pieces, generic in the number type so that Ceres differentiates through
// them (Jets) and the plain runs use doubles: the minimum-jerk plan, the feedback gate, the feedforward
// of the internal model, one step of a mass driven through muscle activation, and the closed-loop
// simulation of the model's own reach. Internal to model/: simulate_reach, the sampler, the
// prediction-error fit (reach_prediction.hpp) and its read-outs share them.

#include <algorithm>
#include <array>
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

// A value computed in doubles from the plan time tau and the planned duration, carrying its slopes in
// both into their derivatives when T is a Jet (cheaper than Jets through the polynomials).
template <typename T>
T with_plan_slopes(double value, double d_dtau, double d_dduration, const T& tau, const T& duration) {
    if constexpr (std::is_arithmetic_v<T>) {
        (void)d_dtau, (void)d_dduration, (void)tau, (void)duration;
        return value;
    } else {
        T out(value);
        out.v = d_dtau * tau.v + d_dduration * duration.v;
        return out;
    }
}

// The plan (fractions of the distance) at plan time tau (s since the plan started): position,
// velocity, acceleration. At the start before the plan, at the target after it.
template <typename T>
void plan_at(const T& tau, const T& duration, T& xd, T& vd, T& ad) {
    const double D = value_of(duration), s = value_of(tau) / D;
    if (s <= 0.0 || s >= 1.0) {
        xd = T(s <= 0.0 ? 0.0 : 1.0), vd = T(0), ad = T(0);
        return;
    }
    const double s2 = s * s;
    const double p0 = s2 * s * (10 - 15 * s + 6 * s2), p1 = 30 * s2 * (1 - 2 * s + s2),
                 p2 = 60 * s * (1 - 3 * s + 2 * s2), p3 = 60 * (1 - 6 * s + 6 * s2);
    xd = with_plan_slopes(p0, p1 / D, -p1 * s / D, tau, duration);
    vd = with_plan_slopes(p1 / D, p2 / (D * D), -(s * p2 + p1) / (D * D), tau, duration);
    ad = with_plan_slopes(p2 / (D * D), p3 / (D * D * D), -(s * p3 + 2 * p2) / (D * D * D), tau, duration);
}

// Feedback gain at plan time tau, relative to that at the target: full while the hand is held before
// the plan starts, `feedback_during_reach` while it runs, rising smoothly as it ends. The ramp is in
// the plan's own time, so it moves with the planned duration.
template <typename T>
T feedback_gate(const T& tau, const T& duration, const ReachPlant& plant) {
    if (value_of(tau) < 0) return T(1);
    const double f = plant.feedback_during_reach;
    const double ramp_at = (value_of(tau) - plant.feedback_takeover_start * value_of(duration)) /
                           (plant.feedback_takeover_length * value_of(duration));
    if (ramp_at <= 0) return T(f);
    if (ramp_at >= 1) return T(1);
    return f + (1 - f) * smooth_ramp((tau - plant.feedback_takeover_start * duration) /
                                     (plant.feedback_takeover_length * duration));
}

// The plan over one integration step [tau0, tau0 + h]: the feedforward command of the internal model
// (inverse dynamics with inertia 1 + delta, activation lag included) held at its exact mean over the
// step (differences of the next lower derivative, since the plan's jerk jumps where it ends), and
// the plan's position and velocity at the step's middle. `end` carries the plan at the step's end to
// the next step.
template <typename T>
struct PlanStep {
    T xd, vd, u_ff;
};
template <typename T>
struct PlanPoint {
    T x, v, a;
    bool still = false;  // before or after the plan: x constant, v and a zero
};
template <typename T>
PlanStep<T> plan_step(const T& tau1, const T& duration, const T& one_plus_delta, const ReachPlant& plant, double h,
                      PlanPoint<T>& end) {
    PlanPoint<T> next;
    const double s1 = value_of(tau1) / value_of(duration);
    next.still = s1 <= 0.0 || s1 >= 1.0;
    if (next.still && end.still && (s1 <= 0.0) == (value_of(end.x) <= 0.0)) return {end.x, T(0), T(0)};  // no plan here
    plan_at(tau1, duration, next.x, next.v, next.a);
    const double c = plant.viscosity_per_s, tau = plant.activation_tau_s;
    const T mean_v = (next.x - end.x) * (1 / h), mean_a = (next.v - end.v) * (1 / h), mean_j = (next.a - end.a) * (1 / h);
    PlanStep<T> out{0.5 * (end.x + next.x), 0.5 * (end.v + next.v),
                    one_plus_delta * (mean_a + tau * mean_j) + c * (mean_v + tau * mean_a)};
    end = next;
    return out;
}

// One step h of a mass driven through first-order activation with the command u held:
// x'' = (F - c x') / m, tau F' = u - F. The activation is integrated exactly for the held command,
// velocity and position by the trapezoid rule with the step's mean force. Second order in h: a 5 ms
// step keeps within ~0.1 mm of a 0.5 ms one on a 20 cm reach.
template <typename T>
struct ActivatedMass {
    double h, a, mean_lag;  // step, activation's share per step, lag of the step's mean force
    T keep, inverse_gain, h_over_mass;

    ActivatedMass(const ReachPlant& plant, double step, const T& inverse_mass) : h(step) {
        a = -std::expm1(-h / plant.activation_tau_s);
        mean_lag = plant.activation_tau_s * a / h;
        // Viscosity by the trapezoid rule: v1 (1 + ch/2m) = v0 (1 - ch/2m) + h F / m.
        const T half_damping = (0.5 * plant.viscosity_per_s * h) * inverse_mass;
        keep = 1.0 - half_damping;
        inverse_gain = 1.0 / (1.0 + half_damping);
        h_over_mass = h * inverse_mass;
    }
    template <typename S>
    void step(S& force, S& x, S& v, const S& u) const {
        const S mean_force = u + (force - u) * mean_lag;
        force += a * (u - force);
        const S v1 = (v * keep + h_over_mass * mean_force) * inverse_gain;
        x += (0.5 * h) * (v + v1);
        v = v1;
    }
};

// A series on the integration grid (value at t = i h) read at the middle of step k, `lag` steps back,
// interpolated between steps; `before` ahead of the series' start.
template <typename T>
T delayed(const std::vector<T>& series, int k, const T& lag, const T& before) {
    const double back = k + 0.5 - value_of(lag);
    if (back <= 0) return before;
    const int i0 = static_cast<int>(std::floor(back));
    const int i1 = std::min(i0 + 1, k);
    const auto a = static_cast<std::size_t>(i0), b = static_cast<std::size_t>(i1);
    return series[a] + ((k + 0.5 - i0) - lag) * (series[b] - series[a]);
}

// The internal model's prediction of the hand (mass 1 + delta, the same activation, driven by the
// command as sent), kept as a history so that its change over the feedback delay can be read.
template <typename T>
struct ForwardModel {
    T force{0};
    std::vector<T> x, v;

    void reset(std::size_t steps) {
        for (auto* series : {&x, &v}) {
            series->resize(steps + 1);  // every sample is written before it is read
            series->front() = T(0);
        }
        force = T(0);
    }
    // The Smith predictor's correction at the middle of step k: the model's change over the delay
    // (`lag` steps), from rest before the start.
    void predicted_change(int k, const T& lag, const T& inverse_mass, double c, double h, T& dx, T& dv) const {
        const auto now = static_cast<std::size_t>(k);
        dx = x[now] + (0.5 * h) * v[now] - delayed(x, k, lag, T(0));
        dv = v[now] + (0.5 * h) * (force - c * v[now]) * inverse_mass - delayed(v, k, lag, T(0));
    }
};

// The model's own reach, closed loop, in doubles: hand (x, v) as fractions of the distance at
// t = k h, the plan starting at t = 0 from rest. The feedback sees the hand's own state Delta ago,
// corrected by the forward model: x_fb = x(t - Delta) + w [x_hat(t) - x_hat(t - Delta)].
// `force_noise` (optional, one value per step, fractions of the distance / s^2) is added to the
// command on its way to the muscles, not to the forward model's copy.
struct ReachRun {
    std::vector<double> x, v;
};
void simulate(const double* p, double duration, const ReachPlant& plant, double h, int steps, ReachRun& out,
              const std::vector<double>* force_noise = nullptr);

// Time (s) at which a rising trajectory first passes `level`; nullopt if it never does.
std::optional<double> crossing_time(const std::vector<double>& x, double level, double h);

}  // namespace purkinje::model::detail
