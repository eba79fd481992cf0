// Head pose and fingertip against the virtual patient's webcam views (sim face and hand
// renderers), the acceptance figures of issue 5 (docs/validation.md, ## track).

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>

#include "purkinje/sim/scene_renderers.hpp"
#include "purkinje/track/face_eye.hpp"
#include "purkinje/track/fingertip.hpp"
#include "purkinje/track/head_pose.hpp"

using namespace purkinje;

namespace {

// The sim's headband as printed (sim/scene_renderers.hpp): ids 0, 1, 2, 2.4 cm markers on the
// tangent planes of the head ellipsoid (semi-axes 7.5 right, 10.5 up, 9.5 forward cm) at 6.2 cm up,
// 4 cm right, centre and 4 cm left. Written here from that description, in the tracker's head
// frame (x = patient's left, y up, z forward), millimetres.
track::HeadbandLayout sim_headband() {
    const double ar = 7.5, au = 10.5, af = 9.5, half = 1.2;
    track::HeadbandLayout layout;
    for (int id = 0; id < 3; ++id) {
        const double r = 4.0 * (1 - id), u = 6.2;
        const cv::Vec3d c(r, u, af * std::sqrt(std::max(0.0, 1 - r * r / (ar * ar) - u * u / (au * au))));
        const cv::Vec3d n = cv::normalize(cv::Vec3d(c[0] / (ar * ar), c[1] / (au * au), c[2] / (af * af)));
        const cv::Vec3d a = cv::normalize(n.cross(cv::Vec3d(0, 1, 0)));
        const cv::Vec3d up = a.cross(n);
        const cv::Vec3d lifted = c + 0.05 * n;
        const std::array<cv::Vec3d, 4> corners{lifted - half * a + half * up, lifted + half * a + half * up,
                                               lifted + half * a - half * up, lifted - half * a - half * up};
        for (int k = 0; k < 4; ++k)  // sim head frame (right, up, forward) cm -> tracker frame mm
            layout.markers[id][k] = cv::Point3f(static_cast<float>(-10 * corners[k][0]), static_cast<float>(10 * corners[k][1]),
                                                static_cast<float>(10 * corners[k][2]));
    }
    return layout;
}

}  // namespace

TEST_CASE("head pose vs sim face view: median yaw error <= 0.5 deg") {
    const sim::FaceRenderer renderer(sim::SceneSettings{}, 3);
    track::CameraIntrinsics cam;
    cam.image_size = {640, 480};
    cam.camera_matrix = cv::Matx33d(renderer.focal_px(), 0, 319.5, 0, renderer.focal_px(), 239.5, 0, 0, 1);
    track::HeadPoseParams params;
    params.layout = sim_headband();
    track::HeadPoseTracker tracker(cam, params);
    std::vector<double> errors;
    int tracked = 0, frames = 0;
    for (int i = 0; i < 41; ++i, ++frames) {
        sim::FacePose pose;
        pose.head.yaw_deg = -30 + 1.5 * i;
        pose.head.pitch_deg = 4 * std::sin(0.3 * i);
        sim::FaceFrameTruth truth;
        const cv::Mat frame = renderer.render(pose, i / 30.0, i, &truth);
        const track::HeadPoseResult r = tracker.track(frame, i, i / 30.0);
        if (r.state != track::TrackState::Tracked) continue;
        ++tracked;
        // The sim counts yaw positive turning right; names::kHead (and the tracker) left positive.
        errors.push_back(std::abs(r.yaw_deg - (-truth.head.yaw_deg)));
    }
    REQUIRE(!errors.empty());
    std::sort(errors.begin(), errors.end());
    MESSAGE("sim face view: tracked ", tracked, "/", frames, ", yaw error median ", errors[errors.size() / 2], " deg, max ",
            errors.back());
    CHECK(tracked >= 0.9 * frames);
    CHECK(errors[errors.size() / 2] <= 0.5);
}

TEST_CASE("fingertip vs sim hand view: median error <= 0.5 px, centimetres from the reference marker") {
    const sim::HandRenderer renderer(sim::SceneSettings{}, 5);
    sim::HandFrameTruth truth;
    const cv::Mat first = renderer.render(0, 0, 0, 0, &truth);
    track::FingertipParams params;
    const cv::Point c(cvRound(truth.fingertip_px.x), cvRound(truth.fingertip_px.y));
    params.colour = track::learn_marker_colour(first, cv::Rect(c.x - 2, c.y - 2, 5, 5));
    cv::Mat grey;
    cv::cvtColor(first, grey, cv::COLOR_BGR2GRAY);
    const auto scale = track::plane_scale_from_marker(grey, 10, 5.0);
    track::FingertipTracker tracker(params, scale);
    std::vector<double> errors_px, errors_cm;
    std::optional<cv::Point2d> first_cm, first_truth_cm;
    for (int i = 0; i < 40; ++i) {
        const double x = 12 * std::sin(0.21 * i), y = 8 * std::cos(0.17 * i);
        const cv::Mat frame = renderer.render(x, y, i / 60.0, i, &truth);
        const track::FingertipResult r = tracker.track(frame, i);
        if (r.state != track::TrackState::Tracked) {
            errors_px.push_back(INFINITY);
            continue;
        }
        errors_px.push_back(cv::norm(r.centre_px - truth.fingertip_px));
        // The reference marker's frame has its own origin: compare displacements from the first frame.
        const cv::Point2d truth_cm(truth.fingertip_x_cm, truth.fingertip_y_cm);
        if (r.centre_cm && !first_cm) first_cm = *r.centre_cm, first_truth_cm = truth_cm;
        if (r.centre_cm) errors_cm.push_back(cv::norm((*r.centre_cm - *first_cm) - (truth_cm - *first_truth_cm)));
    }
    std::sort(errors_px.begin(), errors_px.end());
    MESSAGE("sim hand view: fingertip error median ", errors_px[errors_px.size() / 2], " px, 90th percentile ",
            errors_px[errors_px.size() * 9 / 10], " px");
    CHECK(errors_px[errors_px.size() / 2] <= 0.5);
    REQUIRE(scale);
    REQUIRE(!errors_cm.empty());
    std::sort(errors_cm.begin(), errors_cm.end());
    MESSAGE("sim hand view: displacement in cm from the reference marker, median error ", errors_cm[errors_cm.size() / 2], " cm");
    CHECK(errors_cm[errors_cm.size() / 2] <= 0.1);
}

TEST_CASE("face-view eye centres vs sim face view") {
    const sim::FaceRenderer renderer(sim::SceneSettings{}, 3);
    track::FaceEyeTracker tracker;
    std::vector<double> errors;
    int tracked = 0, frames = 0;
    for (int i = 0; i < 30; ++i, ++frames) {
        sim::FacePose pose;
        pose.head.yaw_deg = 3 * std::sin(0.2 * i);
        pose.gaze_h_deg = -15 + 1.0 * i;
        pose.gaze_v_deg = 5 * std::sin(0.3 * i);
        sim::FaceFrameTruth truth;
        const cv::Mat frame = renderer.render(pose, i / 30.0, i, &truth);
        const track::FaceEyeResult r = tracker.track(frame, i);
        if (r.state != track::TrackState::Tracked) continue;
        ++tracked;
        // eye_centre_px[0] is the patient's right eye (image left).
        errors.push_back(cv::norm(r.eye_centre_px[0] - truth.right_iris_px));
        errors.push_back(cv::norm(r.eye_centre_px[1] - truth.left_iris_px));
    }
    REQUIRE(!errors.empty());
    std::sort(errors.begin(), errors.end());
    MESSAGE("sim face view eyes: tracked ", tracked, "/", frames, ", iris centre error median ", errors[errors.size() / 2],
            " px, 90th percentile ", errors[errors.size() * 9 / 10], " px");
    CHECK(tracked >= 0.9 * frames);
    CHECK(errors[errors.size() / 2] <= 2.0);
}
