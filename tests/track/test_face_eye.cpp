#include <cmath>
#include <vector>

#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/track/face_eye.hpp"

using namespace purkinje;
using namespace purkinje::track;

namespace {
// A webcam-sized eye: skin, a white sclera almond, a dark iris and pupil (4x4 supersampled).
cv::Mat eye_patch(cv::Point2d iris_centre) {
    const int k = 4;
    cv::Mat big(40 * k, 64 * k, CV_8U, cv::Scalar(170));
    cv::ellipse(big, cv::Point(32 * k, 20 * k), cv::Size(26 * k, 11 * k), 0, 0, 360, cv::Scalar(225), cv::FILLED);
    const cv::Point c(cvRound(((iris_centre.x + 0.5) * k - 0.5) * 16), cvRound(((iris_centre.y + 0.5) * k - 0.5) * 16));
    cv::Mat iris(big.size(), CV_8U, cv::Scalar(0));
    cv::circle(iris, c, 9 * k * 16, cv::Scalar(255), cv::FILLED, cv::LINE_8, 4);
    cv::Mat sclera(big.size(), CV_8U, cv::Scalar(0));
    cv::ellipse(sclera, cv::Point(32 * k, 20 * k), cv::Size(26 * k, 11 * k), 0, 0, 360, cv::Scalar(255), cv::FILLED);
    big.setTo(cv::Scalar(80), iris & sclera);  // the lids cover the iris top and bottom
    cv::circle(big, c, 3 * k * 16, cv::Scalar(25), cv::FILLED, cv::LINE_8, 4);
    cv::Mat patch;
    cv::resize(big, patch, {64, 40}, 0, 0, cv::INTER_AREA);
    return patch;
}
}  // namespace

TEST_CASE("face eye: gradient eye centre (Timm & Barth) within a pixel on a drawn eye") {
    for (int i = 0; i < 9; ++i) {
        const cv::Point2d truth(22.3 + 2.4 * i, 19.6 + 0.3 * (i % 3));
        const cv::Point2d found = eye_centre_by_gradients(eye_patch(truth));
        CHECK(cv::norm(found - truth) < 1.0);
    }
}

TEST_CASE("face eye: 9-point calibration recovers a quadratic map, 5-point a linear one") {
    std::vector<cv::Point2d> offsets, targets;
    const auto truth = [](cv::Point2d o) {
        return cv::Point2d(1 + 400 * o.x + 30 * o.y + 900 * o.x * o.x, -2 - 350 * o.y + 20 * o.x * o.y);
    };
    for (int gx = -1; gx <= 1; ++gx)
        for (int gy = -1; gy <= 1; ++gy) {
            const cv::Point2d o(0.04 * gx + 0.001 * gy, 0.03 * gy);
            offsets.push_back(o);
            targets.push_back(truth(o));
        }
    const GazeCalibration nine = GazeCalibration::fit(offsets, targets);
    CHECK(nine.terms() == 6);
    CHECK(nine.rms_residual_deg() < 1e-6);
    const cv::Point2d probe(0.013, -0.021);
    CHECK(cv::norm(nine.degrees(probe) - truth(probe)) < 1e-6);

    const std::vector<cv::Point2d> o5{{0, 0}, {0.04, 0}, {-0.04, 0}, {0, 0.03}, {0, -0.03}};
    std::vector<cv::Point2d> t5;
    for (const auto& o : o5) t5.emplace_back(300 * o.x, -300 * o.y);
    const GazeCalibration five = GazeCalibration::fit(o5, t5);
    CHECK(five.terms() == 3);
    CHECK(cv::norm(five.degrees({0.02, 0.01}) - cv::Point2d(6, -3)) < 1e-9);

    CHECK_THROWS_AS(GazeCalibration::fit({{0, 0}}, {{0, 0}}), Error);
    CHECK_THROWS_AS(GazeCalibration::fit(std::vector<cv::Point2d>(5, {0.01, 0.01}), t5), Error);
}

TEST_CASE("face eye: no face is out of view - a missing cascade is a clear error") {
    FaceEyeTracker tracker;
    CHECK(tracker.track(cv::Mat(480, 640, CV_8UC3, cv::Scalar(90, 100, 110)), 0).state == TrackState::OutOfView);
    FaceEyeParams params;
    params.face_cascade = "/nonexistent/cascade.xml";
    CHECK_THROWS_WITH_AS(FaceEyeTracker{params}, doctest::Contains("cascade.xml"), Error);
}
