// The reach forward model run forward: one reach, the model's own sampled reaches, and the
// kinematics (endpoint error, terminal tremor) read off any trajectory.

#include "reach_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "purkinje/signal/filters.hpp"

namespace purkinje::model {

namespace detail {

void simulate(const double* p, double duration, const ReachPlant& plant, double h, int steps, ReachRun& out,
              const std::vector<double>* force_noise) {
    const double w = p[1], Kp = p[3], Kv = p[4], c = plant.viscosity_per_s;
    const double one_plus_delta = 1 + p[0], inverse_mass_hat = 1 / one_plus_delta;
    const ActivatedMass<double> limb(plant, h, 1.0), internal(plant, h, inverse_mass_hat);
    thread_local ForwardModel<double> model;
    model.reset(static_cast<std::size_t>(steps));
    out.x.assign(static_cast<std::size_t>(steps) + 1, 0.0);
    out.v.assign(static_cast<std::size_t>(steps) + 1, 0.0);
    double force = 0;
    const double lag = p[2] / h;  // delay in steps
    PlanPoint<double> end{0, 0, 0};
    for (int k = 0; k < steps; ++k) {
        const double t = (k + 0.5) * h;
        const PlanStep<double> plan = plan_step((k + 1) * h, duration, one_plus_delta, plant, h, end);
        double u = plan.u_ff;
        const double gate = feedback_gate(t, duration, plant);
        if (gate > 0) {
            // The hand Delta ago (rest before the start) and the forward model's change since.
            const double x_sensed = detail::delayed(out.x, k, lag, 0.0), v_sensed = detail::delayed(out.v, k, lag, 0.0);
            double dx, dv;
            model.predicted_change(k, lag, inverse_mass_hat, c, h, dx, dv);
            u += gate * (Kp * (plan.xd - x_sensed - w * dx) + Kv * (plan.vd - v_sensed - w * dv));
        }
        double x = out.x[k], v = out.v[k];
        limb.step(force, x, v, force_noise ? u + (*force_noise)[k] : u);
        out.x[k + 1] = x, out.v[k + 1] = v;
        double xm = model.x[k], vm = model.v[k];
        internal.step(model.force, xm, vm, u);
        model.x[k + 1] = xm, model.v[k + 1] = vm;
    }
}

std::optional<double> crossing_time(const std::vector<double>& x, double level, double h) {
    for (std::size_t k = 1; k < x.size(); ++k)
        if (x[k] >= level && x[k - 1] < level)
            return h * (static_cast<double>(k - 1) + (level - x[k - 1]) / (x[k] - x[k - 1]));
    return std::nullopt;
}

}  // namespace detail

std::vector<double> simulate_reach(const ReachModelParams& params, const ReachSimulationOptions& options,
                                   double distance_cm) {
    const auto p = detail::to_array(params);
    const int steps = static_cast<int>(std::ceil(options.length_s / options.step_s));
    detail::ReachRun run;
    detail::simulate(p.data(), detail::planned_duration(p.data(), distance_cm), options.plant, options.step_s, steps, run);
    return run.x;
}

std::vector<Reach> sample_model_reaches(const ReachModelParams& params, const ReachSampling& sampling) {
    ReachSimulationOptions fine;
    fine.step_s = 0.0005;
    fine.length_s = sampling.duration_s + sampling.max_delay_s;
    fine.plant = sampling.plant;
    std::mt19937 rng(sampling.seed);
    std::normal_distribution<double> noise(0, sampling.noise_cm);
    std::uniform_real_distribution<double> distance(sampling.min_distance_cm, sampling.max_distance_cm),
        delay(sampling.min_delay_s, sampling.max_delay_s), angle(0, 2 * std::numbers::pi);
    const auto samples = static_cast<int>(std::round(sampling.duration_s * sampling.sample_rate_hz));
    std::normal_distribution<double> unit_normal(0, 1);
    std::vector<double> force;
    detail::ReachRun run;
    std::vector<Reach> out;
    for (int r = 0; r < sampling.reaches; ++r) {
        Reach reach;
        const double d = distance(rng), lead = delay(rng), a = sampling.random_direction ? angle(rng) : 0.0;
        const std::array<double, 3> unit{std::cos(a), std::sin(a), 0.0};
        const auto p = detail::to_array(params);
        const int steps = static_cast<int>(std::ceil(fine.length_s / fine.step_s));
        // White force noise held over each step, scaled so that its 10 ms mean has the set SD.
        force.assign(static_cast<std::size_t>(steps), 0.0);
        if (sampling.force_noise_cm_s2 > 0)
            for (double& f : force) f = sampling.force_noise_cm_s2 * std::sqrt(0.01 / fine.step_s) * unit_normal(rng) / d;
        detail::simulate(p.data(), detail::planned_duration(p.data(), d), fine.plant, fine.step_s, steps, run, &force);
        const auto& x = run.x;
        reach.start_cm = sampling.start_cm;
        for (int k = 0; k < 3; ++k) reach.target_cm[k] = sampling.start_cm[k] + d * unit[k];
        for (int i = 0; i < samples; ++i) {
            const double t = i / sampling.sample_rate_hz;
            const double along = d * detail::interpolate(x, std::max(0.0, (t - lead) / fine.step_s));
            reach.t_s.push_back(t);
            std::array<double, 3> position{};
            for (int k = 0; k < 3; ++k) position[k] = sampling.start_cm[k] + along * unit[k] + noise(rng);
            reach.position_cm.push_back(position);
        }
        out.push_back(std::move(reach));
    }
    return out;
}

ReachKinematics reach_kinematics(const std::vector<double>& t_s, const std::vector<double>& along_cm, double distance_cm) {
    ReachKinematics k;
    const std::size_t n = t_s.size();
    if (n < 5 || along_cm.size() != n) return k;
    // Velocity from a quadratic Savitzky-Golay fit over +-25 ms: measurement noise differentiated
    // sample to sample would swamp a tremor.
    const double dt = (t_s.back() - t_s.front()) / static_cast<double>(n - 1);
    const int half = static_cast<int>(std::max(1.0, std::round(0.025 / dt)));
    const std::vector<double> v = signal::savitzky_golay(along_cm, {2 * half + 1, 2}, 1, dt);
    if (v.empty() || !std::isfinite(v.front())) return k;
    const auto peak = static_cast<std::size_t>(std::max_element(v.begin(), v.end()) - v.begin());
    std::size_t end = peak;
    while (end + 1 < n && v[end] > 0.1 * v[peak]) ++end;
    k.endpoint_error_cm = along_cm[end] - distance_cm;
    // Terminal oscillation: from the end of the primary movement on.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t i = end; i < n; ++i) {
        lo = std::min(lo, along_cm[i]);
        hi = std::max(hi, along_cm[i]);
    }
    k.tremor_amplitude_cm = end + 1 < n ? 0.5 * (hi - lo) : 0.0;
    // Half cycles: velocity reversals, each counted only once the velocity has exceeded 5 cm/s
    // in the new direction (hysteresis against noise).
    std::vector<double> reversals;
    int sign = 0;
    for (std::size_t i = end; i < n; ++i) {
        const int now = v[i] > 5.0 ? 1 : (v[i] < -5.0 ? -1 : 0);
        if (now != 0 && now != sign) {
            if (sign != 0) reversals.push_back(t_s[i]);
            sign = now;
        }
    }
    if (reversals.size() >= 3 && k.tremor_amplitude_cm > 0.05) {
        const double half_period = (reversals.back() - reversals.front()) / static_cast<double>(reversals.size() - 1);
        k.tremor_frequency_hz = 0.5 / half_period;
    }
    return k;
}

}  // namespace purkinje::model
