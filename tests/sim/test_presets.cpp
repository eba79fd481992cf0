#include <algorithm>
#include <doctest/doctest.h>
#include <fstream>

#include "purkinje/core/error.hpp"
#include "purkinje/core/paths.hpp"
#include "purkinje/sim/limb.hpp"
#include "purkinje/sim/movements.hpp"
#include "purkinje/sim/patient.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using namespace purkinje::sim;

namespace {
std::string error_of(const std::string& text) {
    try {
        preset_from_json(text, "broken.json");
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}
std::string healthy_text() { return preset_to_json(PatientParams{}); }
}  // namespace

TEST_CASE("the five presets load, each naming every parameter") {
    const auto names = preset_names();
    for (const char* expected : {"healthy", "mild_cerebellar_ataxia", "severe_cerebellar_ataxia",
                                 "unilateral_vestibular_loss", "floccular"}) {
        INFO(expected);
        CHECK(std::find(names.begin(), names.end(), std::string(expected)) != names.end());
        const PatientParams p = load_named_preset(expected);
        CHECK(p.name == expected);
        // A stable limb loop in every preset (an unstable one is a runaway, not a tremor).
        CHECK(limb_loop_mode(p.limb).decay_per_s > 0);
        CHECK(preset_from_json(preset_to_json(p), "round trip") == p);
    }
    PatientParams healthy = load_named_preset("healthy");
    healthy.description = PatientParams{}.description;
    CHECK(healthy == PatientParams{});  // the file and the code's defaults agree
}

TEST_CASE("the presets differ where the disease is") {
    const PatientParams healthy = load_named_preset("healthy");
    const PatientParams floccular = load_named_preset("floccular");
    const PatientParams uvl = load_named_preset("unilateral_vestibular_loss");
    const PatientParams severe = load_named_preset("severe_cerebellar_ataxia");
    // Floccular: VOR adaptation only.
    PatientParams f = floccular;
    f.vestibular.adaptation_b_fast = healthy.vestibular.adaptation_b_fast;
    f.vestibular.adaptation_b_slow = healthy.vestibular.adaptation_b_slow;
    f.name = healthy.name;
    f.description = healthy.description;
    CHECK(f == healthy);
    CHECK(uvl.vestibular.vor_gain_left < 0.5);
    CHECK(severe.limb.forward_model_weight_w < 0.9);
    CHECK(severe.eye.gaze_holding_tau_s < 5);
}

TEST_CASE("a malformed preset gives an error naming the file and the field") {
    std::string text = healthy_text();
    const auto replace = [](std::string s, const std::string& from, const std::string& to) {
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    CHECK(error_of("{ not json").find("broken.json") != std::string::npos);
    std::string missing = error_of(replace(text, "\"saccade_gain\": 1.0,", ""));
    CHECK(missing.find("broken.json") != std::string::npos);
    CHECK(missing.find("eye.saccade_gain") != std::string::npos);
    std::string wrong_type = error_of(replace(text, "\"pursuit_gain\": 0.95", "\"pursuit_gain\": \"high\""));
    CHECK(wrong_type.find("eye.pursuit_gain") != std::string::npos);
    std::string unknown = error_of(replace(text, "\"limb\": {", "\"limb\": {\n    \"tremor_hz\": 3,"));
    CHECK(unknown.find("limb.tremor_hz") != std::string::npos);
    std::string out_of_range = error_of(replace(text, "\"forward_model_weight_w\": 1.0", "\"forward_model_weight_w\": 1.5"));
    CHECK(out_of_range.find("limb.forward_model_weight_w") != std::string::npos);
    CHECK(error_of(replace(text, "\"vestibular\"", "\"vestibule\"")).find("vestibular") != std::string::npos);

    test::ScratchDir dir("sim_presets");
    std::ofstream(dir / "bad.json") << replace(text, "\"mass_kg\": 1.5", "\"mass_kg\": null");
    try {
        load_preset(dir / "bad.json");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::BadInput);
        CHECK(std::string(e.what()).find("bad.json") != std::string::npos);
        CHECK(std::string(e.what()).find("limb.mass_kg") != std::string::npos);
    }
    CHECK_THROWS_AS(load_named_preset("no_such_patient"), Error);
}

TEST_CASE("a rehabilitation course interpolates every parameter between its presets") {
    const RehabilitationCourse course = load_course(assets_dir() / "presets" / "course_cerebellar_rehabilitation.json");
    const PatientParams severe = load_named_preset("severe_cerebellar_ataxia");
    const PatientParams mild = load_named_preset("mild_cerebellar_ataxia");
    CHECK(course.at_session(0) == severe);
    CHECK(course.at_session(-3) == severe);
    CHECK(course.at_session(12) == mild);
    CHECK(course.at_session(40) == mild);
    const PatientParams mid = course.at_session(6);
    CHECK(mid.limb.forward_model_weight_w ==
          doctest::Approx(0.5 * (severe.limb.forward_model_weight_w + mild.limb.forward_model_weight_w)));
    CHECK(mid.eye.saccade_gain == doctest::Approx(0.5 * (severe.eye.saccade_gain + mild.eye.saccade_gain)));
    for (int s = 0; s <= 12; ++s) CHECK(limb_loop_mode(course.at_session(s).limb).decay_per_s > 0);
}

TEST_CASE("an unstable limb loop is refused with a reason, not simulated as a runaway") {
    PatientParams p;
    p.limb.forward_model_weight_w = 0.4;
    CHECK(limb_loop_mode(p.limb).decay_per_s < 0);
    CHECK_THROWS_AS(simulate_movements(p, Task::FingerChase, 5, 1), Error);
}
