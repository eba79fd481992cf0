#include <cmath>
#include <doctest/doctest.h>
#include <limits>

#include "purkinje/core/channel.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/finding.hpp"
#include "purkinje/core/time.hpp"

using namespace purkinje;

namespace {
Channel gaze(int n) {
    Channel c("gaze", 250.0, {{"x", "deg"}, {"y", "deg"}});
    for (int i = 0; i < n; ++i) c.push_back(i / 250.0, {float(i), float(-i)}, 1.0f);
    return c;
}
}  // namespace

TEST_CASE("a channel keeps one value per component per sample") {
    Channel c = gaze(10);
    CHECK(c.size() == 10);
    CHECK(c.component("y")[3] == -3.0f);
    CHECK(c.duration_s() == doctest::Approx(9 / 250.0));
    CHECK_NOTHROW(c.validate());
}

TEST_CASE("a channel refuses a sample with the wrong number of values") {
    Channel c = gaze(1);
    CHECK_THROWS_AS(c.push_back(1.0, {1.0f}), Error);
}

TEST_CASE("validation names the channel, the sample and what was expected") {
    Channel c = gaze(5);
    c.t_s[3] = c.t_s[2];
    try {
        c.validate();
        FAIL("validate accepted a repeated time stamp");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::BadInput);
        CHECK(std::string(e.what()).find("channel 'gaze', sample 3") != std::string::npos);
        CHECK(e.expected().find("increasing") != std::string::npos);
    }
    c = gaze(5);
    c.confidence[1] = 1.5f;
    CHECK_THROWS_AS(c.validate(), Error);
    c = gaze(5);
    c.values[1].pop_back();
    CHECK_THROWS_AS(c.validate(), Error);
}

TEST_CASE("asking for a missing component lists the ones there are") {
    Channel c = gaze(2);
    try {
        (void)c.component("z");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.expected() == "one of: x, y");
    }
}

TEST_CASE("channel equality is bitwise, so NaN samples compare equal to themselves") {
    Channel a = gaze(4);
    a.values[0][2] = std::numeric_limits<float>::quiet_NaN();
    a.confidence[2] = 0.0f;
    Channel b = a;
    CHECK(a == b);
    b.values[1][0] = -0.0f;  // differs from +0.0 in bits
    CHECK_FALSE(a == b);
}

TEST_CASE("a recording finds its channels by name and refuses duplicates") {
    Recording r;
    r.channels.push_back(gaze(3));
    CHECK(r.find("gaze") != nullptr);
    CHECK(r.find("hand") == nullptr);
    CHECK_THROWS_AS(r.at("hand"), Error);
    r.channels.push_back(gaze(3));
    CHECK_THROWS_AS(r.validate(), Error);
}

TEST_CASE("a normal range judges values and leaves unlimited ranges unjudged") {
    NormalRange range{0.8, 1.2, "test"};
    CHECK(range.judge(1.0) == Flag::Normal);
    CHECK(range.judge(0.5) == Flag::Low);
    CHECK(range.judge(1.5) == Flag::High);
    CHECK(range.judge(std::nan("")) == Flag::NotJudged);
    CHECK(NormalRange{}.judge(3.0) == Flag::NotJudged);
    CHECK(flag_from_string("high") == Flag::High);
    CHECK_THROWS_AS(flag_from_string("odd"), Error);
}

TEST_CASE("a unit after a number reads as a person reads it: no ratio, count or score annotation") {
    CHECK(purkinje::unit_after_number("cm") == "cm");
    CHECK(purkinje::unit_after_number("deg/s") == "deg/s");
    CHECK(purkinje::unit_after_number("1").empty());
    CHECK(purkinje::unit_after_number("{count}").empty());
    CHECK(purkinje::unit_after_number("{score}").empty());
    CHECK(purkinje::unit_after_number("{px}") == "px");
    CHECK(purkinje::unit_after_number("").empty());
    CHECK(purkinje::unit_after_number("{") == "{");
}

TEST_CASE("wall-clock stamps are ISO 8601 UTC") {
    CHECK(is_iso8601_utc(utc_now_iso8601()));
    CHECK_FALSE(is_iso8601_utc("2026-11-27 10:00:00"));
    CHECK(steady_now_s() > 0);
}
