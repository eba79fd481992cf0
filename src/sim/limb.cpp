// The planar limb at 1 kHz: a point mass driven through first-order muscle activation by a
// feedforward command from an internal model with inertia error delta on a minimum-jerk plan,
// plus delayed PD feedback on a Smith-predictor state estimate of weight w, with signal-dependent
// force noise. Fast alternating movements are a rhythm generator with set rate, irregularity and
// decrement (they are not produced by the reach controller).

#include "purkinje/sim/limb.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "limb_loop.hpp"
#include "plants.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::sim {

namespace detail {
namespace {

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

    const LimbReachGrowth growth = limb_reach_growth(p, schedule);
    if (growth.growth_per_reach > 1)
        throw Error(ErrorKind::Unsupported,
                    "the limb's gated feedback loop grows from reach to reach (by " +
                        std::to_string(growth.growth_per_reach) + " per reach over " +
                        std::to_string(growth.reaches) + " reaches) with w = " + std::to_string(p.forward_model_weight_w) +
                        ", delta = " + std::to_string(p.inertia_error_delta) + " and near_target_gain_boost = " +
                        std::to_string(p.near_target_gain_boost) + ": the hand would wander off the targets",
                    "patient '" + patient.name +
                        "', fields 'limb.forward_model_weight_w', 'limb.inertia_error_delta', 'limb.near_target_gain_boost'",
                    "a larger w, a smaller |delta| or a smaller near_target_gain_boost (see limb_reach_growth)");

    // SI units inside: metres, kilograms, newtons.
    const LimbLoop loop(p);
    double start[2] = {0, 0};
    for (const auto& e : schedule)
        if (e.kind == "hand_target" && e.t_s <= 0 && e.values.size() >= 2) {
            start[0] = e.values[0] / 100;
            start[1] = e.values[1] / 100;
        }
    std::array<LimbAxis, 2> axes{LimbAxis(loop, start[0]), LimbAxis(loop, start[1])};
    std::array<AxisPlan, 2> plan;
    for (int c = 0; c < 2; ++c) plan[c].x0 = plan[c].x1 = start[c];
    double plan_start_s = -1, plan_duration_s = 1;
    std::size_t cursor = 0;
    double pending_start = -1, pending_target[2] = {0, 0};
    double shown[2] = {100 * start[0], 100 * start[1]};  // the target on show, cm

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
            out.reaches.push_back({e.t_s, e.values[0], e.values[1], 100 * axes[0].x, 100 * axes[1].x});
        }
        for (auto& axis : axes) axis.record();
        if (pending_start >= 0 && t >= pending_start) {
            // The plan starts from the state the patient believes the limb is in: position and
            // velocity from the Smith estimate, acceleration from the efference copy of the force
            // already under way. Planned from a standstill instead, the hand's residual tremor
            // (its velocity and muscle force when the feedback lets go) would run on uncorrected
            // through the reach and feed the next reach's tremor (docs/validation.md, sim).
            for (int c = 0; c < 2; ++c)
                plan[c] = {axes[c].believed_position(), axes[c].believed_velocity(), axes[c].believed_acceleration(),
                           pending_target[c]};
            plan_start_s = t;
            plan_duration_s = loop.reach_duration_s(p, 100 * std::hypot(plan[0].x1 - plan[0].x0, plan[1].x1 - plan[1].x0));
            pending_start = -1;
        }

        // A reach runs on its feedforward command: the delayed feedback is too slow to steer it.
        // Feedback takes over toward the end of the plan, stiffer than at rest, since precision
        // matters at the target (and there a loop without its forward model starts to ring).
        const double gain = loop.gain(t - plan_start_s, plan_duration_s);
        double u[2];
        for (int c = 0; c < 2; ++c) u[c] = axes[c].command(plan[c].at(t - plan_start_s, plan_duration_s), gain);
        for (int c = 0; c < 2; ++c) {
            // The forward model sees the command as sent; the muscles add noise to it.
            const double noise = (p.signal_dependent_noise * std::abs(u[c]) + p.constant_noise_n) * random.normal() *
                                 std::sqrt(kInternalRateHz / 100);
            axes[c].step(u[c], noise);
        }
        hand.push_back(t, {float(100 * axes[0].x), float(100 * axes[1].x)});
        target.push_back(t, {float(shown[0]), float(shown[1])});
        if (!std::isfinite(axes[0].x) || !std::isfinite(axes[1].x))
            throw Error(ErrorKind::Internal, "the limb simulation diverged", "simulate_limb, t = " + std::to_string(t));
    }
    out.truth.channels.push_back(std::move(hand));
    out.truth.channels.push_back(std::move(target));
}

}  // namespace detail
}  // namespace purkinje::sim
