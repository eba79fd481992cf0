// The limb's reach controller along one axis, and the two checks of its stability: the hold loop's
// least damped root (limb_loop_mode) and the growth of a perturbation from reach to reach of the
// gated loop (limb_reach_growth).

#include "limb_loop.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>

#include "purkinje/sim/limb.hpp"
#include "purkinje/sim/movements.hpp"
#include "random.hpp"

namespace purkinje::sim {

namespace detail {

DesiredState AxisPlan::at(double t, double duration_s) const {
    if (t >= duration_s) return {x1, 0, 0, 0};
    if (t <= 0) return {x0, v0, a0, 0};
    // The quintic's coefficients in s = t / T, with V, A the start velocity and acceleration in s.
    const double T = duration_s, s = t / T;
    const double V = v0 * T, A = a0 * T * T, h = x1 - x0 - V - 0.5 * A;
    const double c3 = 10 * h + 4 * V + 3.5 * A, c4 = -15 * h - 7 * V - 6 * A, c5 = 6 * h + 3 * V + 2.5 * A;
    const double s2 = s * s, s3 = s2 * s;
    return {x0 + V * s + 0.5 * A * s2 + c3 * s3 + c4 * s3 * s + c5 * s3 * s2,
            (V + A * s + 3 * c3 * s2 + 4 * c4 * s3 + 5 * c5 * s3 * s) / T,
            (A + 6 * c3 * s + 12 * c4 * s2 + 20 * c5 * s3) / (T * T),
            (6 * c3 + 24 * c4 * s + 60 * c5 * s2) / (T * T * T)};
}

LimbLoop::LimbLoop(const LimbParams& p)
    : m(p.mass_kg),
      b(p.damping_ns_m),
      tau(p.activation_tau_ms / 1000),
      m_hat((1 + p.inertia_error_delta) * p.mass_kg),
      w(p.forward_model_weight_w),
      kp(p.feedback_kp_n_m),
      kv(p.feedback_kv_ns_m),
      hold_gain(1 + p.near_target_gain_boost),
      reach_fraction(p.movement_feedback_fraction),
      delay_steps(std::max<std::size_t>(1, std::size_t(std::llround(p.feedback_delay_ms)))) {}

double LimbLoop::gain(double t, double duration_s) const {
    const double takeover = minimum_jerk((t - 0.95 * duration_s) / (0.4 * duration_s));
    return hold_gain * (reach_fraction + (1 - reach_fraction) * takeover);
}

double LimbLoop::reach_duration_s(const LimbParams& p, double distance_cm) const {
    return std::max(0.25, p.reach_time_s + p.reach_time_per_cm_s * (distance_cm - 10));
}

LimbAxis::LimbAxis(const LimbLoop& loop, double x0)
    : x(x0), xm(x0), loop_(&loop), history_(loop.delay_steps + 1, {x0, 0, x0, 0}) {}

void LimbAxis::record() {
    history_[oldest_] = {x, v, xm, vm};
    oldest_ = (oldest_ + 1) % history_.size();
}

double LimbAxis::believed_position() const {
    const auto& past = history_[oldest_];
    return past[0] + loop_->w * (xm - past[2]);
}

double LimbAxis::believed_velocity() const {
    const auto& past = history_[oldest_];
    return past[1] + loop_->w * (vm - past[3]);
}

double LimbAxis::believed_acceleration() const {
    return (fm - loop_->b * believed_velocity()) / loop_->m_hat;
}

double LimbAxis::command(const DesiredState& d, double gain) const {
    const LimbLoop& l = *loop_;
    const double f_ff = l.m_hat * d.a + l.b * d.v;
    const double u_ff = f_ff + l.tau * (l.m_hat * d.jerk + l.b * d.a);
    const double u_fb = gain * (l.kp * (d.x - believed_position()) + l.kv * (d.v - believed_velocity()));
    // Muscles saturate: an unstable loop ends in a large but bounded tremor.
    return std::clamp(u_ff + u_fb, -kMaxForceN, kMaxForceN);
}

void LimbAxis::step(double u, double noise_n) {
    const LimbLoop& l = *loop_;
    fm += kDt * (u - fm) / l.tau;
    vm += kDt * (fm - l.b * vm) / l.m_hat;
    xm += kDt * vm;
    force += kDt * (u + noise_n - force) / l.tau;
    v += kDt * (force - l.b * v) / l.m;
    x += kDt * v;
}

void LimbAxis::scale(double factor) {
    for (double* s : {&x, &v, &force, &xm, &vm, &fm}) *s *= factor;
    for (auto& entry : history_)
        for (double& s : entry) s *= factor;
}

void LimbAxis::recentre_model() {
    for (auto& entry : history_) entry[2] -= xm;
    xm = 0;
}

double LimbAxis::squared_norm() const {
    // Positions in m, velocities over 0.1 s, forces over the position gain: comparable sizes.
    const double kv_s = 0.1, kf = 1 / loop_->kp;
    double sum = x * x + (kv_s * v) * (kv_s * v) + (kf * force) * (kf * force) + (kv_s * vm) * (kv_s * vm) +
                 (kf * fm) * (kf * fm);
    for (const auto& e : history_)
        sum += e[0] * e[0] + (kv_s * e[1]) * (kv_s * e[1]) + (e[2] - xm) * (e[2] - xm) + (kv_s * e[3]) * (kv_s * e[3]);
    return sum;
}

}  // namespace detail

double LimbLoopMode::damping_ratio() const {
    const double w = 2 * std::numbers::pi * frequency_hz;
    return decay_per_s / std::hypot(decay_per_s, w);
}

LimbLoopMode limb_loop_mode(const LimbParams& p) {
    using C = std::complex<double>;
    const double m = p.mass_kg, b = p.damping_ns_m, tau = p.activation_tau_ms / 1000,
                 delay = p.feedback_delay_ms / 1000, g = 1 + p.near_target_gain_boost,
                 mh = (1 + p.inertia_error_delta) * p.mass_kg, w = p.forward_model_weight_w;
    const auto f = [&](C s) {
        const C e = std::exp(-s * delay);
        const C act = tau * s + 1.0;
        const C G = 1.0 / ((m * s * s + b * s) * act);
        const C Gh = 1.0 / ((mh * s * s + b * s) * act);
        return 1.0 + g * (p.feedback_kp_n_m + p.feedback_kv_ns_m * s) * (e * G + w * (1.0 - e) * Gh);
    };
    LimbLoopMode best;
    for (double re : {-20.0, -8.0, -3.0, 0.0, 3.0})
        for (double hz = 0.5; hz <= 14; hz += 0.75) {
            C s(re, 2 * std::numbers::pi * hz);
            bool ok = false;
            for (int it = 0; it < 80; ++it) {
                const C fs = f(s);
                const C h(1e-7, 0);
                const C d = (f(s + h) - fs) / h;
                if (std::abs(d) == 0.0) break;
                const C step = fs / d;
                s -= step;
                if (std::abs(s) > 400 || s.real() < -80) break;
                if (std::abs(step) < 1e-10) {
                    ok = std::abs(f(s)) < 1e-8;
                    break;
                }
            }
            const double hz_found = s.imag() / (2 * std::numbers::pi);
            if (!ok || hz_found < 0.3 || hz_found > 15) continue;
            if (!best.found || -s.real() < best.decay_per_s) {
                best.found = true;
                best.frequency_hz = hz_found;
                best.decay_per_s = -s.real();
            }
        }
    return best;
}

LimbReachGrowth limb_reach_growth(const LimbParams& p, const std::vector<StimulusEvent>& schedule) {
    // The reach cycles of the schedule: planned duration from the distance between successive
    // targets, and the time to the next target jump (reaction times taken as equal).
    struct Cycle {
        double duration_s, interval_s;
    };
    std::vector<StimulusEvent> jumps;
    double from[2] = {0, 0};
    for (const auto& e : schedule)
        if (e.kind == "hand_target" && e.values.size() >= 2) {
            if (e.t_s <= 0) {
                from[0] = e.values[0];
                from[1] = e.values[1];
            } else {
                jumps.push_back(e);
            }
        }
    std::stable_sort(jumps.begin(), jumps.end(), [](const auto& a, const auto& b) { return a.t_s < b.t_s; });
    const detail::LimbLoop loop(p);
    std::vector<Cycle> cycles;
    for (std::size_t k = 0; k + 1 < jumps.size(); ++k) {
        const double distance = std::hypot(jumps[k].values[0] - from[0], jumps[k].values[1] - from[1]);
        from[0] = jumps[k].values[0];
        from[1] = jumps[k].values[1];
        const double interval = jumps[k + 1].t_s - jumps[k].t_s;
        if (interval >= 0.1) cycles.push_back({loop.reach_duration_s(p, distance), interval});
    }
    LimbReachGrowth out;
    out.reaches = int(cycles.size());
    if (cycles.empty()) return out;

    // Targets at 0 and no noise: what the axis does is the perturbation's own evolution, the
    // homogeneous part of the reach-to-reach map (kept small: the force ceiling never acts). Its
    // mean growth per reach over the schedule's reaches, repeated, is the map's top Lyapunov
    // exponent; a start from a random state reaches it after a few reaches, which are not counted.
    constexpr double kSize = 1e-4;
    detail::Random random(0x11b'5eedull);
    detail::LimbAxis axis(loop, 0);
    for (std::size_t i = 0; i <= loop.delay_steps; ++i) {
        axis.x = random.normal();
        axis.v = random.normal();
        axis.xm = random.normal();
        axis.vm = random.normal();
        axis.record();
    }
    axis.force = random.normal() * loop.kp;
    axis.fm = random.normal() * loop.kp;
    axis.recentre_model();
    axis.scale(kSize / std::sqrt(axis.squared_norm()));
    const std::size_t total = std::clamp<std::size_t>(3 * cycles.size(), 60, 240), settle = total / 4;
    double log_growth = 0;
    for (std::size_t k = 0; k < total; ++k) {
        const Cycle& c = cycles[k % cycles.size()];
        detail::AxisPlan plan;
        const auto steps = std::size_t(std::llround(c.interval_s * detail::kInternalRateHz));
        for (std::size_t i = 0; i < steps; ++i) {
            axis.record();
            if (i == 0) plan = {axis.believed_position(), axis.believed_velocity(), axis.believed_acceleration(), 0};
            const double t = double(i) * detail::kDt;
            axis.step(axis.command(plan.at(t, c.duration_s), loop.gain(t, c.duration_s)), 0);
        }
        axis.recentre_model();
        const double size = std::sqrt(axis.squared_norm());
        if (!(size > 0) || !std::isfinite(size)) return {std::numeric_limits<double>::infinity(), out.reaches};
        if (k >= settle) log_growth += std::log(size / kSize);
        axis.scale(kSize / size);
    }
    out.growth_per_reach = std::exp(log_growth / double(total - settle));
    return out;
}

LimbReachGrowth limb_reach_growth(const LimbParams& limb) {
    return limb_reach_growth(limb, default_schedule(Task::FingerChase, 60, 1));
}

}  // namespace purkinje::sim
