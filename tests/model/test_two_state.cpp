#include <cmath>
#include <doctest/doctest.h>
#include <random>

#include "purkinje/core/error.hpp"
#include "purkinje/model/two_state.hpp"

using namespace purkinje;
using namespace purkinje::model;

namespace {
// 300 trials: 30 baseline, 200 of adaptation to f = 1, 70 of washout; measurement noise sd 0.03.
AdaptationSeries noisy_series(const TwoStateParams& truth, unsigned seed, double noise_sd = 0.03) {
    AdaptationSeries s;
    for (int n = 0; n < 300; ++n) s.perturbation.push_back(n >= 30 && n < 230 ? 1.0 : 0.0);
    const auto x = simulate_two_state(truth, s.perturbation);
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, noise_sd);
    for (double v : x) s.adaptation.push_back(v + noise(rng));
    return s;
}
double relative_error(double estimate, double truth) { return std::abs(estimate - truth) / std::abs(truth); }
}  // namespace

TEST_CASE("two-state: the fast process learns and forgets, the slow one retains") {
    const TwoStateParams q{0.9, 0.15, 0.995, 0.02};
    std::vector<double> f(100, 1.0);
    const auto x = simulate_two_state(q, f);
    CHECK(x[0] == 0.0);
    CHECK(x[1] == doctest::Approx(0.17));
    CHECK(x[99] > x[10]);
}

TEST_CASE("two-state: parameters of noisy 300-trial series are recovered within 20%") {
    const TwoStateParams truth{0.92, 0.12, 0.996, 0.025};
    int within = 0;
    const int series_count = 10;
    for (unsigned seed = 1; seed <= series_count; ++seed) {
        TwoStateOptions options;
        options.bootstrap_resamples = seed == 1 ? 100 : 0;
        const auto fit = fit_two_state(noisy_series(truth, seed), options);
        const auto& p = fit.params;
        CHECK(p.A_s > p.A_f);
        CHECK(p.B_f > p.B_s);
        const bool ok = relative_error(p.A_f, truth.A_f) < 0.2 && relative_error(p.B_f, truth.B_f) < 0.2 &&
                        relative_error(p.A_s, truth.A_s) < 0.2 && relative_error(p.B_s, truth.B_s) < 0.2;
        within += ok;
        CHECK(fit.fit.quality.r_squared > 0.9);
        if (seed == 1) {
            const auto* b_s = fit.fit.parameter("B_s");
            REQUIRE(b_s);
            REQUIRE(b_s->ci_low);
            CHECK(*b_s->ci_low <= *b_s->ci_high);
            CHECK(*b_s->ci_low < truth.B_s * 1.5);
            CHECK(*b_s->ci_high > truth.B_s * 0.5);
        }
    }
    MESSAGE(within << " of " << series_count << " series had all four parameters within 20%");
    CHECK(within >= 9);
}

TEST_CASE("two-state: derived retention, extent, savings and aftereffect are those of the model") {
    const TwoStateParams truth{0.92, 0.12, 0.996, 0.025};
    TwoStateOptions options;
    options.bootstrap_resamples = 0;
    const auto fit = fit_two_state(noisy_series(truth, 7, 0.01), options);
    const auto& d = fit.derived;
    CHECK(d.fast_time_constant_trials < d.slow_time_constant_trials);
    CHECK(d.adaptation_extent > 0.8);
    CHECK(d.adaptation_extent < 1.0);
    CHECK(d.savings > 0);  // the slow process keeps a memory: re-adaptation is faster
    CHECK(d.aftereffect > 0.2);
    REQUIRE(d.measured_aftereffect);
    CHECK(*d.measured_aftereffect == doctest::Approx(d.aftereffect).epsilon(0.2));
}

TEST_CASE("two-state: bad series are refused") {
    AdaptationSeries s;
    s.perturbation = std::vector<double>(50, 0.0);
    s.adaptation = std::vector<double>(50, 0.0);
    CHECK_THROWS_AS(fit_two_state(s), Error);
    s.perturbation[10] = 1;
    s.adaptation.pop_back();
    CHECK_THROWS_AS(fit_two_state(s), Error);
}
