#include <algorithm>
#include <cmath>
#include <vector>

#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/track/fingertip.hpp"
#include "synthetic_scene.hpp"

using namespace purkinje;
using namespace purkinje::track;

namespace {

// A skin-toned, slightly textured background with an anti-aliased coloured disc (the marker).
cv::Mat hand_scene(cv::Point2d centre, double radius, cv::Scalar bgr_colour, unsigned seed = 3) {
    const int k = 4;
    cv::Mat big(480 * k, 640 * k, CV_8UC3, cv::Scalar(120, 150, 200));
    cv::RNG rng(seed);
    for (int i = 0; i < 40; ++i)
        cv::circle(big, {rng.uniform(0, big.cols), rng.uniform(0, big.rows)}, rng.uniform(20, 200),
                   cv::Scalar(rng.uniform(90, 140), rng.uniform(120, 170), rng.uniform(170, 220)), cv::FILLED);
    cv::circle(big, cv::Point(cvRound(((centre.x + 0.5) * k - 0.5) * 16), cvRound(((centre.y + 0.5) * k - 0.5) * 16)),
               cvRound(radius * k * 16), bgr_colour, cv::FILLED, cv::LINE_8, 4);
    cv::Mat image;
    cv::resize(big, image, {640, 480}, 0, 0, cv::INTER_AREA);
    return image;
}

}  // namespace

TEST_CASE("fingertip: colour learnt from a region, sub-pixel centre within 0.5 px (median)") {
    const cv::Scalar green(60, 200, 40);
    const cv::Mat first = hand_scene({300.3, 200.6}, 9, green);
    FingertipParams params;
    params.colour = learn_marker_colour(first, cv::Rect(295, 196, 10, 10));
    FingertipTracker tracker(params);
    std::vector<double> errors;
    for (int i = 0; i < 30; ++i) {
        const cv::Point2d truth(150 + 11.37 * i, 120 + 7.13 * i);
        const FingertipResult r = tracker.track(hand_scene(truth, 9, green, 3 + i % 2), i);
        REQUIRE(r.state == TrackState::Tracked);
        CHECK(r.confidence > 0.8);
        errors.push_back(cv::norm(r.centre_px - truth));
    }
    std::sort(errors.begin(), errors.end());
    MESSAGE("colour fingertip error median ", errors[errors.size() / 2], " px, max ", errors.back());
    CHECK(errors[errors.size() / 2] <= 0.5);
    CHECK(errors.back() < 1.0);
}

TEST_CASE("fingertip: a red marker's hue range wraps through 0 - a grey region is refused") {
    const cv::Mat red = hand_scene({320, 240}, 12, cv::Scalar(30, 30, 220));
    const HsvRange range = learn_marker_colour(red, cv::Rect(314, 234, 12, 12));
    CHECK(range.contains(cv::Vec3b(0, 220, 220)));
    CHECK(range.contains(cv::Vec3b(178, 220, 220)));
    CHECK_FALSE(range.contains(cv::Vec3b(60, 220, 220)));
    const cv::Mat grey(100, 100, CV_8UC3, cv::Scalar(128, 128, 128));
    CHECK_THROWS_AS(learn_marker_colour(grey, cv::Rect(10, 10, 20, 20)), Error);
    CHECK_THROWS_AS(learn_marker_colour(grey, cv::Rect(90, 90, 20, 20)), Error);
}

TEST_CASE("fingertip: ArUco mode centre and centimetres from a reference marker in the plane") {
    const cv::Size size(640, 480);
    const CameraIntrinsics cam = CameraIntrinsics::from_field_of_view(size, 60);
    // The plane faces the camera, tilted 20 degrees; reference marker id 7 (5 cm) at its origin.
    const cv::Matx33d tilt = head_rotation_from_deg(10, 20, 0);
    const cv::Vec3d plane_origin(-60, 40, 500);
    cv::Mat image(size, CV_8U, cv::Scalar(140));
    testing::draw_band(image, HeadbandLayout::flat_strip({7}, 50, 0), cam, tilt, plane_origin);
    const auto scale = plane_scale_from_marker(image, 7, 5.0);
    REQUIRE(scale);
    const cv::Matx33d r = camera_rotation_from_head(tilt);
    std::vector<double> errors;
    for (int i = 0; i < 12; ++i) {
        // Fingertip marker id 10 (2 cm) at a known place in the same plane.
        const cv::Vec3d in_plane(80 + 6.1 * i, -30 + 4.3 * i, 0);
        HeadbandLayout finger = HeadbandLayout::flat_strip({10}, 20, 0);
        for (auto& p : finger.markers[10]) p += cv::Point3f(static_cast<float>(in_plane[0]), static_cast<float>(in_plane[1]), 0);
        cv::Mat frame = image.clone();
        testing::draw_band(frame, finger, cam, tilt, plane_origin);
        const cv::Vec3d cam_point = r * in_plane + plane_origin;
        const cv::Vec3d projected = cam.camera_matrix * cam_point;
        const cv::Point2d truth_px(projected[0] / projected[2], projected[1] / projected[2]);
        FingertipParams params;
        params.mode = FingertipParams::Mode::Aruco;
        FingertipTracker tracker(params, scale);
        const FingertipResult result = tracker.track(frame, i);
        REQUIRE(result.state == TrackState::Tracked);
        errors.push_back(cv::norm(result.centre_px - truth_px));
        REQUIRE(result.centre_cm);
        CHECK(result.centre_cm->x == doctest::Approx(in_plane[0] / 10).epsilon(0.01));
        CHECK(result.centre_cm->y == doctest::Approx(in_plane[1] / 10).epsilon(0.02));
    }
    std::sort(errors.begin(), errors.end());
    MESSAGE("ArUco fingertip error median ", errors[errors.size() / 2], " px");
    CHECK(errors[errors.size() / 2] <= 0.5);
}

TEST_CASE("fingertip: screen homography from the four corner markers") {
    const cv::Size size(640, 480);
    const CameraIntrinsics cam = CameraIntrinsics::from_field_of_view(size, 60);
    // A 40 x 30 cm screen, corner markers 3 cm, centres 2.5 cm in from each corner; plane y up.
    HeadbandLayout screen;
    const std::array<int, 4> ids{40, 41, 42, 43};
    const std::array<cv::Point2d, 4> centres_mm{{{-175, 125}, {175, 125}, {175, -125}, {-175, -125}}};
    for (int k = 0; k < 4; ++k) {
        auto one = HeadbandLayout::flat_strip({ids[k]}, 30, 0);
        for (auto& p : one.markers[ids[k]]) p += cv::Point3f(static_cast<float>(centres_mm[k].x), static_cast<float>(centres_mm[k].y), 0);
        screen.markers[ids[k]] = one.markers[ids[k]];
    }
    cv::Mat image(size, CV_8U, cv::Scalar(60));
    testing::draw_band(image, screen, cam, head_rotation_from_deg(-8, 5, 1), {0, 0, 700});
    std::array<cv::Point2d, 4> centres_cm;
    for (int k = 0; k < 4; ++k) centres_cm[k] = centres_mm[k] / 10.0;
    const auto scale = plane_scale_from_screen(image, ids, centres_cm);
    REQUIRE(scale);
    // The screen centre maps to (0, 0) cm.
    const cv::Matx33d r = camera_rotation_from_head(head_rotation_from_deg(-8, 5, 1));
    const cv::Vec3d p = cam.camera_matrix * (r * cv::Vec3d(0, 0, 0) + cv::Vec3d(0, 0, 700));
    const cv::Point2d cm = scale->to_cm({p[0] / p[2], p[1] / p[2]});
    CHECK(std::abs(cm.x) < 0.05);
    CHECK(std::abs(cm.y) < 0.05);
    CHECK_FALSE(plane_scale_from_screen(cv::Mat(size, CV_8U, cv::Scalar(60)), ids, centres_cm));
}

TEST_CASE("fingertip: lost and out-of-view states, bad frames") {
    FingertipParams params;
    params.colour = learn_marker_colour(hand_scene({320, 240}, 10, cv::Scalar(200, 60, 30)), cv::Rect(314, 234, 12, 12));
    FingertipTracker tracker(params);
    REQUIRE(tracker.track(hand_scene({320, 240}, 10, cv::Scalar(200, 60, 30)), 0).state == TrackState::Tracked);
    CHECK(tracker.track(hand_scene({-50, 240}, 10, cv::Scalar(200, 60, 30)), 1).state == TrackState::Lost);
    CHECK_THROWS_WITH_AS(tracker.track(cv::Mat(0, 0, CV_8UC3), 9), doctest::Contains("frame 9"), Error);
}
