// The camera-calibration step (app::CameraCalibrationRun on the virtual webcam filming a ChArUco board,
// sim::CharucoBoardSource) against the simulator's focal length, the app's scripted calibration walk
// under Xvfb, and the settings the calibration and the hand tracker read.

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include "../../src/app/camera_calibration.hpp"
#include "../../src/app/live_tracking.hpp"
#include "../../src/app/settings.hpp"
#include "gui_checks.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/sim/charuco_board.hpp"
#include "purkinje/sim/simulated_source.hpp"
#include "purkinje/track/camera.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {
app::SourceChoice simulated_webcam() {
    app::SourceChoice choice;
    choice.kind = app::SourceKind::Simulated;
    choice.width = 640;
    choice.height = 480;
    choice.fps = 30;
    return choice;
}

app::CameraCalibrationSnapshot run_to_end(app::CameraCalibrationRun& run) {
    for (int i = 0; i < 1200 && !run.snapshot().finished; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return run.snapshot();
}

// RMS of the live head tracker's yaw (turned right-positive) against the virtual head's, over a
// sinusoidal VOR trial of the face view, with these intrinsics (or a field-of-view guess).
double head_yaw_rms_deg(const std::optional<track::CameraIntrinsics>& intrinsics, double fov_guess_deg) {
    sim::SimulationConfig config;
    config.patient = sim::load_named_preset("healthy");
    config.task = sim::Task::VorSinusoid;
    config.view = sim::View::Face;
    config.size = {640, 480};
    config.fps = 30;
    config.seconds = 3;
    sim::SimulatedSource source(config);
    app::TrackingSetup setup;
    setup.view = "face";
    setup.rate_hz = config.fps;
    setup.headband = app::virtual_patient_headband();
    setup.horizontal_fov_deg = fov_guess_deg;
    setup.intrinsics = intrinsics;
    app::LiveTracking tracking(setup, {}, 1000);
    std::vector<double> truth;
    while (auto frame = source.next()) {
        tracking.push(*frame, frame->t_s);
        truth.push_back(source.last_truth().face.head.yaw_deg);
    }
    tracking.finish();
    const auto channels = tracking.channels();
    const auto head = std::find_if(channels.begin(), channels.end(), [](const Channel& c) { return c.name == names::kHead; });
    REQUIRE(head != channels.end());
    REQUIRE(head->size() == truth.size());
    double sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        if (head->confidence[i] <= 0) continue;
        const double e = -head->values[0][i] - truth[i];  // the tracker counts yaw to the patient's left
        sum += e * e;
        ++n;
    }
    REQUIRE(n > int(truth.size()) * 8 / 10);
    return std::sqrt(sum / n);
}
}  // namespace

TEST_CASE("camera calibration: the board at 12 poses is accepted and gives the simulated webcam's focal length") {
    const auto choice = simulated_webcam();
    app::CameraCalibrationRun run([choice] { return app::open_calibration_source(choice); }, app::CalibrationCriteria{}, false);
    const auto result = run_to_end(run);
    INFO(result.message);
    REQUIRE(result.finished);
    REQUIRE(result.intrinsics.has_value());
    const auto& k = result.intrinsics->camera_matrix;
    const double truth_focal = 0.95 * choice.width;  // sim/charuco_board.hpp
    MESSAGE("ChArUco on the virtual webcam: fx ", k(0, 0), " fy ", k(1, 1), " px vs ", truth_focal, " px truth; principal point (",
            k(0, 2), ", ", k(1, 2), ") vs (319.5, 239.5); RMS ", result.intrinsics->rms_reprojection_px, " px over ",
            result.intrinsics->frames_used, " views of ", result.frames, " frames");
    CHECK(result.accepted);
    CHECK(result.views == 12);
    CHECK(std::abs(k(0, 0) / truth_focal - 1) < 0.005);
    CHECK(std::abs(k(1, 1) / truth_focal - 1) < 0.005);
    CHECK(std::abs(k(0, 2) - 319.5) < 4);
    CHECK(std::abs(k(1, 2) - 239.5) < 4);
    CHECK(result.intrinsics->rms_reprojection_px < 0.3);
    CHECK_FALSE(result.intrinsics->guessed_from_fov);
    CHECK(result.kept.size() == 12);

    // Head pose with these intrinsics against the virtual head, beside a wide-angle guess (90 deg) and
    // the guess that happens to be the simulator's exact field of view.
    const double calibrated = head_yaw_rms_deg(result.intrinsics, 60);
    const double wrong_guess = head_yaw_rms_deg(std::nullopt, 90);
    const double exact_guess = head_yaw_rms_deg(std::nullopt, 2.0 * std::atan(0.5 / 0.95) * 180.0 / M_PI);
    MESSAGE("head yaw vs the virtual head (VOR sinusoid, 640x480): calibrated ", calibrated, " deg RMS; 90 deg guess ", wrong_guess,
            " deg RMS; exact guess ", exact_guess, " deg RMS");
    CHECK(calibrated < 1.0);
    CHECK(calibrated < wrong_guess);
}

TEST_CASE("camera calibration: a threshold below the achieved error rejects, and too few views give a message, not a result") {
    const auto choice = simulated_webcam();
    app::CalibrationCriteria strict;
    strict.max_rms_px = 0.001;
    strict.views_wanted = 6;
    app::CameraCalibrationRun run([choice] { return app::open_calibration_source(choice); }, strict, false);
    const auto rejected = run_to_end(run);
    REQUIRE(rejected.intrinsics.has_value());
    CHECK_FALSE(rejected.accepted);
    CHECK(rejected.message.find("Rejected") != std::string::npos);

    app::CameraCalibrationRun stopped([choice] { return app::open_calibration_source(choice); }, app::CalibrationCriteria{}, true);
    stopped.request_stop();
    const auto early = run_to_end(stopped);
    CHECK_FALSE(early.intrinsics.has_value());
    CHECK(early.message.find("at least 4") != std::string::npos);

    // A camera that cannot be opened ends the step with a message.
    app::SourceChoice missing;
    missing.kind = app::SourceKind::VideoFile;
    missing.video_path = "/nonexistent/board.mkv";
    app::CameraCalibrationRun broken([missing] { return app::open_calibration_source(missing); }, app::CalibrationCriteria{}, false);
    const auto failed = run_to_end(broken);
    CHECK_FALSE(failed.intrinsics.has_value());
    CHECK(failed.message.find("could not be opened") != std::string::npos);
}

TEST_CASE("camera calibration: a moving board and a repeated pose are not kept as views") {
    sim::CharucoPresentation presentation;
    presentation.poses = 2;
    sim::CharucoBoardSource source(presentation);
    sim::BoardFrameTruth truth;
    const track::CharucoBoardSpec board;
    const auto held = track::detect_charuco(source.render(0.2, 6, &truth), board, 6);
    CHECK(truth.still);
    const auto held_again = track::detect_charuco(source.render(0.3, 9), board, 9);
    const auto moving = track::detect_charuco(source.render(1.0, 30, &truth), board, 30);
    CHECK_FALSE(truth.still);
    REQUIRE(held.corners.size() >= 20);
    CHECK(app::corner_rms_px(held, held_again) < 0.5);  // sensor noise only
    CHECK(app::corner_rms_px(held, moving) > 2.0);
    CHECK_FALSE(app::is_new_pose(held_again, {held}, 16));
    const auto next_pose = track::detect_charuco(source.render(1.5, 45), board, 45);
    CHECK(app::is_new_pose(next_pose, {held}, 16));
}

TEST_CASE("camera calibration in the app: the scripted step under Xvfb is accepted, stored and used by head pose") {
    test::ScratchDir dir("gui-calibration");
    const auto shots = dir / "shots";
    const int status = test::run_app("--db '" + (dir / "cal.db").string() + "' --settings '" + (dir / "settings.json").string() +
                                     "' --script calibrate --shots '" + shots.string() + "' > '" + (dir / "out.txt").string() + "'");
    std::ifstream log_file(shots / "walk.log");
    std::stringstream log;
    log << log_file.rdbuf();
    INFO("calibration walk log:\n" << log.str());
    REQUIRE(status == 0);
    if (const char* keep = std::getenv("PURKINJE_KEEP_SHOTS"); keep && *keep)
        std::filesystem::copy(shots, keep, std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
    for (const char* screen : {"cal_01_new_session", "cal_02_collecting", "cal_03_accepted", "cal_04_live_head_calibrated",
                               "cal_05_head_camera_calibrated", "cal_06_paired_trial_head_camera_intrinsics", "cal_07_settings_refused"})
        test::check_screen(shots / (std::string(screen) + ".png"));
    // Stored beside the settings, per camera and image size; the walk log carries the numbers.
    const auto stored = track::load_intrinsics(dir / "cameras" / "simulated_webcam_640x480.yaml");
    MESSAGE("app calibration step: focal ", stored.camera_matrix(0, 0), " px (truth 608), RMS ", stored.rms_reprojection_px,
            " px over ", stored.frames_used, " views");
    CHECK(std::abs(stored.camera_matrix(0, 0) / 608.0 - 1) < 0.005);
    CHECK(stored.rms_reprojection_px < 1.0);
    CHECK(log.str().find("calibration: fx") != std::string::npos);
    // The head camera beside it, under its own key (the virtual webcam at 480x360: focal 0.95 x 480 px).
    const auto head = track::load_intrinsics(dir / "cameras" / "simulated_webcam_480x360.yaml");
    MESSAGE("app calibration step, head camera: focal ", head.camera_matrix(0, 0), " px (truth 456), RMS ", head.rms_reprojection_px, " px");
    CHECK(std::abs(head.camera_matrix(0, 0) / 456.0 - 1) < 0.01);
    CHECK(log.str().find("head camera calibration: fx") != std::string::npos);
    CHECK(log.str().find("FAIL") == std::string::npos);
}

TEST_CASE("settings: hand board, sticker and screen fields are validated, a file with a bad field names it") {
    app::Settings s;
    CHECK(app::settings_problems(s).empty());
    s.hand_reference_id = 60;
    s.sticker_saturation_low = 10;
    s.screen_width_cm = std::numeric_limits<double>::quiet_NaN();
    s.viewing_distance_cm = 0;
    const auto problems = app::settings_problems(s);
    CHECK(problems.size() == 4);
    test::ScratchDir dir("settings-fields");
    const auto file = dir / "settings.json";
    std::ofstream(file) << R"({ "viewing_distance_cm": 2 })";
    try {
        (void)app::load_settings(file);
        FAIL("a viewing distance of 2 cm was accepted");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("viewing distance") != std::string::npos);
    }
    app::Settings round_trip;
    round_trip.sticker_hue_low = 170;
    round_trip.sticker_hue_high = 10;  // red, wrapping
    round_trip.viewing_distance_cm = 65;
    app::save_settings(round_trip, file);
    CHECK(app::load_settings(file) == round_trip);
}
