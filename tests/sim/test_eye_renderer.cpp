// The eye camera agrees with its own truth: the dark pupil's centroid on noise-free frames lies on
// the truth centre, its outline has the truth's axes, and frames depend only on (seed, pose, index).

#include <cmath>
#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include "purkinje/sim/eye_renderer.hpp"

using namespace purkinje::sim;

namespace {
constexpr double kIrisLevel = 115, kPupilLevel = 18;

// Darkness-weighted centroid of the pupil: each pixel counts by how much of it is pupil.
cv::Point2d dark_centroid(const cv::Mat& img, cv::Point2d near, double radius, double* area = nullptr) {
    double sw = 0, sx = 0, sy = 0;
    for (int y = int(near.y - radius); y <= int(near.y + radius) + 1; ++y)
        for (int x = int(near.x - radius); x <= int(near.x + radius) + 1; ++x) {
            if (x < 0 || y < 0 || x >= img.cols || y >= img.rows) continue;
            const double w = std::clamp((kIrisLevel - img.at<std::uint8_t>(y, x)) / (kIrisLevel - kPupilLevel), 0.0, 1.0);
            sw += w;
            sx += w * x;
            sy += w * y;
        }
    if (area) *area = sw;
    return {sx / sw, sy / sw};
}
}  // namespace

TEST_CASE("the pupil's dark-pixel centroid lies within 0.1 px of the truth centre on noise-free frames") {
    for (const cv::Size size : {cv::Size(192, 192), cv::Size(320, 240), cv::Size(640, 480)}) {
        const EyeCameraRenderer renderer(EyeRenderSettings::clean(size), 7);
        double worst = 0;
        for (double h = -25; h <= 25; h += 6.3)
            for (double v = -20; v <= 20; v += 7.7) {
                EyePose pose;
                pose.h_deg = h;
                pose.v_deg = v;
                pose.pupil_diameter_mm = 3.3;
                EyeFrameTruth truth;
                const cv::Mat img = renderer.render(pose, 0, &truth);
                const double radius = truth.pupil_diameter_px / 2 + 3;
                const cv::Point2d c = dark_centroid(img, truth.pupil_centre_px, radius);
                worst = std::max(worst, cv::norm(c - truth.pupil_centre_px));
            }
        INFO("size " << size.width << "x" << size.height << ": worst centroid error " << worst << " px");
        CHECK(worst < 0.1);
    }
}

TEST_CASE("the pupil's area is the truth ellipse's, foreshortened with gaze") {
    const EyeCameraRenderer renderer(EyeRenderSettings::clean({320, 240}), 7);
    for (double h : {0.0, 20.0, 35.0}) {
        EyePose pose;
        pose.h_deg = h;
        EyeFrameTruth truth;
        const cv::Mat img = renderer.render(pose, 0, &truth);
        double area = 0;
        dark_centroid(img, truth.pupil_centre_px, truth.pupil_diameter_px / 2 + 3, &area);
        const double expected = CV_PI * truth.pupil_ellipse.size.width * truth.pupil_ellipse.size.height / 4;
        CHECK(area == doctest::Approx(expected).epsilon(0.01));
        CHECK(truth.pupil_ellipse.size.width == doctest::Approx(truth.pupil_diameter_px * std::cos(h * CV_PI / 180)).epsilon(1e-4));
    }
}

TEST_CASE("rightward and upward gaze move the pupil to the image right and top") {
    const EyeCameraRenderer renderer(EyeRenderSettings{}, 3);
    EyePose centre, right, up;
    right.h_deg = 15;
    up.v_deg = 10;
    CHECK(renderer.truth(right).pupil_centre_px.x > renderer.truth(centre).pupil_centre_px.x + 10);
    CHECK(renderer.truth(up).pupil_centre_px.y < renderer.truth(centre).pupil_centre_px.y - 10);
}

TEST_CASE("a frame depends only on the seed, the pose and the frame index") {
    EyeRenderSettings settings;
    settings.defocus = 0.5;
    const EyeCameraRenderer a(settings, 11), b(settings, 11), c(settings, 12);
    EyePose pose;
    pose.h_deg = 5;
    pose.vel_h_deg_s = 300;  // motion blur on
    const cv::Mat fa = a.render(pose, 4), fb = b.render(pose, 4), fa5 = a.render(pose, 5), fc = c.render(pose, 4);
    CHECK(cv::norm(fa, fb, cv::NORM_L1) == 0);
    CHECK(cv::norm(fa, fa5, cv::NORM_L1) > 0);  // new sensor noise
    CHECK(cv::norm(fa, fc, cv::NORM_L1) > 0);   // another patient's iris and noise
}

TEST_CASE("a blink covers the pupil and the truth says so") {
    const EyeCameraRenderer renderer(EyeRenderSettings{}, 3);
    EyePose open, closed;
    closed.eyelid_closure = 1.0;
    const auto t_open = renderer.truth(open), t_closed = renderer.truth(closed);
    CHECK(t_open.pupil_visible_fraction == doctest::Approx(1.0));
    CHECK_FALSE(t_open.blink);
    CHECK(t_closed.blink);
    CHECK(t_closed.pupil_visible_fraction == doctest::Approx(0.0));
    CHECK(t_closed.glints_px.empty());
    const cv::Mat img = renderer.render(closed, 0);
    const cv::Point c(int(t_closed.pupil_centre_px.x), int(t_closed.pupil_centre_px.y));
    CHECK(img.at<std::uint8_t>(c) > 100);  // skin, not pupil
}

TEST_CASE("every effect changes the frame, each by its own strength") {
    EyePose pose;
    pose.h_deg = 8;
    pose.vel_h_deg_s = 400;
    const cv::Mat clean = EyeCameraRenderer(EyeRenderSettings::clean({320, 240}), 5).render(pose, 0);
    for (int effect = 0; effect < 8; ++effect) {
        EyeRenderSettings s = EyeRenderSettings::clean({320, 240});
        double* strength[] = {&s.iris_texture, &s.glints, &s.eyelids, &s.lashes,
                              &s.sensor_noise, &s.motion_blur, &s.defocus, &s.uneven_illumination};
        *strength[effect] = 1.0;
        const cv::Mat img = EyeCameraRenderer(s, 5).render(pose, 0);
        INFO("effect " << effect);
        CHECK(cv::norm(img, clean, cv::NORM_L1) > 100);
    }
}
