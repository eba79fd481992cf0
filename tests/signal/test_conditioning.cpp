#include <cmath>
#include <doctest/doctest.h>
#include <limits>

#include "purkinje/core/error.hpp"
#include "purkinje/signal/conditioning.hpp"

using namespace purkinje;
using namespace purkinje::signal;

TEST_CASE("pixels become degrees of visual angle from the screen's centre") {
    const ScreenGeometry screen{1024, 768, 0.38, 0.30, 0.67};
    std::vector<double> x{512, 1024, std::nan("")}, y{384, 0, 384};
    pixels_to_degrees(screen, x, y);
    CHECK(x[0] == doctest::Approx(0.0));
    CHECK(x[1] == doctest::Approx(std::atan(0.19 / 0.67) * 180 / M_PI));
    CHECK(y[1] == doctest::Approx(-std::atan(0.15 / 0.67) * 180 / M_PI));
    CHECK(std::isnan(x[2]));
    const ScreenGeometry broken{1024, 768, 0.38, 0.30, 0};
    CHECK_THROWS_AS(pixels_to_degrees(broken, x, y), Error);
}

TEST_CASE("short gaps are bridged, long gaps and edges never") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> t, x, y;
    for (int i = 0; i < 200; ++i) {
        t.push_back(i * 0.002);
        x.push_back(i * 0.01);
        y.push_back(0);
    }
    for (int i = 20; i < 50; ++i) x[std::size_t(i)] = nan;    // 60 ms: bridged
    for (int i = 100; i < 140; ++i) x[std::size_t(i)] = nan;  // 80 ms: kept missing
    x[0] = nan;                                               // at the edge: nothing to bridge to
    const auto c = condition_series(t, x, y, {}, 0);
    CHECK(c.rate_hz == doctest::Approx(500));
    CHECK_FALSE(c.resampled);
    REQUIRE(c.gaps.size() == 3);
    CHECK_FALSE(c.gaps[0].bridged);
    CHECK(c.gaps[1].bridged);
    CHECK(c.gaps[1].duration_s == doctest::Approx(0.060));
    CHECK_FALSE(c.gaps[2].bridged);
    CHECK(c.x[35] == doctest::Approx(0.35));
    CHECK_FALSE(c.measured[35]);
    CHECK(std::isnan(c.x[120]));
}

TEST_CASE("irregular time stamps are resampled onto a uniform grid and a hole in time is a gap") {
    std::vector<double> t, x, y;
    for (int i = 0; i < 100; ++i) {
        if (i >= 40 && i < 50) continue;  // 20 ms without samples
        const double ti = i * 0.004 + ((i % 3) - 1) * 0.0008;
        t.push_back(ti);
        x.push_back(2 * ti);
        y.push_back(-ti);
    }
    const auto c = condition_series(t, x, y, {}, 250);
    CHECK(c.resampled);
    for (std::size_t k = 0; k < c.size(); ++k) {
        CHECK(c.t_s[k] == doctest::Approx(t.front() + double(k) * 0.004));
        CHECK(c.x[k] == doctest::Approx(2 * c.t_s[k]).epsilon(1e-6));
    }
    REQUIRE(c.gaps.size() == 1);
    CHECK(c.gaps[0].bridged);
    CHECK(c.grid_index_of_input.size() == t.size());
}
