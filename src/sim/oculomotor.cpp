// Eyes and head at 1 kHz. The eye-in-head position integrates the slow systems (VOR, pursuit, the
// leak of the neural integrator, fixational drift) and adds the displacement of the saccade in
// flight; saccades are launched by a small scheduler that plays the role of the superior
// colliculus and brainstem burst generator: primary saccades after a latency, corrective and
// catch-up saccades on residual error, covert and overt catch-up saccades in head impulses,
// microsaccades during fixation.

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "plants.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::sim::detail {
namespace {

constexpr double kPi = std::numbers::pi;

double value_or(const StimulusEvent& e, std::size_t i, double fallback) {
    return i < e.values.size() ? e.values[i] : fallback;
}

void require_values(const StimulusEvent& e, std::size_t n, std::size_t index) {
    if (e.values.size() < n)
        throw_bad_input("stimulus event " + std::to_string(index) + " ('" + e.kind + "' at " +
                            std::to_string(e.t_s) + " s)",
                        "has " + std::to_string(e.values.size()) + " values",
                        "at least " + std::to_string(n));
}

struct HeadTrack {
    std::vector<double> yaw_deg, yaw_vel_deg_s;
};

struct ImpulsePlan {
    double onset_s = 0;
    int direction = 1;
    double peak_deg_s = 200;
    double duration_s = 0.15;
};

// Head yaw from head_impulse / head_sine / head_still events. After an impulse the examiner
// brings the head slowly back to the centre.
HeadTrack head_track(const std::vector<StimulusEvent>& schedule, std::size_t n,
                     std::vector<ImpulsePlan>& impulses) {
    HeadTrack head;
    head.yaw_deg.assign(n, 0.0);
    head.yaw_vel_deg_s.assign(n, 0.0);
    std::vector<double> velocity(n, 0.0);
    for (std::size_t k = 0; k < schedule.size(); ++k) {
        const auto& e = schedule[k];
        if (e.kind == "head_impulse") {
            require_values(e, 2, k);
            ImpulsePlan p;
            p.onset_s = e.t_s;
            p.direction = e.values[0] >= 0 ? 1 : -1;
            p.peak_deg_s = e.values[1];
            p.duration_s = value_or(e, 2, 150.0) / 1000.0;
            impulses.push_back(p);
            const double amplitude = p.peak_deg_s * p.duration_s / 2;  // integral of sin^2
            const double return_start = p.onset_s + p.duration_s + 0.5, return_time = 0.8;
            for (std::size_t i = 0; i < n; ++i) {
                const double t = i * kDt;
                if (t >= p.onset_s && t < p.onset_s + p.duration_s) {
                    const double s = std::sin(kPi * (t - p.onset_s) / p.duration_s);
                    velocity[i] += p.direction * p.peak_deg_s * s * s;
                } else if (t >= return_start && t < return_start + return_time) {
                    velocity[i] -= p.direction * amplitude *
                                   minimum_jerk_rate((t - return_start) / return_time) / return_time;
                }
            }
        } else if (e.kind == "head_sine") {
            require_values(e, 2, k);
            const double amplitude = e.values[0], f = e.values[1];
            double end_s = n * kDt;
            for (std::size_t j = k + 1; j < schedule.size(); ++j)
                if (schedule[j].kind == "head_sine" || schedule[j].kind == "head_still") {
                    const double cycles = std::ceil((schedule[j].t_s - e.t_s) * f);
                    end_s = e.t_s + cycles / f;
                    break;
                }
            for (std::size_t i = 0; i < n; ++i) {
                const double t = i * kDt;
                if (t >= e.t_s && t < end_s)
                    velocity[i] += amplitude * 2 * kPi * f * std::cos(2 * kPi * f * (t - e.t_s));
            }
        }
    }
    // Position by exact integrals where possible would be nicer; the trapezoid at 1 kHz keeps the
    // position and velocity channels consistent to far below a pixel.
    double yaw = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) yaw += 0.5 * (velocity[i] + velocity[i - 1]) * kDt;
        head.yaw_deg[i] = yaw;
        head.yaw_vel_deg_s[i] = velocity[i];
    }
    return head;
}

struct Saccade {
    double onset_s = 0, duration_s = 0;
    double amp_h = 0, amp_v = 0;
    double peak_velocity = 0;
    std::string kind;
};

struct Pending {
    double launch_s = 0;
    double gain = 1;
    std::string kind;
};

// Where the gaze target is at time t and how fast it moves (world coordinates, deg).
struct TargetState {
    double h = 0, v = 0, vel_h = 0, vel_v = 0;
    bool head_fixed = false;
    int step_index = -1;  // index of the event that last stepped the target
};

TargetState target_at(const std::vector<StimulusEvent>& schedule, double t, double head_yaw) {
    TargetState s;
    for (std::size_t k = 0; k < schedule.size(); ++k) {
        const auto& e = schedule[k];
        if (e.t_s > t) break;
        if (e.kind == "target" || e.kind == "target_head_fixed") {
            s = TargetState{};
            s.h = value_or(e, 0, 0);
            s.v = value_or(e, 1, 0);
            s.head_fixed = e.kind == "target_head_fixed";
            s.step_index = int(k);
        } else if (e.kind == "target_sine") {
            const double f = value_or(e, 4, 0.4), w = 2 * kPi * f, tau = t - e.t_s;
            s = TargetState{};
            s.h = value_or(e, 0, 0) + value_or(e, 2, 0) * std::sin(w * tau);
            s.v = value_or(e, 1, 0) + value_or(e, 3, 0) * std::sin(w * tau);
            s.vel_h = value_or(e, 2, 0) * w * std::cos(w * tau);
            s.vel_v = value_or(e, 3, 0) * w * std::cos(w * tau);
            s.step_index = int(k);
        }
    }
    if (s.head_fixed) s.h += head_yaw;
    return s;
}

double main_sequence_peak(const OculomotorParams& p, double amplitude) {
    return p.main_sequence_vmax_deg_s * (1 - std::exp(-amplitude / p.main_sequence_c_deg));
}

}  // namespace

void simulate_eyes_and_head(const PatientParams& patient, const std::vector<StimulusEvent>& schedule,
                            double seconds, Random& random, Movements& out) {
    const OculomotorParams& eye_p = patient.eye;
    const VestibularParams& vest = patient.vestibular;
    const std::size_t n = std::size_t(std::llround(seconds * kInternalRateHz));

    // A schedule from outside (assess, a file) is checked once, event by event.
    for (std::size_t k = 0; k < schedule.size(); ++k) {
        const auto& e = schedule[k];
        const std::size_t needed = e.kind == "target" || e.kind == "target_head_fixed" ? 2
                                   : e.kind == "target_sine"                        ? 5
                                   : e.kind == "head_impulse" || e.kind == "head_sine" ? 2
                                   : e.kind == "vor_viewing"                        ? 1
                                                                                    : 0;
        require_values(e, needed, k);
        for (double v : e.values)
            if (!std::isfinite(v) || !std::isfinite(e.t_s))
                throw_bad_input("stimulus event " + std::to_string(k) + " ('" + e.kind + "')",
                                "has a value or time that is not a finite number", "finite numbers");
    }
    std::vector<ImpulsePlan> impulse_plans;
    const HeadTrack head = head_track(schedule, n, impulse_plans);

    // Blink onsets: spontaneous (Poisson) and on command.
    std::vector<double> blinks;
    for (double t = 0;;) {
        if (eye_p.blink_rate_hz <= 0) break;
        t += -std::log(1 - random.uniform()) / eye_p.blink_rate_hz;
        if (t >= seconds) break;
        blinks.push_back(t);
    }
    for (const auto& e : schedule)
        if (e.kind == "blink") blinks.push_back(e.t_s);
    std::sort(blinks.begin(), blinks.end());

    Channel eye_ch("eye_truth", kInternalRateHz, {{"h_deg", "deg"}, {"v_deg", "deg"}});
    Channel gaze_ch("gaze_truth", kInternalRateHz, {{"h_deg", "deg"}, {"v_deg", "deg"}});
    Channel head_ch("head_truth", kInternalRateHz,
                    {{"yaw_deg", "deg"}, {"pitch_deg", "deg"}, {"roll_deg", "deg"},
                     {"x_cm", "cm"}, {"y_cm", "cm"}, {"z_cm", "cm"}});
    Channel lid_ch("eyelid_truth", kInternalRateHz,
                   {{"closure", "1"}, {"pupil_diameter_mm", "mm"}});
    Channel target_ch("target", kInternalRateHz, {{"h_deg", "deg"}, {"v_deg", "deg"}});
    for (Channel* c : {&eye_ch, &gaze_ch, &head_ch, &lid_ch, &target_ch}) c->reserve(n);

    double eye_h = 0, eye_v = 0;
    double drift_h = 0, drift_v = 0;        // Ornstein-Uhlenbeck fixational drift velocity
    double pursuit_h = 0, pursuit_v = 0;
    std::optional<Saccade> active;
    std::optional<Pending> pending;
    double last_saccade_end = -1;
    int last_step_index = -1;
    int corrective_run = 0;

    // VOR adaptation: the learner's states, the demanded gain of the current block.
    double x_fast = 0, x_slow = 0;
    bool adapting = false;  // inside a vor_viewing block
    double demanded_gain = 1;
    double viewing_anchor_yaw = 0;
    std::size_t next_impulse = 0;
    std::optional<std::size_t> current_impulse;  // index into out.head_impulses
    double trial_gain_offset = 0;
    double suppress_catch_up_until = -1;
    double overt_check_s = -1;   // negative: no check planned
    double covert_launch_s = -1;

    const std::size_t vor_delay = std::size_t(std::llround(vest.vor_latency_ms / 1000 * kInternalRateHz));
    const double pursuit_delay_s = eye_p.pursuit_latency_ms / 1000;
    const double drift_tau = 0.1;

    std::size_t schedule_cursor = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = i * kDt;
        // Events that change the viewing condition.
        for (; schedule_cursor < schedule.size() && schedule[schedule_cursor].t_s <= t; ++schedule_cursor) {
            const auto& e = schedule[schedule_cursor];
            if (e.kind == "vor_viewing") {
                require_values(e, 1, schedule_cursor);
                demanded_gain = e.values[0];
                adapting = true;
                viewing_anchor_yaw = head.yaw_deg[i];
            }
        }
        const double yaw = head.yaw_deg[i];
        const double yaw_vel = head.yaw_vel_deg_s[i];

        // A head impulse starts a trial: the plant's gain for it includes what the learner holds.
        if (next_impulse < impulse_plans.size() && t >= impulse_plans[next_impulse].onset_s) {
            const ImpulsePlan& plan = impulse_plans[next_impulse++];
            HeadImpulseTruth trial;
            trial.onset_s = plan.onset_s;
            trial.direction = plan.direction;
            trial.peak_velocity_deg_s = plan.peak_deg_s;
            trial_gain_offset = adapting ? x_fast + x_slow : 0.0;
            trial.vor_gain = (plan.direction > 0 ? vest.vor_gain_right : vest.vor_gain_left) +
                             trial_gain_offset;
            trial.demanded_gain = demanded_gain;
            if (adapting) {
                out.adaptation_gain_by_trial.push_back(trial.vor_gain);
                const double error = demanded_gain - trial.vor_gain;
                x_fast = vest.adaptation_a_fast * x_fast + vest.adaptation_b_fast * error;
                x_slow = vest.adaptation_a_slow * x_slow + vest.adaptation_b_slow * error;
            }
            out.head_impulses.push_back(trial);
            current_impulse = out.head_impulses.size() - 1;
            suppress_catch_up_until = plan.onset_s + vest.overt_latency_ms / 1000 + 0.05;
            overt_check_s = plan.onset_s + vest.overt_latency_ms / 1000;
            covert_launch_s = -1;
            // Covert saccades are anticipatory: the patient has learned that this side leaves a
            // gaze error worth correcting, and fires before the head has stopped.
            const double expected_error = std::abs(1 - trial.vor_gain) * plan.peak_deg_s * plan.duration_s / 2;
            const bool worth_it = expected_error > eye_p.catch_up_threshold_deg;
            if (random.chance(vest.covert_saccade_fraction) && worth_it)
                covert_launch_s = plan.onset_s + vest.covert_latency_ms / 1000;
            pending.reset();
        }

        TargetState target = target_at(schedule, t, yaw);
        if (adapting && !target.head_fixed)  // the target moved by the head: (1 - k) dH
            target.h += (1 - demanded_gain) * (yaw - viewing_anchor_yaw);
        const double gaze_h = yaw + eye_h, gaze_v = eye_v;
        const double err_h = target.h - gaze_h, err_v = target.v - gaze_v;
        const double err = std::hypot(err_h, err_v);

        // A new target position calls a primary saccade after the patient's latency.
        if (target.step_index != last_step_index) {
            const bool stepped = schedule[std::size_t(target.step_index)].kind != "target_sine";
            last_step_index = target.step_index;
            if (stepped && err > 0.3) {
                const double latency = std::max(
                    0.08, random.normal(eye_p.saccade_latency_ms, eye_p.saccade_latency_sd_ms) / 1000);
                pending = Pending{t + latency, random.normal(eye_p.saccade_gain, eye_p.saccade_gain_sd),
                                  "primary"};
                corrective_run = 0;
            }
        }
        if (covert_launch_s >= 0 && t >= covert_launch_s && !active) {
            pending = Pending{t, vest.catch_up_gain, "covert"};
            covert_launch_s = -1;
        }
        if (overt_check_s >= 0 && t >= overt_check_s && !active) {
            if (err > eye_p.catch_up_threshold_deg) pending = Pending{t, vest.catch_up_gain, "overt"};
            overt_check_s = -1;
        }

        // Launch.
        if (pending && !active && t >= pending->launch_s) {
            const double ah = pending->gain * err_h, av = pending->gain * err_v;
            const double amplitude = std::hypot(ah, av);
            if (amplitude > 0.02) {
                Saccade s;
                s.onset_s = t;
                s.amp_h = ah;
                s.amp_v = av;
                s.kind = pending->kind;
                s.peak_velocity = main_sequence_peak(eye_p, amplitude);
                s.duration_s = std::max(0.01, 1.875 * amplitude / s.peak_velocity);
                active = s;
                if (current_impulse && (s.kind == "covert" || s.kind == "overt")) {
                    auto& trial = out.head_impulses[*current_impulse];
                    (s.kind == "covert" ? trial.covert_saccade : trial.overt_saccade) = true;
                }
            }
            pending.reset();
        }

        // Fixation: microsaccades and catch-up saccades on position error.
        const bool head_quiet = std::abs(yaw_vel) < 20 && t >= suppress_catch_up_until;
        if (!active && !pending && head_quiet && t - last_saccade_end > 0.08) {
            if (err > eye_p.catch_up_threshold_deg) {
                pending = Pending{t + eye_p.catch_up_latency_ms / 1000, 1.0, "catch_up"};
            } else if (eye_p.microsaccade_rate_hz > 0 &&
                       random.chance(eye_p.microsaccade_rate_hz * kDt)) {
                // A microsaccade mostly corrects the fixation error, partly at random.
                const double size = eye_p.microsaccade_amplitude_deg * random.uniform(0.5, 1.5);
                const double angle = random.uniform(0, 2 * kPi);
                Saccade s;
                s.onset_s = t;
                s.amp_h = 0.8 * err_h + 0.5 * size * std::cos(angle);
                s.amp_v = 0.8 * err_v + 0.5 * size * std::sin(angle);
                const double a = std::hypot(s.amp_h, s.amp_v);
                s.kind = "micro";
                s.peak_velocity = main_sequence_peak(eye_p, a);
                s.duration_s = std::max(0.01, 1.875 * a / s.peak_velocity);
                active = s;
            }
        }

        // Slow systems.
        const double yaw_vel_delayed = i >= vor_delay ? head.yaw_vel_deg_s[i - vor_delay] : 0.0;
        double vor_gain = yaw_vel_delayed >= 0 ? vest.vor_gain_right : vest.vor_gain_left;
        if (current_impulse && t < out.head_impulses[*current_impulse].onset_s + 2.0)
            vor_gain = out.head_impulses[*current_impulse].vor_gain;
        if (target.head_fixed) vor_gain *= 1 - vest.vor_cancellation;
        const double vor_vel = -vor_gain * yaw_vel_delayed;

        const TargetState delayed_target =
            target_at(schedule, std::max(0.0, t - pursuit_delay_s), head.yaw_deg[i]);
        const double drive_h = delayed_target.head_fixed ? 0 : eye_p.pursuit_gain * delayed_target.vel_h;
        const double drive_v = delayed_target.head_fixed ? 0 : eye_p.pursuit_gain * delayed_target.vel_v;
        const double alpha = kDt / (eye_p.pursuit_time_constant_ms / 1000);
        pursuit_h += alpha * (drive_h - pursuit_h);
        pursuit_v += alpha * (drive_v - pursuit_v);

        const double leak = eye_p.gaze_holding_tau_s > 0 ? 1 / eye_p.gaze_holding_tau_s : 0;
        const double noise_scale = eye_p.fixation_drift_deg_s * std::sqrt(2 * kDt / drift_tau);
        drift_h += -drift_h * kDt / drift_tau + noise_scale * random.normal();
        drift_v += -drift_v * kDt / drift_tau + noise_scale * random.normal();

        double vel_h = vor_vel + pursuit_h - leak * eye_h;
        double vel_v = pursuit_v - leak * eye_v;
        if (!active) {
            vel_h += drift_h;
            vel_v += drift_v;
        }
        eye_h += vel_h * kDt;
        eye_v += vel_v * kDt;
        if (active) {
            const double tau0 = (t - active->onset_s) / active->duration_s;
            const double tau1 = (t + kDt - active->onset_s) / active->duration_s;
            const double ds = minimum_jerk(tau1) - minimum_jerk(tau0);
            eye_h += active->amp_h * ds;
            eye_v += active->amp_v * ds;
            if (tau1 >= 1) {
                out.saccades.push_back({active->onset_s, t + kDt, active->amp_h, active->amp_v,
                                        active->peak_velocity, active->kind});
                last_saccade_end = t + kDt;
                const std::string kind = active->kind;
                active.reset();
                if ((kind == "primary" || kind == "corrective") && corrective_run < 3) {
                    pending = Pending{t + eye_p.corrective_latency_ms / 1000, 1.0, "corrective"};
                    ++corrective_run;
                    // Only worth it when the residual error is above threshold at launch; checked then.
                    const TargetState now = target_at(schedule, t, yaw);
                    if (std::hypot(now.h - yaw - eye_h, now.v - eye_v) < eye_p.corrective_threshold_deg)
                        pending.reset();
                }
            }
        }

        // Blink closure: closing 30 %, closed 10 %, opening 60 % of the blink duration.
        double closure = 0;
        const double blink_s = eye_p.blink_duration_ms / 1000;
        for (double onset : blinks) {
            if (onset > t) break;
            const double u = (t - onset) / blink_s;
            if (u >= 1) continue;
            double c;
            if (u < 0.3) c = 0.5 - 0.5 * std::cos(kPi * u / 0.3);
            else if (u < 0.4) c = 1;
            else c = 0.5 + 0.5 * std::cos(kPi * (u - 0.4) / 0.6);
            closure = std::max(closure, c);
        }

        const double t_out = t;
        eye_ch.push_back(t_out, {float(eye_h), float(eye_v)});
        gaze_ch.push_back(t_out, {float(yaw + eye_h), float(eye_v)});
        head_ch.push_back(t_out, {float(yaw), 0.f, 0.f, 0.f, 0.f, 0.f});
        lid_ch.push_back(t_out, {float(closure), float(eye_p.pupil_diameter_mm)});
        target_ch.push_back(t_out, {float(target.h), float(target.v)});
    }
    out.truth.channels.push_back(std::move(eye_ch));
    out.truth.channels.push_back(std::move(gaze_ch));
    out.truth.channels.push_back(std::move(head_ch));
    out.truth.channels.push_back(std::move(lid_ch));
    out.truth.channels.push_back(std::move(target_ch));
}

}  // namespace purkinje::sim::detail
