#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <functional>
#include <limits>
#include <random>
#include <string>

#include "purkinje/core/error.hpp"
#include "purkinje/signal/gaze_events.hpp"

using namespace purkinje;
using namespace purkinje::signal;

namespace {

struct SyntheticGaze {
    std::vector<double> t, x, y;
    std::vector<std::pair<double, double>> saccades_s;  // true onset, offset
    std::vector<double> amplitudes_deg;
};

// Fixations joined by minimum-jerk saccades (duration 2.2 ms/deg + 21 ms, the main sequence of
// Carpenter 1988), with white measurement noise; `jitter_s` makes the time stamps irregular.
SyntheticGaze synthetic_gaze(double rate, double noise_deg, double jitter_s = 0, unsigned seed = 7) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, noise_deg);
    std::uniform_real_distribution<double> jitter(-jitter_s, jitter_s);
    const std::vector<double> targets_x{0, 8, 2, -6, 4, -3};
    const std::vector<double> targets_y{0, 2, -4, 1, 5, -2};
    SyntheticGaze g;
    const double fixation_s = 0.4;
    double t0 = 0.2;
    std::vector<double> onsets, durations;
    for (std::size_t k = 1; k < targets_x.size(); ++k) {
        const double amp = std::hypot(targets_x[k] - targets_x[k - 1], targets_y[k] - targets_y[k - 1]);
        const double d = (2.2 * amp + 21) / 1000;
        onsets.push_back(t0);
        durations.push_back(d);
        g.saccades_s.emplace_back(t0, t0 + d);
        g.amplitudes_deg.push_back(amp);
        t0 += d + fixation_s;
    }
    const double end = t0;
    for (int i = 0;; ++i) {
        double t = i / rate + (i > 0 ? jitter(rng) : 0.0);
        if (t > end) break;
        double px = targets_x[0], py = targets_y[0];
        for (std::size_t k = 0; k < onsets.size(); ++k) {
            const double tau = std::clamp((t - onsets[k]) / durations[k], 0.0, 1.0);
            if (t < onsets[k]) break;
            const double s = tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
            px = targets_x[k] + s * (targets_x[k + 1] - targets_x[k]);
            py = targets_y[k] + s * (targets_y[k + 1] - targets_y[k]);
        }
        g.t.push_back(t);
        g.x.push_back(px + noise(rng));
        g.y.push_back(py + noise(rng));
    }
    return g;
}

// A horizontal eye position `x_of_t(t)` (deg) sampled at 500 Hz, `n` samples, with 0.01 deg white
// noise on both axes.
SyntheticGaze sampled_gaze(const std::function<double(double)>& x_of_t, int n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, 0.01);
    SyntheticGaze g;
    for (int i = 0; i < n; ++i) {
        const double t = i / 500.0;
        g.t.push_back(t);
        g.x.push_back(x_of_t(t) + noise(rng));
        g.y.push_back(noise(rng));
    }
    return g;
}

// Minimum-jerk displacement profile, 0 before tau = 0 and 1 after tau = 1.
double minimum_jerk(double tau) {
    tau = std::clamp(tau, 0.0, 1.0);
    return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
}

}  // namespace

TEST_CASE("saccades of a synthetic recording: one event each, onset and offset close, amplitude right") {
    const auto g = synthetic_gaze(500, 0.01);
    const auto result = classify_gaze(g.t, g.x, g.y, {}, 500);
    REQUIRE(result.labels.size() == g.t.size());
    std::vector<GazeEvent> saccades;
    for (const auto& e : result.events)
        if (e.kind == EyeMovement::Saccade) saccades.push_back(e);
    REQUIRE(saccades.size() == g.saccades_s.size());
    for (std::size_t k = 0; k < saccades.size(); ++k) {
        CAPTURE(k);
        // The detector marks where speed leaves the noise: within a few samples of the true edges.
        CHECK(std::abs(saccades[k].onset_s - g.saccades_s[k].first) < 0.010);
        CHECK(std::abs(saccades[k].offset_s - g.saccades_s[k].second) < 0.010);
        CHECK(saccades[k].amplitude_deg == doctest::Approx(g.amplitudes_deg[k]).epsilon(0.05));
        CHECK(saccades[k].peak_velocity_deg_s > 100);
    }
    CHECK(result.count(EyeMovement::SmoothPursuit) == 0);
    CHECK(result.thresholds.peak_velocity_deg_s > result.thresholds.onset_velocity_deg_s);
}

TEST_CASE("the thresholds follow the recording's own noise") {
    const auto quiet = classify_gaze(synthetic_gaze(500, 0.005).t, synthetic_gaze(500, 0.005).x,
                                     synthetic_gaze(500, 0.005).y, {}, 500);
    const auto noisy_g = synthetic_gaze(500, 0.04);
    const auto noisy = classify_gaze(noisy_g.t, noisy_g.x, noisy_g.y, {}, 500);
    CHECK(noisy.thresholds.peak_velocity_deg_s > 3 * quiet.thresholds.peak_velocity_deg_s);
    CHECK(noisy.count(EyeMovement::Saccade) == 5);
}

TEST_CASE("irregular time stamps give the same saccades as regular ones") {
    const auto g = synthetic_gaze(500, 0.01, 0.0004);
    const auto result = classify_gaze(g.t, g.x, g.y, {}, 500);
    CHECK(result.resampled);
    CHECK(result.count(EyeMovement::Saccade) == g.saccades_s.size());
}

TEST_CASE("missing samples are blinks and a saccade never spans a lost eye") {
    auto g = synthetic_gaze(500, 0.01);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 350; i < 450; ++i) g.x[i] = g.y[i] = nan;  // a 200 ms blink in a fixation
    const auto result = classify_gaze(g.t, g.x, g.y, {}, 500);
    for (std::size_t i = 350; i < 450; ++i) CHECK(result.labels[i] == EyeMovement::Blink);
    CHECK(result.labels[200] == EyeMovement::Fixation);
    CHECK(result.count(EyeMovement::Saccade) == g.saccades_s.size());
}

TEST_CASE("low-confidence samples are treated as missing") {
    const auto g = synthetic_gaze(500, 0.01);
    std::vector<float> confidence(g.t.size(), 1.0f);
    for (std::size_t i = 300; i < 320; ++i) confidence[i] = 0.1f;
    const auto result = classify_gaze(g.t, g.x, g.y, confidence, 500);
    CHECK(result.labels[310] == EyeMovement::Blink);
    CHECK(std::isnan(result.speed_deg_s[310]));
}

TEST_CASE("a target moving steadily is followed by smooth pursuit, with catch-up saccades") {
    // 10 deg/s from 0.5 s, and a 2 deg catch-up saccade of 25 ms at 2 s.
    const auto g = sampled_gaze(
        [](double t) { return (t < 0.5 ? 0 : 10 * (t - 0.5)) + 2.0 * minimum_jerk((t - 2.0) / 0.025); }, 2000, 3);
    const auto result = classify_gaze(g.t, g.x, g.y, {}, 500);
    CHECK(result.labels[100] == EyeMovement::Fixation);
    CHECK(result.labels[700] == EyeMovement::SmoothPursuit);
    CHECK(result.labels[1300] == EyeMovement::SmoothPursuit);
    CHECK(result.labels[1006] == EyeMovement::Saccade);
}

TEST_CASE("a catch-up saccade during fast pursuit is measured against the pursuit, not the screen") {
    // Pursuit accelerating at 200 deg/s^2 from 0.2 s to 30 deg/s (an eye's pursuit takes 100-200 ms to
    // reach the target's speed), with a 1 deg, 25 ms catch-up saccade at 1.0 s (peak about 105 deg/s on
    // the screen, 75 deg/s relative to the pursuit).
    const auto pursuit = [](double t) {
        return t < 0.2 ? 0 : t < 0.35 ? 100 * (t - 0.2) * (t - 0.2) : 2.25 + 30 * (t - 0.35);
    };
    const auto g = sampled_gaze([&](double t) { return pursuit(t) + minimum_jerk((t - 1.0) / 0.025); }, 1000, 5);
    const auto result = classify_gaze(g.t, g.x, g.y, {}, 500);
    // The thresholds come from the noise about the pursuit, not from the pursuit's own speed.
    CHECK(result.thresholds.peak_velocity_deg_s < 20);
    GazeClassifierOptions single_pass;
    single_pass.slow_phase_window_s = 0;
    CHECK(classify_gaze(g.t, g.x, g.y, {}, 500, single_pass).thresholds.peak_velocity_deg_s > 30);
    std::vector<GazeEvent> saccades;
    for (const auto& e : result.events)
        if (e.kind == EyeMovement::Saccade) saccades.push_back(e);
    REQUIRE(saccades.size() == 1);
    CHECK(std::abs(saccades[0].onset_s - 1.0) < 0.006);
    CHECK(std::abs(saccades[0].offset_s - 1.025) < 0.008);
    CHECK(result.labels[800] == EyeMovement::SmoothPursuit);
}

TEST_CASE("a stretch too short to be a fixation between two saccades is undefined (code 0)") {
    // 8 deg out, 30 ms of rest, 8 deg back: the rest is neither a fixation (< 40 ms) nor anything else.
    const double d = (2.2 * 8 + 21) / 1000;  // main-sequence duration
    const double out_at = 0.5, back_at = out_at + d + 0.030;
    const auto g = sampled_gaze(
        [&](double t) { return 8 * minimum_jerk((t - out_at) / d) - 8 * minimum_jerk((t - back_at) / d); }, 600, 6);
    const auto result = classify_gaze(g.t, g.x, g.y, {}, 500);
    CHECK(result.count(EyeMovement::Saccade) == 2);
    CHECK(result.count(EyeMovement::Undefined) == 1);
    const std::size_t rest = std::size_t((out_at + d + 0.015) * 500);
    CHECK(result.labels[rest] == EyeMovement::Undefined);
    CHECK(result.labels[100] == EyeMovement::Fixation);
    CHECK(result.labels[550] == EyeMovement::Fixation);
    CHECK(std::string(to_string(EyeMovement::Undefined)) == "undefined");
}

TEST_CASE("an overshoot swinging back after a shallow velocity minimum is PSO - the saccade ends at the turn") {
    // 2 deg saccade overshooting by 0.6 deg and swinging back in 12 ms from 0.321 s, while the eye
    // drifts 0.6 deg vertically through the turn (as in lund2013's dots recordings), so the speed at the
    // turn stays above a quarter of the saccade's peak (the depth that alone ends a saccade).
    const double d = (2.2 * 2.6 + 21) / 1000;
    std::mt19937 rng(3);
    std::normal_distribution<double> noise(0, 0.01);
    std::vector<double> t, x, y;
    for (int i = 0; i < 400; ++i) {
        const double s = i / 500.0;
        t.push_back(s);
        x.push_back(2.6 * minimum_jerk((s - 0.3) / d) - 0.6 * minimum_jerk((s - 0.321) / 0.012) + noise(rng));
        y.push_back(0.6 * minimum_jerk((s - 0.315) / 0.012) + noise(rng));
    }
    const auto result = classify_gaze(t, x, y, {}, 500);
    std::vector<GazeEvent> saccades;
    for (const auto& e : result.events)
        if (e.kind == EyeMovement::Saccade) saccades.push_back(e);
    REQUIRE(saccades.size() == 1);
    CHECK(saccades[0].offset_s < 0.327);                                   // at the turn, about 0.324 s
    CHECK(result.labels[165] == EyeMovement::PostSaccadicOscillation);     // 0.330 s, swinging back
    CHECK(result.labels[200] == EyeMovement::Fixation);
    // Without the direction rule the swing back is taken into the saccade.
    GazeClassifierOptions by_speed_only;
    by_speed_only.oscillation_by_direction = false;
    CHECK(classify_gaze(t, x, y, {}, 500, by_speed_only).labels[165] == EyeMovement::Saccade);
}

TEST_CASE("bad input is refused with the sample named") {
    std::vector<double> t{0, 0.002, 0.002, 0.006}, x{1, 1, 1, 1};
    try {
        classify_gaze(t, x, x, {}, 500);
        FAIL("non-increasing time was accepted");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::BadInput);
        CHECK(std::string(e.what()).find("sample 2") != std::string::npos);
    }
    CHECK_THROWS_AS(classify_gaze({0.0}, {1.0}, {1.0}, {}, 500), Error);
    CHECK_THROWS_AS(classify_gaze({0.0, std::nan("")}, {1.0, 1.0}, {1.0, 1.0}, {}, 500), Error);
    CHECK_THROWS_AS(classify_gaze({0.0, 0.002}, {1.0}, {1.0, 1.0}, {}, 500), Error);
}

TEST_CASE("quantised positions (a tracker reporting whole pixels) do not collapse the thresholds") {
    auto g = synthetic_gaze(500, 0.004);
    for (auto* axis : {&g.x, &g.y})
        for (double& v : *axis) v = std::round(v / 0.03) * 0.03;  // one pixel = 0.03 deg
    const auto result = classify_gaze(g.t, g.x, g.y, {}, 500);
    CHECK(result.thresholds.noise_sd_deg_s > 0);
    CHECK(result.count(EyeMovement::Saccade) == g.saccades_s.size());
}

TEST_CASE("degenerate recordings: all samples missing, or only two samples") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto lost = classify_gaze({0, 0.002, 0.004, 0.006}, {nan, nan, nan, nan}, {nan, nan, nan, nan}, {}, 500);
    for (auto label : lost.labels) CHECK(label == EyeMovement::Blink);
    REQUIRE(lost.events.size() == 1);
    const auto two = classify_gaze({0, 0.002}, {1, 1}, {2, 2}, {}, 0);
    CHECK(two.labels.size() == 2);
    CHECK(two.count(EyeMovement::Saccade) == 0);
}

TEST_CASE("a gaze Channel is classified with its nominal rate and confidences") {
    const auto g = synthetic_gaze(250, 0.01);
    Channel gaze("gaze", 250, {{"x", "deg"}, {"y", "deg"}});
    for (std::size_t i = 0; i < g.t.size(); ++i)
        gaze.push_back(g.t[i], {float(g.x[i]), float(g.y[i])}, i >= 100 && i < 110 ? 0.0f : 1.0f);
    const auto result = classify_gaze(gaze);
    CHECK(result.rate_hz == doctest::Approx(250));
    CHECK(result.labels[105] == EyeMovement::Blink);
    CHECK(result.count(EyeMovement::Saccade) == g.saccades_s.size());
    for (const auto& e : result.events)
        if (e.kind == EyeMovement::Saccade) CHECK(e.movement_onset_s <= e.onset_s);
    Channel unnamed("gaze", 250, {{"h", "deg"}, {"v", "deg"}});
    unnamed.push_back(0, {0.0f, 0.0f});
    CHECK_THROWS_AS(classify_gaze(unnamed), Error);
}
