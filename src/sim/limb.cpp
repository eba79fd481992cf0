// The planar limb at 1 kHz: a point mass driven through first-order muscle activation by a
// feedforward command from an internal model with inertia error delta on a minimum-jerk plan,
// plus delayed PD feedback on a Smith-predictor state estimate of weight w, with signal-dependent
// force noise. Fast alternating movements are a rhythm generator with set rate, irregularity and
// decrement (they are not produced by the reach controller).

#include "purkinje/sim/limb.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <deque>
#include <numbers>

#include "plants.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::sim {

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

namespace detail {
namespace {

constexpr double kMaxForceN = 60;

struct Plan {
    double start_s = 0, duration_s = 1;
    double x0[2] = {0, 0}, x1[2] = {0, 0};
    // Desired position, velocity, acceleration and jerk of component c at time t.
    void at(double t, int c, double& x, double& v, double& a, double& j) const {
        const double T = duration_s, tau = std::clamp((t - start_s) / T, 0.0, 1.0);
        const double d = x1[c] - x0[c];
        const bool moving = t > start_s && t < start_s + T;
        x = x0[c] + d * minimum_jerk(tau);
        v = moving ? d / T * 30 * tau * tau * (1 - tau) * (1 - tau) : 0;
        a = moving ? d / (T * T) * 60 * tau * (1 - tau) * (1 - 2 * tau) : 0;
        j = moving ? d / (T * T * T) * 60 * (1 - 6 * tau + 6 * tau * tau) : 0;
    }
    double progress(double t) const { return minimum_jerk((t - start_s) / duration_s); }
};

void simulate_alternation(const LimbParams& p, double start_s, double duration_s, double seconds,
                          Random& random, Channel& hand, Channel& target) {
    const std::size_t n = std::size_t(std::llround(seconds * kInternalRateHz));
    double phase = 0, cycle_period = 1 / p.alternation_rate_hz, cycle_amplitude = p.alternation_amplitude_cm;
    double wobble = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = i * kDt;
        double x = 0;
        if (t >= start_s && t < start_s + duration_s) {
            const double decay = std::max(0.1, 1 - p.alternation_decrement * (t - start_s) / 10);
            x = 0.5 * cycle_amplitude * decay * std::sin(phase);
            const double before = phase;
            phase += 2 * std::numbers::pi * kDt / cycle_period;
            if (std::floor(phase / (2 * std::numbers::pi)) != std::floor(before / (2 * std::numbers::pi))) {
                // A new cycle: its own period and size (dysdiadochokinesia is irregular in both).
                cycle_period = std::max(0.3, 1 + p.alternation_irregularity * random.normal()) /
                               p.alternation_rate_hz;
                cycle_amplitude = p.alternation_amplitude_cm *
                                  std::max(0.2, 1 + p.alternation_irregularity * random.normal());
            }
        }
        wobble += -wobble * kDt / 0.2 + 0.05 * std::sqrt(kDt) * random.normal();
        hand.push_back(t, {float(x), float(wobble)});
        target.push_back(t, {0.f, 0.f});
    }
}

}  // namespace

void simulate_limb(const PatientParams& patient, const std::vector<StimulusEvent>& schedule,
                   double seconds, Random& random, Movements& out) {
    const LimbParams& p = patient.limb;
    const std::size_t n = std::size_t(std::llround(seconds * kInternalRateHz));
    Channel hand("hand_truth", kInternalRateHz, {{"x_cm", "cm"}, {"y_cm", "cm"}});
    Channel target("target", kInternalRateHz, {{"x_cm", "cm"}, {"y_cm", "cm"}});
    hand.reserve(n);
    target.reserve(n);
    const LimbLoopMode mode = limb_loop_mode(p);
    out.tremor_frequency_hz = mode.frequency_hz;

    for (std::size_t k = 0; k < schedule.size(); ++k)
        if (schedule[k].kind == "alternation") {
            const double duration = schedule[k].values.empty() ? seconds : schedule[k].values[0];
            simulate_alternation(p, schedule[k].t_s, duration, seconds, random, hand, target);
            out.truth.channels.push_back(std::move(hand));
            out.truth.channels.push_back(std::move(target));
            return;
        }

    // A loop that grows is not a tremor but a runaway, bounded only by the force ceiling.
    if (mode.found && mode.decay_per_s < 0)
        throw Error(ErrorKind::Unsupported,
                    "the limb's feedback loop is unstable with w = " + std::to_string(p.forward_model_weight_w) +
                        " and delta = " + std::to_string(p.inertia_error_delta) + ": its " +
                        std::to_string(mode.frequency_hz) + " Hz mode grows by " +
                        std::to_string(-mode.decay_per_s) + "/s",
                    "patient '" + patient.name + "', limb parameters",
                    "a larger w, a smaller |delta| or smaller feedback gains (see limb_loop_mode)");

    // SI units inside: metres, kilograms, newtons.
    const double m = p.mass_kg, b = p.damping_ns_m, tau = p.activation_tau_ms / 1000;
    const double m_hat = (1 + p.inertia_error_delta) * m;
    const std::size_t delay = std::max<std::size_t>(1, std::size_t(std::llround(p.feedback_delay_ms)));
    const double w = p.forward_model_weight_w;

    double x[2] = {0, 0}, v[2] = {0, 0}, force[2] = {0, 0};
    double xm[2] = {0, 0}, vm[2] = {0, 0}, fm[2] = {0, 0};   // forward model (efference copy)
    for (const auto& e : schedule)
        if (e.kind == "hand_target" && e.t_s <= 0 && e.values.size() >= 2) {
            x[0] = xm[0] = e.values[0] / 100;
            x[1] = xm[1] = e.values[1] / 100;
        }
    // Histories for the delayed feedback: actual and modelled state, `delay` steps back.
    std::deque<std::array<double, 4>> sensed, modelled;
    Plan plan;
    plan.x0[0] = plan.x1[0] = x[0];
    plan.x0[1] = plan.x1[1] = x[1];
    plan.start_s = -1;
    std::size_t cursor = 0;
    double pending_start = -1, pending_target[2] = {0, 0};
    double shown[2] = {100 * x[0], 100 * x[1]};  // the target on show, cm

    for (std::size_t i = 0; i < n; ++i) {
        const double t = i * kDt;
        for (; cursor < schedule.size() && schedule[cursor].t_s <= t; ++cursor) {
            const auto& e = schedule[cursor];
            if (e.kind != "hand_target") continue;
            if (e.values.size() < 2)
                throw_bad_input("stimulus event " + std::to_string(cursor) + " ('hand_target')",
                                "has fewer than 2 values", "x_cm, y_cm");
            if (e.t_s <= 0) continue;
            pending_start = t + std::max(0.1, random.normal(p.reaction_time_ms, 30) / 1000);
            pending_target[0] = e.values[0] / 100;
            pending_target[1] = e.values[1] / 100;
            shown[0] = e.values[0];
            shown[1] = e.values[1];
            out.reaches.push_back({e.t_s, e.values[0], e.values[1], x[0] * 100, x[1] * 100});
        }
        if (pending_start >= 0 && t >= pending_start) {
            // The plan starts where the patient believes the hand is (the Smith estimate).
            plan.start_s = t;
            const auto& xs = sensed.empty() ? std::array<double, 4>{x[0], x[1], v[0], v[1]} : sensed.front();
            const auto& xd = modelled.empty() ? std::array<double, 4>{xm[0], xm[1], vm[0], vm[1]} : modelled.front();
            for (int c = 0; c < 2; ++c) {
                plan.x0[c] = xs[std::size_t(c)] + w * (xm[c] - xd[std::size_t(c)]);
                plan.x1[c] = pending_target[c];
            }
            const double distance_cm = 100 * std::hypot(plan.x1[0] - plan.x0[0], plan.x1[1] - plan.x0[1]);
            plan.duration_s = std::max(0.25, p.reach_time_s + p.reach_time_per_cm_s * (distance_cm - 10));
            pending_start = -1;
        }

        // A reach runs on its feedforward command: the delayed feedback is too slow to steer it.
        // Feedback takes over toward the end of the plan, stiffer than at rest, since precision
        // matters at the target (and there a loop without its forward model starts to ring).
        const double hold_gain = 1 + p.near_target_gain_boost;
        const double takeover = minimum_jerk((t - plan.start_s - 0.95 * plan.duration_s) / (0.4 * plan.duration_s));
        const double gain = hold_gain * (p.movement_feedback_fraction + (1 - p.movement_feedback_fraction) * takeover);
        sensed.push_back({x[0], x[1], v[0], v[1]});
        modelled.push_back({xm[0], xm[1], vm[0], vm[1]});
        if (sensed.size() > delay + 1) {
            sensed.pop_front();
            modelled.pop_front();
        }
        const auto& xs = sensed.front();    // state Delta ago (or the oldest there is)
        const auto& xd = modelled.front();

        double u[2];
        for (int c = 0; c < 2; ++c) {
            double xd_c, vd_c, ad_c, jd_c;
            plan.at(t, c, xd_c, vd_c, ad_c, jd_c);
            // Feedforward: inverse dynamics of the internal model (with its activation lag).
            const double f_ff = m_hat * ad_c + b * vd_c;
            const double u_ff = f_ff + tau * (m_hat * jd_c + b * ad_c);
            // Smith predictor: delayed measurement plus w times the model's change over the delay.
            const double x_est = xs[std::size_t(c)] + w * (xm[c] - xd[std::size_t(c)]);
            const double v_est = xs[std::size_t(c) + 2] + w * (vm[c] - xd[std::size_t(c) + 2]);
            const double u_fb = gain * (p.feedback_kp_n_m * (xd_c - x_est) + p.feedback_kv_ns_m * (vd_c - v_est));
            // Muscles saturate: an unstable loop ends in a large but bounded tremor.
            u[c] = std::clamp(u_ff + u_fb, -kMaxForceN, kMaxForceN);
        }
        for (int c = 0; c < 2; ++c) {
            // The forward model sees the command as sent; the muscles add noise to it.
            fm[c] += kDt * (u[c] - fm[c]) / tau;
            vm[c] += kDt * (fm[c] - b * vm[c]) / m_hat;
            xm[c] += kDt * vm[c];
            const double noisy = u[c] + (p.signal_dependent_noise * std::abs(u[c]) + p.constant_noise_n) *
                                            random.normal() * std::sqrt(kInternalRateHz / 100);
            force[c] += kDt * (noisy - force[c]) / tau;
            v[c] += kDt * (force[c] - b * v[c]) / m;
            x[c] += kDt * v[c];
        }
        hand.push_back(t, {float(100 * x[0]), float(100 * x[1])});
        target.push_back(t, {float(shown[0]), float(shown[1])});
        if (!std::isfinite(x[0]) || !std::isfinite(x[1]))
            throw Error(ErrorKind::Internal, "the limb simulation diverged", "simulate_limb, t = " + std::to_string(t));
    }
    out.truth.channels.push_back(std::move(hand));
    out.truth.channels.push_back(std::move(target));
}

}  // namespace detail
}  // namespace purkinje::sim
