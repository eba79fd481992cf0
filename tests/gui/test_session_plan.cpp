// The new-session form's camera choice: which protocols record the eye and head cameras together, whose
// gaze calibration a trial uses, and which camera formats the form refuses.
#include <doctest/doctest.h>

#include <cmath>

#include "../../src/app/head_camera_choice.hpp"
#include "../../src/app/session_plan.hpp"
#include "../../src/app/settings.hpp"
#include "purkinje/core/names.hpp"

using namespace purkinje;
using namespace purkinje::app;

TEST_CASE("session plan: a head camera pairs with the eye camera for the face-view (vestibular) protocols only") {
    SourceChoice choice;
    CHECK_FALSE(records_eye_and_head(choice, names::kHeadImpulse));
    CHECK(gaze_view(choice, names::kHeadImpulse) == "face");
    choice.head_camera.enabled = true;
    CHECK(records_eye_and_head(choice, names::kHeadImpulse));
    CHECK(records_eye_and_head(choice, names::kVorSinusoidal));
    CHECK(gaze_view(choice, names::kHeadImpulse) == "eye");
    CHECK_FALSE(records_eye_and_head(choice, names::kSaccades));
    CHECK(gaze_view(choice, names::kSaccades) == "eye");
    CHECK_FALSE(records_eye_and_head(choice, names::kFingerChase));
    CHECK(gaze_view(choice, names::kFingerChase) == "hand");
    CHECK_FALSE(records_eye_and_head(choice, "no_such_protocol"));
}

TEST_CASE("session plan: camera formats outside 16-8192 px or 1-1000 Hz, and NaN rates, are refused") {
    CHECK(usable_camera_format(640, 480, 100));
    CHECK(usable_camera_format(16, 16, 1000));
    CHECK_FALSE(usable_camera_format(640, 480, 0));
    CHECK_FALSE(usable_camera_format(640, 480, 0.5));
    CHECK_FALSE(usable_camera_format(640, 480, -30));
    CHECK_FALSE(usable_camera_format(640, 480, std::nan("")));
    CHECK_FALSE(usable_camera_format(640, 480, 1001));
    CHECK_FALSE(usable_camera_format(15, 480, 60));
    CHECK_FALSE(usable_camera_format(640, 9000, 60));

    SourceChoice choice;
    CHECK(head_camera_problem(choice).empty());  // no head camera, nothing to check
    choice.head_camera.enabled = true;
    CHECK(head_camera_problem(choice).empty());  // the virtual patient's face view
    choice.head_camera.fps = std::nan("");
    CHECK(head_camera_problem(choice).find("size or rate") != std::string::npos);
    choice.head_camera.fps = 100;
    choice.kind = SourceKind::Camera;
    choice.camera_index = 0;
    choice.head_camera.kind = SourceKind::Camera;
    choice.head_camera.camera_index = 0;
    CHECK(head_camera_problem(choice).find("another camera") != std::string::npos);
    choice.head_camera.camera_index = 1;
    CHECK(head_camera_problem(choice).empty());
    choice.head_camera.kind = SourceKind::VideoFile;
    choice.head_camera.video_path = "/nonexistent/face.mkv";
    CHECK(head_camera_problem(choice).find("/nonexistent/face.mkv") != std::string::npos);
}
