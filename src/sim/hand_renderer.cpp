// The hand view: camera square onto the movement plane, so plane cm map to px by one scale and
// an origin (the printed reference marker lets a tracker measure that scale).

#include <algorithm>
#include <cmath>
#include <numbers>

#include <opencv2/imgproc.hpp>

#include "draw.hpp"
#include "purkinje/sim/scene_renderers.hpp"
#include "random.hpp"
#include "scene_common.hpp"

namespace purkinje::sim {
namespace {
constexpr double kReferenceCm = 5.0;
constexpr double kFingerMarkerCm = 2.0;
constexpr double kFingertipDotCm = 1.6;
const cv::Scalar kMarkerGreen(60, 200, 40);  // BGR: a saturated green sticker
}  // namespace

HandRenderer::HandRenderer(SceneSettings settings, std::uint64_t seed) : settings_(settings), seed_(seed) {
    const int w = settings_.size.width, h = settings_.size.height;
    px_per_cm_ = w / 56.0;  // the plane from -28 to +28 cm across
    origin_ = {(w - 1) / 2.0, (h - 1) / 2.0};
    background_.create(settings_.size, CV_8UC3);
    detail::Random random(seed ^ 0x6861'6e64'0000'0000ull);
    for (int y = 0; y < h; ++y)
        background_.row(y).setTo(cv::Scalar(150 + 20.0 * y / h, 160 + 15.0 * y / h, 165 + 10.0 * y / h));
    // Clutter: objects on the board that are not the hand (none of them green).
    const int objects = int(std::round(25 * std::max(0.0, settings_.clutter)));
    for (int k = 0; k < objects; ++k) {
        const cv::Point2d c(random.uniform(0, w), random.uniform(0, h));
        const double size = random.uniform(0.02, 0.12) * w;
        cv::Scalar colour(random.uniform(30, 230), random.uniform(30, 120), random.uniform(30, 230));
        if (random.chance(0.5))
            detail::fill_polygon(background_, detail::ellipse_points(c, size / 2, size / 3, random.uniform(0, 3.14), 40), colour);
        else
            detail::fill_polygon(background_, {{c.x, c.y}, {c.x + size, c.y + size * 0.1}, {c.x + size * 0.9, c.y + size * 0.6},
                                               {c.x - size * 0.1, c.y + size * 0.5}}, colour);
        if (random.chance(0.3))
            detail::draw_line(background_, {random.uniform(0, w), random.uniform(0, h)},
                              {random.uniform(0, w), random.uniform(0, h)}, cv::Scalar(40, 40, 40), 2);
    }
    // The printed reference marker in the movement plane, lower left.
    const double x0 = -25, y0 = -11, side = kReferenceCm * 8 / 6;
    const std::array<cv::Point2d, 4> quad{to_px(x0, y0 + side), to_px(x0 + side, y0 + side), to_px(x0 + side, y0), to_px(x0, y0)};
    reference_ = detail::warp_marker(background_, detail::printed_marker(10), 10, quad, kReferenceCm);
    finger_marker_ = detail::printed_marker(20, 8);
    room_ = detail::RoomEffects::make(settings_, seed);
}

cv::Point2d HandRenderer::to_px(double x_cm, double y_cm) const {
    return {origin_.x + px_per_cm_ * x_cm, origin_.y - px_per_cm_ * y_cm};
}

cv::Mat HandRenderer::render(double x_cm, double y_cm, double t_s, std::int64_t frame_index, HandFrameTruth* truth) const {
    cv::Mat img = background_.clone();
    const cv::Scalar skin(110, 140, 195), sleeve(90, 60, 50);
    // The arm comes in from the lower right; the finger points from the hand to the fingertip.
    const cv::Point2d tip = to_px(x_cm, y_cm);
    const cv::Point2d elbow = to_px(22, -30);
    const double ux = tip.x - elbow.x, uy = tip.y - elbow.y, len = std::hypot(ux, uy);
    const cv::Point2d dir(ux / len, uy / len), normal(-dir.y, dir.x);
    const double s = px_per_cm_;
    const cv::Point2d wrist = tip - dir * (15 * s), knuckle = tip - dir * (7 * s);
    const auto quad = [&](cv::Point2d a, cv::Point2d b, double wa, double wb) {
        return std::vector<cv::Point2d>{a + normal * wa, b + normal * wb, b - normal * wb, a - normal * wa};
    };
    detail::fill_polygon(img, quad(elbow, wrist, 4.5 * s, 3.5 * s), sleeve);
    detail::fill_polygon(img, quad(wrist, knuckle, 3.0 * s, 4.2 * s), skin);
    detail::fill_polygon(img, detail::ellipse_points(knuckle - dir * (0.5 * s), 4.2 * s, 2.0 * s,
                                                     std::atan2(normal.y, normal.x), 40), skin);
    detail::fill_polygon(img, quad(knuckle, tip, 0.9 * s, 0.8 * s), skin);
    detail::fill_ellipse(img, tip, 0.8 * s, 0.8 * s, 0, skin);
    // The coloured fingertip marker, centred on the fingertip: the truth point.
    detail::fill_ellipse(img, tip, 0.5 * kFingertipDotCm * s, 0.5 * kFingertipDotCm * s, 0, kMarkerGreen);

    HandFrameTruth t;
    t.fingertip_px = tip;
    t.fingertip_x_cm = x_cm;
    t.fingertip_y_cm = y_cm;
    t.px_per_cm = px_per_cm_;
    t.plane_origin_px = origin_;
    t.reference = reference_;
    if (settings_.fingertip_aruco) {
        const cv::Point2d c = tip - dir * (3.5 * s);
        const double half = kFingerMarkerCm * 8 / 6 / 2 * s;
        // The sticker is upright in the plane (a tracker's pose, not the finger's, is the truth).
        const std::array<cv::Point2d, 4> q{cv::Point2d(c.x - half, c.y - half), cv::Point2d(c.x + half, c.y - half),
                                           cv::Point2d(c.x + half, c.y + half), cv::Point2d(c.x - half, c.y + half)};
        t.fingertip_markers.push_back(detail::warp_marker(img, finger_marker_, 20, q, kFingerMarkerCm));
    }
    t.lighting_gain = room_->apply(img, t_s, frame_index);
    if (truth) *truth = t;
    return img;
}

}  // namespace purkinje::sim
