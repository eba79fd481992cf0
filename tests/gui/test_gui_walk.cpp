// The scripted walk: the real app under Xvfb steps through its screens, one screenshot per screen,
// and the database holds what the walk entered (and nothing it should have refused).

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <sstream>

#include "purkinje/store/database.hpp"
#include "gui_checks.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {

// A patient followed over three visits, stored through the library as any session would be. The
// numbers are test fixtures for the display, not results of an analysis.
void seed_followed_patient(store::Database& db) {
    Patient p;
    p.code = "P-0002";
    p.birth_year = 1958;
    p.sex = "male";
    p.diagnosis = "SCA3";
    db.add_patient(p);
    const char* dates[] = {"2026-01-12T09:30:00Z", "2026-04-20T10:00:00Z", "2026-09-02T14:15:00Z"};
    const double endpoint[] = {2.9, 2.4, 1.6};
    const double gain[] = {0.78, 0.82, 0.90};
    for (int i = 0; i < 3; ++i) {
        Session s;
        s.patient_code = p.code;
        s.started_at = dates[i];
        s.examiner = "test";
        s.camera = "seeded";
        s.analysis_version = "seed";
        Trial t;
        t.index = 0;
        t.protocol = "finger_chase";
        s.trials.push_back(t);
        Finding f;
        f.protocol = "finger_chase";
        f.metric = "endpoint_error_cm";
        f.label = "Endpoint error (dysmetria)";
        f.value = endpoint[i];
        f.unit = "cm";
        f.method = "mean_endpoint_distance";
        f.normal.high = 1.2;
        f.normal.citation = "seeded range for the display test";
        f.flag = f.normal.judge(f.value);
        f.ci_low = endpoint[i] - 0.3;
        f.ci_high = endpoint[i] + 0.3;
        s.findings.push_back(f);
        Finding g = f;
        g.protocol = "saccades";
        g.metric = "saccade_gain";
        g.label = "Saccade gain";
        g.value = gain[i];
        g.unit = "1";
        g.method = "primary_amplitude_over_step";
        g.normal.low = 0.85;
        g.normal.high = 1.05;
        g.flag = g.normal.judge(g.value);
        g.ci_low = gain[i] - 0.04;
        g.ci_high = gain[i] + 0.04;
        s.findings.push_back(g);
        db.save_session(s);
    }
}

}  // namespace

TEST_CASE("the scripted walk visits every screen, keeps what it entered and refuses what it should") {
    test::ScratchDir dir("gui-walk");
    const auto db_path = dir / "walk.db";
    {
        auto db = store::Database::open(db_path);
        seed_followed_patient(db);
    }
    const auto shots = dir / "shots";
    const int status = test::run_app("--db '" + db_path.string() + "' --settings '" + (dir / "settings.json").string() +
                               "' --script walk --shots '" + shots.string() + "'");
    std::ifstream log_file(shots / "walk.log");
    std::stringstream log;
    log << log_file.rdbuf();
    INFO("walk log:\n" << log.str());
    REQUIRE(status == 0);
    // PURKINJE_KEEP_SHOTS=<folder> keeps the screenshots (docs/images is made this way).
    if (const char* keep = std::getenv("PURKINJE_KEEP_SHOTS"); keep && *keep)
        std::filesystem::copy(shots, keep, std::filesystem::copy_options::overwrite_existing |
                                               std::filesystem::copy_options::recursive);

    const char* screens[] = {"01_patients",         "02_new_patient_empty_code", "03_new_patient",
                             "04_duplicate_code",   "05_patient_new",            "06_patient_history",
                             "07_new_session",      "08_new_session_plan",       "09_live_saccades",
                             "11_session_saved",    "12_patient_with_session",   "12b_exported",
                             "12c_review",          "12d_reanalysed",            "12e_review_findings",
                             "13_settings"};
    std::vector<cv::Mat> images;
    for (const char* name : screens) {
        test::check_screen(shots / (std::string(name) + ".png"));
        images.push_back(cv::imread((shots / (std::string(name) + ".png")).string(), cv::IMREAD_GRAYSCALE));
    }
    // Each step changed what is on screen.
    for (std::size_t i = 1; i < images.size(); ++i) {
        if (std::string(screens[i]) == "13_settings") continue;  // compared below against the patient list
        cv::Mat diff;
        cv::absdiff(images[i - 1], images[i], diff);
        CHECK_MESSAGE(cv::countNonZero(diff > 40) > 200, "screens " << std::string(screens[i - 1]) << " and " << std::string(screens[i]) << " look the same");
    }
    // The course plot shades the normal band (light green) and draws the series (Okabe-Ito blue points).
    const cv::Mat history = cv::imread((shots / "06_patient_history.png").string(), cv::IMREAD_COLOR);
    cv::Mat band, blue;
    cv::inRange(history, cv::Scalar(220, 235, 220), cv::Scalar(240, 250, 240), band);
    cv::inRange(history, cv::Scalar(150, 90, 0), cv::Scalar(200, 135, 30), blue);
    CHECK(cv::countNonZero(band) > 2000);
    CHECK(cv::countNonZero(blue) > 30);

    // The live screen showed the simulated eye camera: a grey image in the middle third.
    const cv::Mat live = cv::imread((shots / "09_live_saccades.png").string(), cv::IMREAD_GRAYSCALE);
    cv::Scalar camera_mean, camera_sd;
    cv::meanStdDev(live(cv::Rect(300, 130, 500, 370)), camera_mean, camera_sd);
    CHECK(camera_sd[0] > 20.0);

    // The review plots the trial's target steps from its stimulus log (x blue, y vermillion, Okabe-Ito).
    const cv::Mat review = cv::imread((shots / "12c_review.png").string(), cv::IMREAD_COLOR);
    cv::Mat review_blue, review_vermillion;
    cv::inRange(review, cv::Scalar(150, 90, 0), cv::Scalar(200, 135, 30), review_blue);
    cv::inRange(review, cv::Scalar(0, 70, 190), cv::Scalar(40, 120, 235), review_vermillion);
    CHECK(cv::countNonZero(review_blue) > 100);
    CHECK(cv::countNonZero(review_vermillion) > 50);

    auto db = store::Database::open(db_path);
    const auto walk_sessions = db.list_sessions("WALK-0001");
    REQUIRE(walk_sessions.size() == 1);
    const Session recorded = db.load_session(walk_sessions[0].id);
    REQUIRE_FALSE(recorded.trials.empty());
    // The review rejected the first trial with a note and saved the clinician's comment.
    CHECK_FALSE(recorded.trials.front().accepted);
    CHECK(recorded.trials.front().note == "blinked during the second target");
    CHECK(recorded.comment.find("repeat in 3 months") != std::string::npos);
    // Saving analysed the session; the review's re-analysis stored a second analysis version beside it.
    CHECK(db.analyses(walk_sessions[0].id).size() == 2);
    CHECK(log.str().find("FAIL  12d_reanalysed") == std::string::npos);
    bool has_saccades = false, has_finger_chase = false;
    for (const auto& trial : recorded.trials) {
        has_saccades |= trial.protocol == "saccades";
        has_finger_chase |= trial.protocol == "finger_chase";
        REQUIRE(trial.videos.size() == 1);
        CHECK(trial.videos[0].sha256.size() == 64);
        CHECK(trial.videos[0].frame_count >= 210);  // 7 s at 60 Hz: a loaded test machine may drop some, not most
        CHECK(std::filesystem::exists(dir.path() / trial.videos[0].path));
        CHECK_FALSE(trial.recording.events.empty());  // the stimulus log of the simulated schedule
        // The live trackers' channels: gaze in degrees (pupil tracker + 9-point calibration), the hand in cm.
        const Channel* tracked = trial.recording.find(trial.protocol == "saccades" ? "gaze" : "hand");
        REQUIRE(tracked != nullptr);
        CHECK(tracked->size() >= 210);
        CHECK(tracked->components.front().unit == (trial.protocol == "saccades" ? "deg" : "cm"));
        const auto measured = std::count_if(tracked->confidence.begin(), tracked->confidence.end(), [](float c) { return c > 0; });
        CHECK(measured >= static_cast<long>(tracked->size() * 8 / 10));
    }
    CHECK(has_saccades);
    CHECK(has_finger_chase);
    // Findings of both protocols from the analysis made when the session was saved (the re-analysis
    // left the rejected saccade trial out).
    const Session first_analysis = db.load_session(walk_sessions[0].id, std::string("assess-1.0"));
    for (const char* protocol : {"saccades", "finger_chase"})
        CHECK_MESSAGE(std::any_of(first_analysis.findings.begin(), first_analysis.findings.end(),
                                  [&](const Finding& f) { return f.protocol == protocol && std::isfinite(f.value); }),
                      "no finding for " << protocol);
    CHECK(recorded.camera.find("SimulatedSource") != std::string::npos);
    // The exports: a PDF report that names the patient's code, CSV tables and a FHIR bundle.
    const auto exports = dir / "exports";
    const auto pdf = exports / ("WALK-0001_session" + std::to_string(walk_sessions[0].id) + ".pdf");
    REQUIRE(std::filesystem::exists(pdf));
    {
        std::ifstream in(pdf, std::ios::binary);
        std::string head(5, '\0');
        in.read(head.data(), 5);
        CHECK(head == "%PDF-");
    }
    const auto text_file = dir / "report.txt";
    REQUIRE(std::system(("pdftotext '" + pdf.string() + "' '" + text_file.string() + "'").c_str()) == 0);
    std::ifstream text_in(text_file);
    std::stringstream text;
    text << text_in.rdbuf();
    CHECK(text.str().find("WALK-0001") != std::string::npos);
    CHECK(std::filesystem::exists(exports / ("WALK-0001_session" + std::to_string(walk_sessions[0].id) + ".fhir.json")));
    CHECK(std::filesystem::exists(exports / ("WALK-0001_session" + std::to_string(walk_sessions[0].id) + "_csv")));

    const auto walk_patient = db.find_patient("WALK-0001");
    REQUIRE(walk_patient.has_value());
    CHECK(walk_patient->birth_year == 1961);
    CHECK(walk_patient->sex == "female");
    CHECK_FALSE(walk_patient->identity.has_value());  // none entered, none stored
    CHECK(db.list_patients().size() == 2);            // the empty and the duplicate code were refused
    CHECK(db.list_sessions("P-0002").size() == 3);    // the seeded history is untouched
}

TEST_CASE("a broken settings file and an unusable database give messages, not crashes") {
    test::ScratchDir dir("gui-robust");
    const auto settings = dir / "settings.json";
    {
        std::ofstream out(settings);
        out << "{ \"camera_fps\": \"fast\" ";
    }
    const auto shot = dir / "shot.png";
    CHECK(test::run_app("--db '" + (dir / "ok.db").string() + "' --settings '" + settings.string() + "' --screenshot '" +
                  shot.string() + "' --frames 4") == 0);
    test::check_screen(shot);
    // A database path inside a file cannot be created: the app says so and exits with status 1.
    {
        std::ofstream out(dir / "not-a-folder");
        out << "x";
    }
    const int status = test::run_app("--db '" + (dir / "not-a-folder" / "x.db").string() + "' --settings '" +
                               settings.string() + "' --screenshot '" + shot.string() + "'");
    CHECK(WEXITSTATUS(status) == 1);
}
