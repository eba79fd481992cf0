#include <algorithm>
#include <cmath>
#include <vector>

#include <doctest/doctest.h>

#include "purkinje/core/error.hpp"
#include "purkinje/track/head_pose.hpp"
#include "support/test_support.hpp"
#include "synthetic_scene.hpp"

using namespace purkinje;
using namespace purkinje::track;

TEST_CASE("head pose: yaw/pitch/roll decomposition inverts its construction") {
    for (double yaw : {-40.0, -5.0, 0.0, 25.0})
        for (double pitch : {-20.0, 0.0, 15.0})
            for (double roll : {-10.0, 0.0, 7.0}) {
                const cv::Vec3d a = yaw_pitch_roll_deg(head_rotation_from_deg(yaw, pitch, roll));
                CHECK(a[0] == doctest::Approx(yaw).epsilon(1e-9));
                CHECK(a[1] == doctest::Approx(pitch).epsilon(1e-9));
                CHECK(a[2] == doctest::Approx(roll).epsilon(1e-9));
            }
}

TEST_CASE("head pose: synthetic headband, median yaw error under 0.5 deg, velocity from consecutive frames") {
    const cv::Size size(640, 480);
    const CameraIntrinsics cam = CameraIntrinsics::from_field_of_view(size, 60);
    HeadPoseParams params;
    HeadPoseTracker tracker(cam, params);
    std::vector<double> yaw_errors;
    const double dt = 1.0 / 60;
    double previous_yaw = 0;
    for (int i = 0; i < 25; ++i) {
        const double yaw = -30 + 2.5 * i, pitch = 5 * std::sin(0.4 * i), roll = 3 * std::cos(0.3 * i);
        const cv::Mat frame = testing::render_band(params.layout, cam, head_rotation_from_deg(yaw, pitch, roll),
                                                   {10, -20, 550}, size);
        const HeadPoseResult r = tracker.track(frame, i, i * dt);
        REQUIRE(r.state == TrackState::Tracked);
        CHECK(r.intrinsics_guessed);
        CHECK(r.markers.size() >= 3);
        yaw_errors.push_back(std::abs(r.yaw_deg - yaw));
        CHECK(std::abs(r.pitch_deg - pitch) < 1.5);
        CHECK(std::abs(r.roll_deg - roll) < 0.5);
        if (i > 0) {
            REQUIRE(r.has_velocity);
            CHECK(r.yaw_velocity_deg_s == doctest::Approx((yaw - previous_yaw) / dt).epsilon(0.25));
        }
        previous_yaw = yaw;
    }
    std::sort(yaw_errors.begin(), yaw_errors.end());
    MESSAGE("head yaw error median ", yaw_errors[yaw_errors.size() / 2], " deg, max ", yaw_errors.back());
    CHECK(yaw_errors[yaw_errors.size() / 2] <= 0.5);
}

TEST_CASE("head pose: no band in view is out of view, and the reference pose zeroes the angles") {
    const cv::Size size(640, 480);
    const CameraIntrinsics cam = CameraIntrinsics::from_field_of_view(size, 60);
    HeadPoseTracker tracker(cam);
    CHECK(tracker.track(cv::Mat(size, CV_8U, cv::Scalar(100)), 0, 0).state == TrackState::OutOfView);
    const auto layout = HeadPoseParams{}.layout;
    tracker.track(testing::render_band(layout, cam, head_rotation_from_deg(12, 0, 0), {0, 0, 550}, size), 1, 0.1);
    REQUIRE(tracker.set_reference());
    const HeadPoseResult r =
        tracker.track(testing::render_band(layout, cam, head_rotation_from_deg(22, 0, 0), {0, 0, 550}, size), 2, 0.2);
    CHECK(r.yaw_deg == doctest::Approx(10).epsilon(0.05));
    CHECK_THROWS_AS(tracker.track(cv::Mat(), 3, 0.3), Error);
}

TEST_CASE("camera: intrinsics survive a YAML round trip - a missing file is a clear error") {
    purkinje::test::ScratchDir dir("track_camera");
    CameraIntrinsics c = CameraIntrinsics::from_field_of_view({640, 480}, 70);
    c.distortion = {0.1, -0.02, 0, 0, 0};
    save_intrinsics(dir / "cam.yaml", c);
    const CameraIntrinsics back = load_intrinsics(dir / "cam.yaml");
    CHECK(back.camera_matrix(0, 0) == doctest::Approx(c.camera_matrix(0, 0)));
    CHECK(back.distortion.size() == 5);
    CHECK(back.guessed_from_fov);
    CHECK_THROWS_WITH_AS(load_intrinsics(dir / "none.yaml"), doctest::Contains("none.yaml"), Error);
}
