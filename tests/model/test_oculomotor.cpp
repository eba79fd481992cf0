#include <cmath>
#include <doctest/doctest.h>
#include <numbers>
#include <random>

#include "purkinje/core/error.hpp"
#include "purkinje/model/oculomotor.hpp"

using namespace purkinje;
using namespace purkinje::model;

TEST_CASE("saccade trial: latency, primary gain and corrective saccades") {
    SaccadeTrial t;
    t.target_onset_s = 1.0;
    t.target_step_deg = 10;
    t.saccades = {{1.05, 1.09, -1.0, 80},   // before the response, away from the target: ignored
                  {1.20, 1.25, 7.5, 380},   // primary: hypometric
                  {1.45, 1.47, 2.0, 150}};  // corrective
    const auto m = saccade_trial_metrics(t);
    REQUIRE(m.latency_ms);
    CHECK(*m.latency_ms == doctest::Approx(200));
    CHECK(*m.gain == doctest::Approx(0.75));
    CHECK(m.corrective_saccades == 1);
    CHECK(*m.final_gain == doctest::Approx(0.95));
    CHECK(!m.anticipatory);
    t.target_step_deg = 0;
    CHECK_THROWS_AS(saccade_trial_metrics(t), Error);
}

TEST_CASE("main sequence: Vmax and C recovered from noisy saccades, intervals cover the truth") {
    int covered = 0;
    const int series = 20;
    for (unsigned seed = 1; seed <= series; ++seed) {
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> amp(1, 30);
        std::normal_distribution<double> noise(0, 15);
        std::vector<double> a, v;
        for (int i = 0; i < 80; ++i) {
            a.push_back(amp(rng));
            v.push_back(520 * (1 - std::exp(-a.back() / 8.0)) + noise(rng));
        }
        const auto fit = fit_main_sequence(a, v);
        CHECK(fit.vmax_dps == doctest::Approx(520).epsilon(0.05));
        CHECK(fit.c_deg == doctest::Approx(8).epsilon(0.15));
        const auto* vmax = fit.fit.parameter("Vmax_dps");
        REQUIRE(vmax);
        REQUIRE(vmax->ci_low);
        covered += *vmax->ci_low <= 520 && 520 <= *vmax->ci_high;
    }
    MESSAGE("Vmax 95% interval covered the truth in " << covered << " of " << series << " series");
    CHECK(covered >= 16);
    CHECK_THROWS_AS(fit_main_sequence({1, 2}, {100, 200}), Error);
}

TEST_CASE("gaze holding: the leaky integrator's time constant from centripetal drift") {
    const double tau = 5.0;
    std::vector<GazeHoldSegment> segments;
    for (double ecc : {-30.0, -15.0, 15.0, 30.0}) {
        GazeHoldSegment s;
        for (int i = 0; i < 100; ++i) {
            const double t = i * 0.01;
            s.t_s.push_back(t);
            s.position_deg.push_back(ecc * std::exp(-t / tau));
        }
        segments.push_back(s);
    }
    const auto fit = fit_gaze_holding(segments);
    REQUIRE(fit.time_constant_s);
    CHECK(*fit.time_constant_s == doctest::Approx(tau).epsilon(0.1));
    // A perfect integrator: no drift, no measurable leak, no number.
    for (auto& s : segments)
        for (auto& p : s.position_deg) p = s.position_deg.front();
    const auto healthy = fit_gaze_holding(segments);
    CHECK(!healthy.time_constant_s);
    CHECK(!healthy.fit.parameter("tau_s")->identifiable);
}
