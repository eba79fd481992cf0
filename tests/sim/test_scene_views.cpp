// The face and hand views agree with their truth: OpenCV's own ArUco detector finds the printed
// markers where the truth puts them, the fingertip marker's colour centroid lies on the truth
// fingertip, the eyes turn the right way, and frames are the same for the same seed.

#include <cmath>
#include <doctest/doctest.h>

#include <opencv2/aruco.hpp>
#include <opencv2/imgproc.hpp>

#include "purkinje/sim/scene_renderers.hpp"
#include "purkinje/sim/simulated_source.hpp"

using namespace purkinje;
using namespace purkinje::sim;

namespace {
struct Detected {
    std::vector<int> ids;
    std::vector<std::vector<cv::Point2f>> corners;
};
Detected detect(const cv::Mat& img) {
    Detected d;
    auto params = cv::aruco::DetectorParameters::create();
    params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_CONTOUR;
    cv::aruco::detectMarkers(img, cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50), d.corners, d.ids, params);
    return d;
}
// Corners an ArUco detector reports sit on the boundary pixels of the black square, up to about a
// pixel inside the true edge; their mean (the marker's centre) has no such bias.
double worst_corner_error(const Detected& d, const std::vector<MarkerTruth>& truth, int& matched,
                          double* worst_centre = nullptr) {
    double worst = 0, centre_error = 0;
    matched = 0;
    for (std::size_t i = 0; i < d.ids.size(); ++i)
        for (const auto& m : truth)
            if (m.id == d.ids[i]) {
                ++matched;
                cv::Point2d detected_centre, true_centre;
                for (std::size_t k = 0; k < 4; ++k) {
                    worst = std::max(worst, cv::norm(cv::Point2d(d.corners[i][k]) - m.corners_px[k]));
                    detected_centre += 0.25 * cv::Point2d(d.corners[i][k]);
                    true_centre += 0.25 * m.corners_px[k];
                }
                centre_error = std::max(centre_error, cv::norm(detected_centre - true_centre));
            }
    if (worst_centre) *worst_centre = centre_error;
    return worst;
}
SceneSettings quiet() {
    SceneSettings s;
    s.sensor_noise = 0;
    s.lighting_changes = 0;
    return s;
}
}  // namespace

TEST_CASE("face view: the ArUco detector finds the headband markers where the truth says") {
    const FaceRenderer renderer(SceneSettings{}, 4);
    for (double yaw : {-25.0, 0.0, 15.0}) {
        FacePose pose;
        pose.head.yaw_deg = yaw;
        pose.head.pitch_deg = 4;
        pose.head.roll_deg = -3;
        FaceFrameTruth truth;
        const cv::Mat img = renderer.render(pose, 2.0, 3, &truth);
        CHECK(img.type() == CV_8UC3);
        const Detected d = detect(img);
        int matched = 0;
        double centre = 0;
        const double worst = worst_corner_error(d, truth.markers, matched, &centre);
        INFO("yaw " << yaw << ": " << d.ids.size() << " detected, " << truth.markers.size() << " in truth, worst corner "
                    << worst << " px, worst centre " << centre << " px");
        CHECK(matched >= 2);
        CHECK(matched == int(d.ids.size()));  // nothing detected that the truth does not know
        CHECK(worst < 2.0);
        CHECK(centre < 0.3);
    }
}

TEST_CASE("face view: head and eyes turn the right way in the image") {
    const FaceRenderer renderer(quiet(), 4);
    FacePose straight, eyes_right, head_right;
    eyes_right.gaze_h_deg = 20;
    head_right.head.yaw_deg = 20;
    FaceFrameTruth a, b, c;
    renderer.render(straight, 0, 0, &a);
    renderer.render(eyes_right, 0, 0, &b);
    renderer.render(head_right, 0, 0, &c);
    // The patient faces the camera: their right is the image's left.
    CHECK(b.right_iris_px.x < a.right_iris_px.x - 2);
    CHECK(b.left_iris_px.x < a.left_iris_px.x - 2);
    CHECK(a.right_iris_px.x < a.left_iris_px.x);
    CHECK(c.right_iris_px.x < a.right_iris_px.x - 5);
}

TEST_CASE("hand view: the fingertip marker's colour centroid lies on the truth fingertip") {
    const HandRenderer renderer(quiet(), 9);
    for (const auto& p : std::vector<cv::Point2d>{{0, 0}, {12.3, -4.7}, {-14.1, 8.25}}) {
        HandFrameTruth truth;
        const cv::Mat img = renderer.render(p.x, p.y, 0, 0, &truth);
        // Greenness: how far a pixel has gone from the skin toward the marker's green.
        double sw = 0, sx = 0, sy = 0;
        const int r = int(2 * truth.px_per_cm);
        for (int y = int(truth.fingertip_px.y) - r; y <= int(truth.fingertip_px.y) + r; ++y)
            for (int x = int(truth.fingertip_px.x) - r; x <= int(truth.fingertip_px.x) + r; ++x) {
                const auto& px = img.at<cv::Vec3b>(y, x);
                const double w = std::clamp((double(px[1]) - px[2] + 0) / (200.0 - 40.0 + 55.0), 0.0, 1.0);
                // Skin (G 140, R 195) gives negative greenness; the marker (G 200, R 40) gives 1.
                sw += w;
                sx += w * x;
                sy += w * y;
            }
        const cv::Point2d c(sx / sw, sy / sw);
        INFO("fingertip " << p << " cm: centroid error " << cv::norm(c - truth.fingertip_px) << " px");
        CHECK(cv::norm(c - truth.fingertip_px) < 0.1);
        CHECK(truth.fingertip_px.x == doctest::Approx(truth.plane_origin_px.x + truth.px_per_cm * p.x));
    }
}

TEST_CASE("hand view: the printed reference marker gives the plane's scale") {
    SceneSettings settings;
    settings.fingertip_aruco = true;
    const HandRenderer renderer(settings, 9);
    HandFrameTruth truth;
    const cv::Mat img = renderer.render(5, 3, 1.0, 1, &truth);
    const Detected d = detect(img);
    std::vector<MarkerTruth> all{truth.reference};
    all.insert(all.end(), truth.fingertip_markers.begin(), truth.fingertip_markers.end());
    int matched = 0;
    double centre = 0;
    CHECK(worst_corner_error(d, all, matched, &centre) < 2.0);
    CHECK(centre < 0.3);
    CHECK(matched == 2);
    const double side_px = cv::norm(truth.reference.corners_px[1] - truth.reference.corners_px[0]);
    CHECK(side_px / truth.reference.side_cm == doctest::Approx(truth.px_per_cm).epsilon(1e-6));
}

TEST_CASE("SimulatedSource: face and hand views are the same for the same seed") {
    for (View view : {View::Face, View::Hand}) {
        SimulationConfig c;
        c.view = view;
        c.task = view == View::Face ? Task::HeadImpulse : Task::FingerChase;
        c.size = {320, 240};
        c.fps = 30;
        c.seconds = 3;
        c.seed = 77;
        SimulatedSource a(c), b(c);
        while (auto fa = a.next()) {
            auto fb = b.next();
            REQUIRE(fb);
            CHECK(cv::norm(fa->image, fb->image, cv::NORM_L1) == 0);
            CHECK(fa->image.type() == CV_8UC3);
        }
    }
}
