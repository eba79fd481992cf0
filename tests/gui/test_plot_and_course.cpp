// The pieces of the screens that are plain functions: plot ticks, and reading a metric's course.

#include <doctest/doctest.h>

#include <cmath>

#include "../../src/app/longitudinal.hpp"
#include "../../src/app/plot.hpp"

using namespace purkinje;
using namespace purkinje::app;

TEST_CASE("plot ticks are 1-2-5 steps inside the range") {
    const auto t = nice_ticks(0.0, 10.0, 6);
    REQUIRE(t.size() == 6);
    CHECK(t.front() == doctest::Approx(0.0));
    CHECK(t[1] - t[0] == doctest::Approx(2.0));
    CHECK(t.back() == doctest::Approx(10.0));
    const auto small = nice_ticks(0.83, 0.91, 5);
    REQUIRE(small.size() >= 3);
    CHECK(small.front() >= 0.83);
    CHECK(small.back() <= 0.91 + 1e-12);
    CHECK(small[1] - small[0] == doctest::Approx(0.02));
    const auto negative = nice_ticks(-37.0, 12.0, 6);
    for (double v : negative) CHECK(std::fmod(std::abs(v), 10.0) == doctest::Approx(0.0));
    CHECK(nice_ticks(1.0, 1.0, 5).empty());
    CHECK(nice_ticks(NAN, 1.0, 5).empty());
    CHECK(format_tick(0.9, 0.02) == "0.90");
    CHECK(format_tick(250.0, 50.0) == "250");
}

TEST_CASE("minimal detectable change from the findings' 95% intervals") {
    Finding a;
    a.value = 2.9;
    a.unit = "cm";
    Finding b = a;
    b.value = 2.4;
    CHECK_FALSE(minimal_detectable_change(a).has_value());  // no interval, no MDC
    CHECK_FALSE(compare_findings(a, b).threshold.has_value());
    CHECK_FALSE(compare_findings(a, b).detectable());
    a.ci_low = 2.6;
    a.ci_high = 3.2;  // SE = 0.6 / 3.92
    b.ci_low = 2.1;
    b.ci_high = 2.7;
    const double se = 0.6 / 3.92;
    CHECK(*minimal_detectable_change(a) == doctest::Approx(1.96 * std::sqrt(2.0) * se));
    const auto change = compare_findings(a, b);
    CHECK(change.difference == doctest::Approx(-0.5));
    CHECK(*change.threshold == doctest::Approx(0.6 / std::sqrt(2.0)));  // 0.424 cm
    CHECK(change.detectable());
    b.value = 2.6;
    CHECK_FALSE(compare_findings(a, b).detectable());
}

TEST_CASE("headline findings put the flagged ones first") {
    SessionFindings s;
    Finding normal;
    normal.metric = "a";
    normal.flag = Flag::Normal;
    Finding high = normal;
    high.metric = "b";
    high.flag = Flag::High;
    s.findings = {normal, normal, high};
    const auto h = s.headline(2);
    REQUIRE(h.size() == 2);
    CHECK(h[0]->metric == "b");
    CHECK(h[1]->metric == "a");
}
