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

std::vector<double> simulate_reach(const ReachModelParams& params, const ReachSimulationOptions& options,
                                   double distance_cm) {
    const auto p = detail::to_array(params);
    const int steps = static_cast<int>(std::ceil(options.length_s / options.step_s));
    detail::ReachTrajectory<double> trajectory;
    detail::simulate(p.data(), detail::planned_duration(p.data(), distance_cm), options.plant, options.step_s, steps,
                     trajectory);
    return trajectory.x;
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
    std::vector<Reach> out;
    for (int r = 0; r < sampling.reaches; ++r) {
        Reach reach;
        const double d = distance(rng), lead = delay(rng), a = sampling.random_direction ? angle(rng) : 0.0;
        const std::array<double, 3> unit{std::cos(a), std::sin(a), 0.0};
        const auto x = simulate_reach(params, fine, d);
        reach.start_cm = sampling.start_cm;
        for (int k = 0; k < 3; ++k) reach.target_cm[k] = sampling.start_cm[k] + d * unit[k];
        for (int i = 0; i < samples; ++i) {
            const double t = i / sampling.sample_rate_hz;
            const double along = d * detail::interpolate(x, std::max(0.0, (t - lead) / fine.step_s));
            reach.t_s.push_back(t);
            std::array<double, 3> p{};
            for (int k = 0; k < 3; ++k) p[k] = sampling.start_cm[k] + along * unit[k] + noise(rng);
            reach.position_cm.push_back(p);
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
