// The screen homography (track::screen_homography) against an image of the stimulus window seen by a
// camera in a known perspective: the window's own frame (purkinje --stimulus-test writes it under
// Xvfb), warped by a chosen camera-from-screen homography.

#include <doctest/doctest.h>

#include <cstdio>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "../../src/app/screen_layout.hpp"
#include "gui_checks.hpp"
#include "purkinje/track/screen.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {

cv::Mat stimulus_frame(const test::ScratchDir& dir) {
    const auto shot = dir / "stimulus.png";
    const int status = test::run_app("--db '" + (dir / "s.db").string() + "' --settings '" + (dir / "settings.json").string() +
                                     "' --stimulus-test 20 --stimulus-shot '" + shot.string() + "' > /dev/null");
    REQUIRE(status == 0);
    const cv::Mat image = cv::imread(shot.string(), cv::IMREAD_GRAYSCALE);
    REQUIRE_FALSE(image.empty());
    return image;
}

// The point `p` (screen px) mapped by the 3x3 homography `h`.
cv::Point2d apply(const cv::Matx33d& h, cv::Point2d p) {
    const cv::Vec3d q = h * cv::Vec3d(p.x, p.y, 1);
    return {q[0] / q[2], q[1] / q[2]};
}

}  // namespace

TEST_CASE("screen homography: the stimulus window seen in perspective maps back within half a pixel") {
    test::ScratchDir dir("screen-homography");
    const cv::Mat screen = stimulus_frame(dir);
    const auto layout = app::stimulus_marker_layout(screen.size());
    const float w = float(screen.cols), h = float(screen.rows);
    // A 1280x960 camera to the left of and above the screen's normal: a keystoned, slightly rotated view.
    const std::vector<cv::Point2f> corners{{0, 0}, {w, 0}, {w, h}, {0, h}};
    const std::vector<cv::Point2f> seen{{170, 150}, {1120, 210}, {1060, 800}, {215, 860}};
    const cv::Matx33d camera_from_screen(cv::getPerspectiveTransform(corners, seen));
    cv::Mat camera;
    cv::warpPerspective(screen, camera, camera_from_screen, cv::Size(1280, 960), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                        cv::Scalar(70));
    cv::GaussianBlur(camera, camera, cv::Size(3, 3), 0.7);  // a camera's optics are not a perfect resampler
    const auto found = track::screen_homography(camera, layout);
    REQUIRE(found.has_value());
    MESSAGE("reprojection ", found->reprojection_rms_px, " px RMS, max ", found->reprojection_max_px, " px over ",
            found->corners_used, " corners");
    CHECK(found->corners_used == 16);
    CHECK(found->reprojection_rms_px < 0.5);
    // Every point of the screen lands where the known perspective puts it (and back).
    double worst_px = 0;
    for (double x = 0; x <= w; x += w / 8)
        for (double y = 0; y <= h; y += h / 8) {
            const cv::Point2d truth = apply(camera_from_screen, {x, y});
            worst_px = std::max(worst_px, cv::norm(found->to_camera({x, y}) - truth));
            worst_px = std::max(worst_px, cv::norm(found->to_screen(truth) - cv::Point2d(x, y)) * (1.0 / 1.5));
        }
    MESSAGE("largest error over a 9x9 grid of screen points: ", worst_px, " px");
    CHECK(worst_px < 1.0);

    // One marker covered (a hand in front of the screen): no homography rather than a wrong one.
    cv::Mat covered = camera.clone();
    const cv::Point2d c = apply(camera_from_screen, layout.corners_px[2][0]);
    cv::rectangle(covered, cv::Rect(int(c.x) - 10, int(c.y) - 10, 90, 90), cv::Scalar(40), cv::FILLED);
    CHECK_FALSE(track::screen_homography(covered, layout).has_value());
}
