#pragma once
// The reach forward model's one-step prediction of measured reaches: the prediction-error fit's
// residuals. The controller's feedback is driven by the MEASURED hand Delta ago (what the patient's
// sensors reported), the internal model (mass 1 + delta) by the command as sent, and a Kalman filter
// on the limb (unit mass, fixed viscosity and activation, white force noise on the command) predicts
// each sample from the ones before. The model so answers each reach's own error, whatever force noise
// made it, and `w` shows in how the correction responds to that error. Internal to model/.

#include <array>
#include <vector>

#include "reach_simulation.hpp"

namespace purkinje::model::detail {

// One reach as the fit uses it, on a uniform time base (times from its first sample).
struct PreparedReach {
    std::vector<double> t_s, along_cm;  // as measured (t_s from the first sample), for the read-outs
    double distance_cm = 0;
    double interval_s = 0;             // of the uniform series
    std::vector<double> y_cm;          // along the reach, linearly resampled at interval_s
    std::vector<double> x_sensed, v_sensed;  // what the patient sensed (fractions, /s): smoothed hand
    double align_s = 0;                // when the hand passed 10% of the distance
};

// Checks, projects and resamples the measured reaches. Throws BadInput naming the reach and the sample
// for inconsistent, non-finite or too-short input, or a reach that never passes 10% of its distance.
std::vector<PreparedReach> prepare_reaches(const std::vector<Reach>& reaches);

// The hand as the patient sensed it, estimated from the tracker's samples by a Kalman smoother that
// knows no model (position, velocity and acceleration, the acceleration a random walk of density
// `jerk_density`, (cm/s^3)^2 s): fills x_sensed and v_sensed (fractions of the distance) and returns
// -2 log L of the samples under that smoother, by which the fit chooses the density.
double smooth_sensed_hand(PreparedReach& reach, double jerk_density, double position_variance);

// The sensed hand (fractions) at fractional sample `index`: cubic Hermite on the smoothed position and
// velocity, so that its slope in the delay is continuous; held before the first sample.
template <typename T>
void sensed_hand(const PreparedReach& r, const T& index, T& x, T& v) {
    const double i = value_of(index);
    const auto last = r.x_sensed.size() - 1;
    if (i <= 0 || i >= static_cast<double>(last)) {
        const std::size_t k = i <= 0 ? 0 : last;
        x = T(r.x_sensed[k]), v = T(r.v_sensed[k]);
        return;
    }
    const auto i0 = static_cast<std::size_t>(i);
    const T s = index - static_cast<double>(i0);
    const double x0 = r.x_sensed[i0], x1 = r.x_sensed[i0 + 1], m0 = r.v_sensed[i0] * r.interval_s,
                 m1 = r.v_sensed[i0 + 1] * r.interval_s;
    x = x0 + s * (m0 + s * ((3 * (x1 - x0) - 2 * m0 - m1) + s * (2 * (x0 - x1) + m0 + m1)));
    v = r.v_sensed[i0] + s * (r.v_sensed[i0 + 1] - r.v_sensed[i0]);
}

// The limb's Kalman filter. Its dynamics are fixed (unit mass, ReachPlant's viscosity and activation),
// so its gains do not depend on the fitted parameters: computed once per fit, for the longest reach.
struct LimbFilter {
    double step_s = 0;                       // integration step h
    int substeps = 1;                        // steps per sample interval
    std::vector<std::array<double, 3>> gain; // per sample, on [x, v, F]
    std::vector<double> weight;              // sqrt(S_steady / S_i): residuals in cm of the steady state
    std::vector<double> log_variance;        // log S_i, for the likelihood
    double steady_variance = 0;              // S of the last sample (cm^2)
};

// force_noise_density: (cm/s^2)^2 s on the command; position_variance: of the measurement (cm^2).
LimbFilter make_limb_filter(const ReachPlant& plant, double interval_s, int substeps, int samples,
                            double force_noise_density, double position_variance);

// The one-step prediction errors (cm, weighted to the steady state's scale) of one reach, for the
// loop parameters p[0..4] (delta, w, Delta, Kp, Kv), the reach's planned duration and its plan onset
// (s from the first sample). Before the plan the hand is held at its start with the full feedback gain.
template <typename T>
void prediction_errors(const T* p, const T& duration, const T& onset, const PreparedReach& reach,
                       const LimbFilter& filter, const ReachPlant& plant, T* residual) {
    const T& w = p[1];
    const T& Kp = p[3];
    const T& Kv = p[4];
    const T one_plus_delta = T(1) + p[0];
    const T inverse_mass_hat = T(1) / one_plus_delta;
    const double h = filter.step_s, c = plant.viscosity_per_s, distance = reach.distance_cm;
    const int n = static_cast<int>(reach.y_cm.size()), k = filter.substeps;
    const ActivatedMass<double> limb(plant, h, 1.0);
    const ActivatedMass<T> internal(plant, h, inverse_mass_hat);
    // Kept between calls: allocating them anew costs more than the prediction (page faults).
    thread_local ForwardModel<T> model;
    model.reset(static_cast<std::size_t>((n - 1) * k));
    const T lag = p[2] * (1 / h);                    // delay in steps
    const T lag_samples = p[2] * (1 / reach.interval_s);
    T x(reach.y_cm[0]), v(0), force(0);              // the filter's prediction of the hand (cm)
    PlanPoint<T> end;
    plan_at(T(0) - onset, duration, end.x, end.v, end.a);
    end.still = value_of(onset) >= 0;
    for (int i = 0; i < n; ++i) {
        const T error = reach.y_cm[static_cast<std::size_t>(i)] - x;
        residual[i] = error * filter.weight[static_cast<std::size_t>(i)];
        if (i + 1 == n) break;
        const auto& K = filter.gain[static_cast<std::size_t>(i)];
        x += K[0] * error, v += K[1] * error, force += K[2] * error;
        for (int j = 0; j < k; ++j) {
            const int g = i * k + j;
            const double t = (g + 0.5) * h;
            const PlanStep<T> plan = plan_step(T((g + 1) * h) - onset, duration, one_plus_delta, plant, h, end);
            T u = plan.u_ff;
            const T gate = feedback_gate(T(t) - onset, duration, plant);
            if (value_of(gate) > 0) {
                T x_sensed, v_sensed, dx, dv;
                sensed_hand(reach, T(t / reach.interval_s) - lag_samples, x_sensed, v_sensed);
                model.predicted_change(g, lag, inverse_mass_hat, c, h, dx, dv);
                u += gate * (Kp * (plan.xd - x_sensed - w * dx) + Kv * (plan.vd - v_sensed - w * dv));
            }
            T xm = model.x[static_cast<std::size_t>(g)], vm = model.v[static_cast<std::size_t>(g)];
            internal.step(model.force, xm, vm, u);
            model.x[static_cast<std::size_t>(g) + 1] = xm, model.v[static_cast<std::size_t>(g) + 1] = vm;
            const T u_cm = u * distance;
            limb.step(force, x, v, u_cm);
        }
    }
}

}  // namespace purkinje::model::detail
