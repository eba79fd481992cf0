#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <numbers>
#include <random>

#include "purkinje/core/error.hpp"
#include "purkinje/model/vor.hpp"

using namespace purkinje;
using namespace purkinje::model;

namespace {
// A head impulse of the usual shape (a 150 ms half sine with a small rebound), the eye following it
// with `gain` after an 8 ms VOR latency, plus optionally one compensatory saccade (Gaussian velocity).
HeadImpulseTrace synthetic_impulse(double gain, double peak_dps, double saccade_onset_ms, double saccade_peak_dps,
                                   unsigned seed = 1) {
    const double fs = 250;
    const double start_ms = 120;
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.5);
    HeadImpulseTrace t;
    t.sample_rate_hz = fs;
    auto head = [&](double ms) {
        const double x = ms - start_ms;
        if (x < 0) return 0.0;
        if (x < 150) return peak_dps * std::sin(std::numbers::pi * x / 150);
        if (x < 350) return -0.1 * peak_dps * std::sin(std::numbers::pi * (x - 150) / 200);
        return 0.0;
    };
    for (int i = 0; i < 175; ++i) {
        const double ms = i * 1000.0 / fs;
        double eye = gain * head(ms - 8);
        if (saccade_peak_dps > 0) {
            const double centre = start_ms + saccade_onset_ms + 20;
            eye += saccade_peak_dps * std::exp(-0.5 * std::pow((ms - centre) / 7.0, 2));
        }
        t.head_velocity_dps.push_back(-(head(ms) + noise(rng)));  // a leftward impulse: negative
        t.eye_velocity_dps.push_back(-(eye + noise(rng)));
    }
    return t;
}
}  // namespace

TEST_CASE("head impulse: a normal VOR gives every gain near 1 and no saccade") {
    const auto a = analyse_head_impulse(synthetic_impulse(1.0, 200, 0, 0));
    CHECK(a.direction == -1);
    CHECK(a.peak_head_velocity_dps == doctest::Approx(200).epsilon(0.03));
    REQUIRE(a.gain_auc);
    CHECK(*a.gain_auc == doctest::Approx(1.0).epsilon(0.02));
    REQUIRE(a.gain_regression);
    CHECK(*a.gain_regression == doctest::Approx(1.0).epsilon(0.05));
    REQUIRE(a.gain_60ms);
    CHECK(*a.gain_60ms == doctest::Approx(1.0).epsilon(0.1));
    CHECK(a.saccades.empty());
    CHECK(a.artefacts.empty());
    CHECK(a.gains().size() == 5);
    CHECK(a.gains().front().definition == "auc_desaccaded");
}

TEST_CASE("head impulse: a covert saccade is found, timed and removed from the AUC gain") {
    for (double gain : {0.3, 0.5, 0.7}) {
        const auto a = analyse_head_impulse(synthetic_impulse(gain, 220, 90, 180));
        REQUIRE(a.gain_auc);
        CHECK(std::abs(*a.gain_auc - gain) <= 0.02);
        REQUIRE(!a.saccades.empty());
        const auto& s = a.saccades.front();
        CHECK(s.kind == CatchUpKind::Covert);
        CHECK(s.compensatory);
        // Onset of a Gaussian profile is ill-defined; the peak is not: 90 + 20 ms after impulse start,
        // and impulse onset (10% of peak) lies ~5 ms after the start.
        CHECK(s.peak_latency_ms == doctest::Approx(105).epsilon(0.08));
        CHECK(s.peak_velocity_dps > 150);
        CHECK(s.amplitude_deg > 1.5);
    }
}

TEST_CASE("head impulse: a late saccade is overt, and artefacts are flagged") {
    const auto late = analyse_head_impulse(synthetic_impulse(0.4, 200, 260, 150));
    REQUIRE(!late.saccades.empty());
    CHECK(late.saccades.back().kind == CatchUpKind::Overt);

    const auto slow = analyse_head_impulse(synthetic_impulse(1.0, 100, 0, 0));
    CHECK(std::find(slow.artefacts.begin(), slow.artefacts.end(), "head_peak_below_150dps") != slow.artefacts.end());

    const auto high = analyse_head_impulse(synthetic_impulse(1.5, 200, 0, 0));
    CHECK(std::find(high.artefacts.begin(), high.artefacts.end(), "gain_above_1.3_without_saccades") !=
          high.artefacts.end());
}

TEST_CASE("head impulse: bad input is refused with a readable error") {
    HeadImpulseTrace t = synthetic_impulse(1, 200, 0, 0);
    t.eye_velocity_dps.pop_back();
    CHECK_THROWS_AS(analyse_head_impulse(t), Error);
    t = synthetic_impulse(1, 200, 0, 0);
    t.head_velocity_dps[10] = std::nan("");
    try {
        analyse_head_impulse(t);
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("sample 10") != std::string::npos);
    }
}

TEST_CASE("PR score is the coefficient of variation of first-saccade latencies") {
    CHECK(!pr_score({100, 110, 120}).has_value());
    const auto pr = pr_score({100, 120, 140, 160});
    REQUIRE(pr);
    CHECK(*pr == doctest::Approx(100.0 * std::sqrt(2000.0 / 3.0) / 130.0));
}

TEST_CASE("sinusoidal VOR: gain and phase of a known response") {
    std::vector<double> t, h, e;
    std::mt19937 rng(3);
    std::normal_distribution<double> noise(0, 2);
    for (int i = 0; i < 2000; ++i) {
        const double s = i / 200.0;
        t.push_back(s);
        h.push_back(40 * std::sin(2 * std::numbers::pi * 0.5 * s) + noise(rng));
        e.push_back(0.8 * 40 * std::sin(2 * std::numbers::pi * 0.5 * s + 10 * std::numbers::pi / 180) + 3 + noise(rng));
    }
    const auto r = fit_sinusoidal_vor(t, h, e, 0.5);
    CHECK(r.gain == doctest::Approx(0.8).epsilon(0.02));
    CHECK(r.phase_deg == doctest::Approx(10).epsilon(0.1));
    CHECK(r.r_squared_eye > 0.95);
    CHECK_THROWS_AS(fit_sinusoidal_vor({0, 0.1}, {1, 2}, {1, 2}, 0.5), Error);
}
