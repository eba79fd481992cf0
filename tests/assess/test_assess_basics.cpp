// Norm tables, SARA item cut-offs, schedules and longitudinal change.

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>

#include "purkinje/assess/analysis.hpp"
#include "purkinje/assess/longitudinal.hpp"
#include "purkinje/assess/protocol.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using namespace purkinje::assess;

TEST_CASE("the shipped norm tables load and every range carries its citation") {
    const auto& table = NormTable::standard();
    REQUIRE(!table.rows().empty());
    for (const auto& row : table.rows()) {
        CHECK_MESSAGE(!row.range.citation.empty(), row.protocol << "/" << row.metric);
        CHECK_NOTHROW(protocol(row.protocol));
    }
    const auto vhit = table.range(names::kHeadImpulse, "vor_gain_60ms_left");
    REQUIRE(vhit.low);
    CHECK(*vhit.low == doctest::Approx(0.8));
    CHECK(vhit.judge(0.6) == Flag::Low);
    CHECK(table.range("saccades", "no_such_metric").judge(1.0) == Flag::NotJudged);
}

TEST_CASE("a malformed norm table names the file, the line and the column") {
    test::ScratchDir dir("assess_norms");
    {
        std::ofstream out(dir / "bad.csv");
        out << "protocol,metric,unit,low,high,population,citation\n";
        out << "saccades,saccade_gain,1,0.8,abc,adults,Someone 2000\n";
    }
    try {
        NormTable::load(dir.path());
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("bad.csv line 2 column high") != std::string::npos);
    }
    {
        std::ofstream out(dir / "bad.csv");
        out << "protocol,metric,unit,low,high,population,citation\n";
        out << "saccades,saccade_gain,1,0.8,,adults,\n";
    }
    CHECK_THROWS_WITH_AS(NormTable::load(dir.path()), doctest::Contains("without its source"), Error);
}

TEST_CASE("SARA items follow the scale's cut-offs") {
    CHECK(sara_finger_chase_item(1.5, 8) == 0);
    CHECK(sara_finger_chase_item(3.0, 8) == 1);
    CHECK(sara_finger_chase_item(10.0, 8) == 2);
    CHECK(sara_finger_chase_item(16.0, 8) == 3);
    CHECK(sara_finger_chase_item(3.0, 4) == 4);
    CHECK(sara_nose_finger_item(0.2, 8) == 0);
    CHECK(sara_nose_finger_item(1.5, 8) == 1);
    CHECK(sara_nose_finger_item(4.0, 8) == 2);
    CHECK(sara_nose_finger_item(6.0, 8) == 3);
    CHECK(sara_fast_alternating_item(0.05, 3.0) == 0);
    CHECK(sara_fast_alternating_item(0.15, 3.0) == 1);
    CHECK(sara_fast_alternating_item(0.25, 3.0) == 2);
    CHECK(sara_fast_alternating_item(0.05, 11.0) == 3);
    CHECK(sara_fast_alternating_item(0.05, std::nullopt) == 4);
}

TEST_CASE("every protocol has instructions and, unless imported, a reproducible schedule") {
    for (const auto& p : protocols()) {
        CHECK_MESSAGE(!p.examiner_instructions.empty(), p.key);
        CHECK_MESSAGE(!p.patient_instructions.empty(), p.key);
        CHECK_MESSAGE(!p.limits.empty(), p.key);
        if (p.view == View::Import) {
            CHECK_THROWS_AS(stimulus_schedule(p.key), Error);
            continue;
        }
        const auto a = stimulus_schedule(p.key, 7), b = stimulus_schedule(p.key, 7);
        CHECK_MESSAGE(!a.empty(), p.key);
        CHECK(a == b);
        for (std::size_t i = 1; i < a.size(); ++i) CHECK(a[i].t_s >= a[i - 1].t_s);
    }
    CHECK(stimulus_schedule(names::kFingerChase, 1) != stimulus_schedule(names::kFingerChase, 2));
    CHECK_THROWS_WITH_AS(protocol("tandem_gait"), doctest::Contains("finger_chase"), Error);
    CHECK(protocol(names::kHeadImpulse).min_rate_hz == 100);
}

TEST_CASE("change from baseline is judged against the MDC and the side of the normal range") {
    auto finding = [](double v) {
        Finding f;
        f.protocol = "finger_chase";
        f.metric = "endpoint_error_cm";
        f.value = v;
        f.unit = "cm";
        f.normal.high = 1.0;
        f.normal.citation = "x";
        return f;
    };
    const std::vector<std::vector<Finding>> course{{finding(6)}, {finding(5)}, {finding(3)}};
    auto changes = change_from_baseline(course, {{"finger_chase/endpoint_error_cm", {1.0, "test"}}});
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].change == doctest::Approx(-3));
    CHECK(changes[0].exceeds_mdc);
    CHECK(changes[0].verdict == "better");
    changes = change_from_baseline(course, {{"finger_chase/endpoint_error_cm", {4.0, "test"}}});
    CHECK(changes[0].verdict == "no detectable change");
    CHECK(change_from_baseline(course, {})[0].verdict == "no MDC known");
    // Two subjects measured twice: within-subject SD 1 -> MDC95 = 1.96 * sqrt(2).
    const auto mdc = mdc95_from_repeats({{1, 1 + std::sqrt(2.0)}, {5, 5 + std::sqrt(2.0)}});
    REQUIRE(mdc);
    CHECK(*mdc == doctest::Approx(1.96 * std::sqrt(2.0)));
}
