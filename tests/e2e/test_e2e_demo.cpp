// The demo end to end: rendered eye, face and hand frames through the pupil, head pose and fingertip
// trackers, the analysis, the database rows and the printed table; and the flags each preset must
// (and must not) raise.

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "exam_demo.hpp"
#include "purkinje/assess/analysis.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/store/database.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {

std::set<std::string> abnormal(const std::vector<Finding>& findings) {
    std::set<std::string> out;
    for (const auto& f : findings)
        if (f.flag == Flag::High || f.flag == Flag::Low) out.insert(f.protocol + "/" + f.metric);
    return out;
}

std::string join(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s) out += x + " ";
    return out;
}

}  // namespace

TEST_CASE("demo: rendered frames to database rows to findings to the printed table") {
    test::ScratchDir dir("e2e_demo");
    const auto db_path = dir / "demo.db";
    const auto pdf_path = dir / "demo.pdf";
    const auto result = test::run_cli({"demo", "--preset", "mild_cerebellar_ataxia", "--db", db_path.string(),
                                       "--pdf", pdf_path.string()});
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    {
        std::ifstream pdf(pdf_path, std::ios::binary);
        std::string magic(5, '\0');
        pdf.read(magic.data(), 5);
        CHECK(magic == "%PDF-");
    }
    store::OpenOptions read_only;
    read_only.create_if_missing = false;
    read_only.read_only = true;
    auto db = store::Database::open(db_path, read_only);
    const auto sessions = db.list_sessions();
    REQUIRE(sessions.size() == 1);
    const Session s = db.load_session(sessions[0].id);
    CHECK(s.analysis_version == assess::kAlgorithmVersion);
    CHECK(s.trials.size() == cli::simulated_protocols().size());
    // Every channel came from tracked frames (a truth copy would have confidence 1 throughout): the
    // pupil tracker's confidence varies, the head pose's follows the markers seen, the fingertip's
    // the blob; and every protocol's channel was measured in most frames.
    std::map<std::string, bool> tracked;
    for (const auto& t : s.trials)
        for (const auto& c : t.recording.channels) {
            int measured = 0;
            for (float q : c.confidence) {
                tracked[c.name] = tracked[c.name] || (q > 0 && q < 1);
                measured += q > 0;
            }
            CHECK_MESSAGE(measured >= 0.8 * double(c.size()), t.protocol << "/" << c.name << ": " << measured << " of " << c.size());
        }
    CHECK(tracked[names::kGaze]);
    CHECK(tracked[names::kHead]);
    CHECK(tracked[names::kHand]);
    CHECK(result.output.find("face frames rendered and tracked") != std::string::npos);
    CHECK(result.output.find("hand frames rendered and tracked") != std::string::npos);
    // Every stored finding is printed with its value, unit and flag.
    REQUIRE(s.findings.size() > 20);
    for (const auto& f : s.findings) {
        CHECK_MESSAGE(result.output.find(f.metric) != std::string::npos, f.metric);
        CHECK(!f.unit.empty());
        CHECK(!f.method.empty());
        if (f.normal.low || f.normal.high) CHECK(!f.normal.citation.empty());
    }
    CHECK(result.output.find("SARA limb items") != std::string::npos);
    CHECK(result.output.find("reach_forward_model") != std::string::npos);
    CHECK(result.output.find("two_state_adaptation") != std::string::npos);
    // Re-analysis with a newer version adds beside the old one.
    auto rw = store::Database::open(db_path);
    const auto again = assess::analyse_session(rw.load_session(sessions[0].id));
    rw.add_analysis(sessions[0].id, std::string(assess::kAlgorithmVersion) + "-reanalysis", again.findings, again.fits);
    CHECK(rw.analyses(sessions[0].id).size() == 2);
}

TEST_CASE("presets: healthy raises no abnormal flag, ataxia raises the expected ones") {
    cli::ExamOptions o;
    o.track_frames = false;  // the rendered path is covered above; here the analysis is judged
    assess::AnalysisOptions ao;
    ao.bootstrap_resamples = 0;
    std::map<std::string, double> sara_sum;
    auto flags_of = [&](const std::string& preset) {
        const auto exam = cli::simulate_exam(sim::load_named_preset(preset), "PRESET", o);
        const auto a = assess::analyse_session(exam.session, ao);
        for (const auto& n : a.notes) MESSAGE(preset << ": " << n);
        for (const auto& p : a.protocols)
            if (p.sara_item) sara_sum[preset] += *p.sara_item;
        return abnormal(a.findings);
    };
    const auto healthy = flags_of("healthy");
    CHECK_MESSAGE(healthy.empty(), join(healthy));
    const auto mild = flags_of("mild_cerebellar_ataxia");
    MESSAGE("mild: " << join(mild));
    CHECK(mild.count("gaze_holding/integrator_time_constant_s"));
    CHECK(mild.count("nose_finger/sara_item_6") + mild.count("finger_chase/sara_item_5") +
              mild.count("fast_alternating/sara_item_7") >= 1);
    const auto severe = flags_of("severe_cerebellar_ataxia");
    MESSAGE("severe: " << join(severe));
    CHECK(severe.count("gaze_holding/integrator_time_constant_s"));
    CHECK(severe.count("finger_chase/sara_item_5"));
    CHECK(severe.count("nose_finger/sara_item_6"));
    CHECK(severe.count("fast_alternating/sara_item_7"));
    // Severity orders the SARA limb items (sum of items 5-7).
    CHECK(sara_sum["severe_cerebellar_ataxia"] > sara_sum["mild_cerebellar_ataxia"]);
    CHECK(sara_sum["mild_cerebellar_ataxia"] > sara_sum["healthy"]);
}

TEST_CASE("analyze: a hand CSV in mm gives tremor in cm as JSON - a slow head impulse recording is refused") {
    test::ScratchDir dir("e2e_analyze");
    {
        std::ofstream out(dir / "hand.csv");
        out << "t_s,x,y,z,marker_quality\n";
        for (int i = 0; i < 600; ++i) {
            const double t = i / 60.0;
            out << t << "," << 4.0 * std::sin(2 * 3.14159265358979 * 5.0 * t) << ",50,0,1\n";
        }
    }
    auto r = test::run_cli({"analyze", "--protocol", "postural-tremor", "--in", (dir / "hand.csv").string(),
                            "--units", "mm", "--json"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.output);
    CHECK(j["tremor_peak_hz"].get<double>() == doctest::Approx(5.0).epsilon(0.03));
    CHECK(j["tremor_amplitude_cm"].get<double>() == doctest::Approx(0.8).epsilon(0.1));
    r = test::run_cli({"analyze", "--protocol", "head-impulse", "--in", (dir / "hand.csv").string(), "--units", "deg"});
    CHECK(r.exit_code != 0);
    CHECK(r.output.find("at least 100 Hz") != std::string::npos);
}
