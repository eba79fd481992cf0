#include "report_fixtures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "purkinje/core/names.hpp"
#include "purkinje/model/two_state.hpp"

namespace purkinje::test {
namespace {

Finding make(const std::string& protocol, const std::string& metric, const std::string& label, double value,
             const std::string& unit, const std::string& method, std::optional<double> low, std::optional<double> high,
             const std::string& citation, double ci_half_width) {
    Finding f;
    f.protocol = protocol;
    f.metric = metric;
    f.label = label;
    f.value = value;
    f.unit = unit;
    f.method = method;
    f.normal = NormalRange{low, high, citation};
    f.flag = f.normal.judge(value);
    if (ci_half_width > 0) {
        f.ci_low = value - ci_half_width;
        f.ci_high = value + ci_half_width;
    }
    return f;
}

Trial hand_trial(int index, const std::string& condition, double tremor_cm, double overshoot_cm) {
    Trial trial;
    trial.index = index;
    trial.protocol = names::kFingerChase;
    trial.condition = condition;
    trial.start_s = 10.0 * index;
    Channel hand(names::kHand, 60, {{"x", "cm"}, {"y", "cm"}});
    Channel target(names::kTarget, 0, {{"x", "cm"}, {"y", "cm"}});
    const double targets[][2] = {{0, 0}, {12, 6}, {-8, 10}, {10, -7}, {-11, -5}, {0, 0}};
    double t = 0;
    for (int k = 0; k + 1 < 6; ++k) {
        target.push_back(t, {float(targets[k + 1][0]), float(targets[k + 1][1])});
        // Hypermetria: the hand overshoots along the direction of the reach.
        const double dx = targets[k + 1][0] - targets[k][0], dy = targets[k + 1][1] - targets[k][1];
        const double d = std::hypot(dx, dy);
        // Each reach starts where the last one came to rest.
        const double x0 = hand.empty() ? targets[k][0] : hand.values[0].back();
        const double y0 = hand.empty() ? targets[k][1] : hand.values[1].back();
        append_reach(hand, t, 0.75, x0, y0, targets[k + 1][0] + overshoot_cm * dx / d,
                     targets[k + 1][1] + overshoot_cm * dy / d, tremor_cm, 3.6);
        t = hand.t_s.back() + 1.0 / 60;
    }
    trial.recording.channels = {hand, target};
    return trial;
}

// One head impulse window of 400 ms at 250 Hz: head velocity a smooth 150 ms pulse, eye velocity the
// gain times the head (compensatory-positive), with a catch-up saccade for a deficient side.
Trial impulse_trial(int index, const std::string& side, double gain, double peak_dps, double saccade_ms) {
    Trial trial;
    trial.index = index;
    trial.protocol = names::kHeadImpulse;
    trial.condition = side + " impulse";
    trial.start_s = 100 + 2.0 * index;
    const double sign = side == "left" ? 1 : -1;
    Channel head(names::kHeadVelocity, 250, {{"yaw", "deg/s"}, {"pitch", "deg/s"}, {"roll", "deg/s"}});
    Channel eye(names::kEyeVelocity, 250, {{"x", "deg/s"}, {"y", "deg/s"}});
    for (int i = 0; i < 100; ++i) {
        const double t = i / 250.0, ms = t * 1000;
        const double phase = (ms - 50) / 150;
        const double h = phase > 0 && phase < 1 ? peak_dps * std::pow(std::sin(M_PI * phase), 2) : 0;
        double e = gain * h;
        if (saccade_ms > 0) e += 260 * std::exp(-std::pow((ms - saccade_ms) / 9, 2));
        const double noise = 2.0 * std::sin(0.9 * i + index);
        head.push_back(t, {float(sign * h), float(0.02 * h), float(noise)});
        eye.push_back(t, {float(sign * e + noise), float(noise)});
    }
    trial.recording.channels = {head, eye};
    trial.recording.events.push_back({0.05, "cue", "impulse", {sign}});
    return trial;
}

Trial saccade_trial(int index) {
    Trial trial;
    trial.index = index;
    trial.protocol = names::kSaccades;
    trial.condition = "horizontal steps";
    trial.start_s = 200;
    Channel gaze(names::kGaze, 250, {{"x", "deg"}, {"y", "deg"}});
    Channel target(names::kTarget, 0, {{"x", "deg"}, {"y", "deg"}});
    const double steps[] = {0, 10, -10, 20, -5, 15, -20, 0};
    double position = 0;
    for (int k = 1; k < 8; ++k) {
        target.push_back(1.2 * k, {float(steps[k]), 0.f});
    }
    for (int i = 0; i < 250 * 10; ++i) {
        const double t = i / 250.0;
        const int k = std::min(7, static_cast<int>(t / 1.2));
        const double onset = 1.2 * k + 0.2;  // 200 ms latency
        const double amplitude = 0.88 * (steps[k] - (k > 0 ? steps[k - 1] : 0));  // hypometric
        const double duration = 0.022 + 0.0025 * std::fabs(amplitude);
        const double start = k > 0 ? steps[k - 1] : 0;
        double tau = (t - onset) / duration;
        tau = std::clamp(tau, 0.0, 1.0);
        position = k == 0 ? 0 : start + amplitude * (10 * std::pow(tau, 3) - 15 * std::pow(tau, 4) + 6 * std::pow(tau, 5));
        gaze.push_back(t, {float(position + 0.05 * std::sin(37 * t)), float(0.05 * std::cos(29 * t))},
                       i % 400 < 6 ? 0.f : 1.f);
    }
    trial.recording.channels = {gaze, target};
    return trial;
}

Trial adaptation_trial(int index, int block_trial, double gain) {
    Trial trial;
    trial.index = index;
    trial.protocol = names::kVorAdaptation;
    trial.condition = block_trial < 5 ? "x1 baseline" : "x2 viewing";
    trial.start_s = 300 + 3.0 * block_trial;
    Channel head(names::kHeadVelocity, 100, {{"yaw", "deg/s"}});
    Channel eye(names::kEyeVelocity, 100, {{"x", "deg/s"}});
    for (int i = 0; i < 200; ++i) {
        const double t = i / 100.0, h = 60 * std::sin(2 * M_PI * 1.0 * t);
        head.push_back(t, {float(h)});
        eye.push_back(t, {float(gain * h + 1.5 * std::sin(13 * t + index))});
    }
    trial.recording.channels = {head, eye};
    return trial;
}

// Sinusoidal VOR from a camera: head yaw and gaze positions at 60 Hz, head 0.5 Hz +-15 deg, eye gain 0.9.
Trial vor_trial(int index) {
    Trial trial;
    trial.index = index;
    trial.protocol = names::kVorSinusoidal;
    trial.condition = "0.5 Hz, dark";
    trial.start_s = 280;
    Channel head(names::kHead, 60, {{"yaw", "deg"}, {"pitch", "deg"}, {"roll", "deg"}});
    Channel gaze(names::kGaze, 60, {{"x", "deg"}, {"y", "deg"}});
    for (int i = 0; i < 60 * 8; ++i) {
        const double t = i / 60.0, yaw = 15 * std::sin(2 * M_PI * 0.5 * t);
        head.push_back(t, {float(yaw), float(0.3 * std::sin(3 * t)), 0.f});
        gaze.push_back(t, {float(0.9 * yaw + 0.1 * std::sin(11 * t)), 0.f});
    }
    trial.recording.channels = {head, gaze};
    return trial;
}

}  // namespace

void append_reach(Channel& hand, double t0, double duration_s, double x0, double y0, double x1, double y1,
                  double tremor_cm, double tremor_hz) {
    const double rate = hand.nominal_rate_hz;
    const int n = static_cast<int>(duration_s * rate);
    // The perpendicular direction carries the intention tremor.
    const double length = std::hypot(x1 - x0, y1 - y0), px = -(y1 - y0) / length, py = (x1 - x0) / length;
    // The hand then rests on the target for a second; the intention tremor dies out within ~0.3 s.
    for (int i = 0; i <= n + static_cast<int>(1.0 * rate); ++i) {
        const double tau = std::min(1.0, i / static_cast<double>(n));
        const double s = 10 * std::pow(tau, 3) - 15 * std::pow(tau, 4) + 6 * std::pow(tau, 5);
        const double fade = i <= n ? 1.0 : std::exp(-(i - n) / (0.3 * rate));
        const double tremor = tremor_cm * tau * tau * fade * std::sin(2 * M_PI * tremor_hz * i / rate);
        hand.push_back(t0 + i / rate, {float(x0 + (x1 - x0) * s + px * tremor), float(y0 + (y1 - y0) * s + py * tremor)},
                       0.97f);
    }
}

Patient report_patient() {
    Patient p;
    p.code = "P-0042";
    p.birth_year = 1962;
    p.sex = "female";
    p.diagnosis = "spinocerebellar ataxia type 6";
    return p;
}

Session report_session(int visit) {
    Session s;
    s.patient_code = "P-0042";
    const int day = 2 + 28 * visit;
    const int month = 9 + day / 30, dom = 1 + day % 30;
    char date[64];
    std::snprintf(date, sizeof date, "2026-%02d-%02dT09:%02d:00Z", month, dom, 15 + visit);
    s.started_at = date;
    s.examiner = "Dr. A. Holmes";
    s.camera = "UVC webcam 1280x720 MJPG + IR eye camera 250 Hz";
    s.camera_fps = 60;
    s.software_version = "0.1.0";
    s.analysis_version = "analysis-0.1.0";
    s.comment = "Patient cooperative, slight fatigue towards the end. Intention tremor visible on the right, "
                "worse near the target. Follow up in four weeks after the start of coordinative physiotherapy.";
    const double better = 1.0 - 0.18 * visit;
    int index = 0;
    s.trials.push_back(hand_trial(index++, "right hand", 0.45 * better, 2.2 * better));
    s.trials.push_back(hand_trial(index++, "left hand", 0.35 * better, 1.0 * better));
    for (int k = 0; k < 4; ++k) s.trials.push_back(impulse_trial(index++, "left", 0.62, 210 + 10 * k, 170 + 12 * k));
    for (int k = 0; k < 4; ++k) s.trials.push_back(impulse_trial(index++, "right", 0.96, 220 - 8 * k, 0));
    s.trials.push_back(saccade_trial(index++));
    s.trials.push_back(vor_trial(index++));
    for (int k = 0; k < 30; ++k) {
        const double gain = (k < 5 ? 1.0 : 1.0 + 0.35 * (1 - std::exp(-(k - 5) / 8.0))) + 0.03 * std::sin(2.7 * k);
        s.trials.push_back(adaptation_trial(index++, k, gain));
    }
    s.trials[1].accepted = visit != 1;
    s.trials[1].note = visit == 1 ? "patient looked away" : "";

    const std::string fc = names::kFingerChase, hi = names::kHeadImpulse, sc = names::kSaccades,
                      va = names::kVorAdaptation;
    const std::string bastian = "Bhanpuri, Okamura & Bastian 2014, J Neurosci 34:4141";
    s.findings = {
        make(fc, "endpoint_error_cm", "Endpoint error (dysmetria)", 2.31 * better, "cm", "median_distance_at_reach_offset",
             0.0, 1.2, bastian, 0.35),
        make(fc, "intention_tremor_amplitude_cm", "Intention tremor amplitude", 0.74 * better, "cm",
             "rms_band_2_8Hz_last_third", 0.0, 0.3, "Elble & McNames 2016, Mov Disord 31:1614", 0.12),
        make(fc, "tremor_peak_frequency_hz", "Tremor peak frequency", 3.62, "Hz", "welch_peak_2_8Hz", {}, {}, "", 0.2),
        make(fc, "peak_speed_cm_s", "Peak reach speed", 41.8, "cm/s", "median_peak_speed", 25.0, 90.0, bastian, 3.0),
        make(fc, "sara_finger_chase_right", "SARA 5 right", visit == 0 ? 2 : 1, "{score}", "endpoint_error_to_sara",
             {}, {}, "", 0),
        make(fc, "sara_finger_chase_left", "SARA 5 left", 1, "{score}", "endpoint_error_to_sara", {}, {}, "", 0),
        make(hi, "vor_gain_auc_left", "VOR gain, left impulses", 0.62, "1", "auc_desaccaded", 0.8, {},
             "MacDougall et al. 2009, Neurology 73:1134", 0.04),
        make(hi, "vor_gain_auc_right", "VOR gain, right impulses", 0.96, "1", "auc_desaccaded", 0.8, {},
             "MacDougall et al. 2009, Neurology 73:1134", 0.03),
        make(hi, "pr_score_left", "PR score, left (saccade latency scatter)", 18.4, "%", "pr_score", {}, {}, "", 0),
        make(hi, "catch_up_latency_left_ms", "First catch-up saccade latency, left", 187, "ms", "first_saccade_onset",
             {}, {}, "", 9),
        make(names::kVorSinusoidal, "vor_gain_sinusoidal_0_5hz", "VOR gain at 0.5 Hz in the dark", 0.9, "1",
             "sinusoid_least_squares", 0.7, 1.1, "Leigh & Zee 2015, The Neurology of Eye Movements", 0.03),
        make(sc, "saccade_gain", "Saccade gain (hypometria)", 0.88, "1", "primary_amplitude_over_step", 0.9, 1.05,
             "Collewijn et al. 1988, J Physiol 404:157", 0.02),
        make(sc, "saccade_latency_ms", "Saccade latency", 201, "ms", "velocity_onset_after_step", 150.0, 260.0,
             "Leigh & Zee 2015, The Neurology of Eye Movements", 8),
        make(sc, "main_sequence_vmax_deg_s", "Main sequence peak velocity (Vmax)", 512, "deg/s", "main_sequence_fit",
             400.0, 750.0, "Baloh et al. 1975, Neurology 25:1065", 40),
        make(sc, "main_sequence_c_deg", "Main sequence amplitude constant (C)", 12.5, "deg", "main_sequence_fit", {},
             {}, "", 1.5),
        make(sc, "gaze_noise_px", "Pupil tracking noise", 0.42, "px", "rms_sample_to_sample", {}, {}, "", 0),
        make(va, "adaptation_gain_change", "VOR gain change after x2 training", 0.33 - 0.0 * visit, "1",
             "last5_minus_baseline", 0.15, {}, "Schubert et al. 2008, Exp Brain Res 185:475", 0.05),
        make(va, "adaptation_time_constant_s", "Time to adapt", 24.5, "s", "two_state_fast_tau", {}, {}, "", 4),
    };
    s.findings[0].value = std::round(s.findings[0].value * 100) / 100;
    ModelFit reach;
    reach.protocol = fc;
    reach.model = "reach_forward_model";
    reach.model_version = "1";
    reach.parameters = {{"delta", 0.21 * better, "1", 0.15 * better, 0.27 * better, true},
                        {"w", 0.43, "1", std::nullopt, std::nullopt, false},
                        {"Delta_ms", 118, "ms", 104, 133, true},
                        {"Kp", 41.7, "1/s2", 33.0, 52.0, true}};
    reach.quality = {0.38, "cm", 0.94, 1480, true, "Ceres: CONVERGENCE (function tolerance)"};
    // The two-state fit is the model library's own fit of the trial gains the fixture was built from.
    model::AdaptationSeries series;
    for (int k = 0; k < 30; ++k) {
        series.perturbation.push_back(k < 5 ? 0.0 : 1.0);
        // Trial-to-trial scatter of a measured gain, as the sinusoid fit of a noisy eye would give.
        series.adaptation.push_back((k < 5 ? 0.0 : 0.35 * (1 - std::exp(-(k - 5) / 8.0))) + 0.03 * std::sin(2.7 * k));
    }
    model::TwoStateOptions options;
    options.bootstrap_resamples = 30;
    ModelFit two_state = model::fit_two_state(series, options).fit;
    two_state.protocol = va;
    s.model_fits = {reach, two_state};
    return s;
}

}  // namespace purkinje::test
