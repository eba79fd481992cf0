#include "calibration_setup.hpp"

#include <cmath>
#include <cstdio>

namespace purkinje::app {
namespace {
constexpr double kDegPerRad = 180.0 / M_PI;
}

ScreenGeometry screen_geometry(const Settings& s) { return {s.screen_width_cm, s.screen_height_cm, s.viewing_distance_cm}; }

cv::Point2d degrees_to_screen_cm(double h_deg, double v_deg, double distance_cm) {
    const double h = h_deg / kDegPerRad, v = v_deg / kDegPerRad;
    // The line of sight (cos v sin h, sin v, cos v cos h) meets the screen plane z = distance.
    return {distance_cm * std::tan(h), distance_cm * std::tan(v) / std::cos(h)};
}

cv::Point2d screen_cm_to_degrees(cv::Point2d cm, double distance_cm) {
    return {std::atan2(cm.x, distance_cm) * kDegPerRad, std::atan2(cm.y, std::hypot(distance_cm, cm.x)) * kDegPerRad};
}

cv::Point2d window_px_to_screen_cm(cv::Point2d px, cv::Size window_px, double px_per_cm) {
    return {(px.x - 0.5 * window_px.width) / px_per_cm, (0.5 * window_px.height - px.y) / px_per_cm};
}

cv::Point2d screen_cm_to_window_px(cv::Point2d cm, cv::Size window_px, double px_per_cm) {
    return {0.5 * window_px.width + cm.x * px_per_cm, 0.5 * window_px.height - cm.y * px_per_cm};
}

track::PlaneScale hand_plane_from_screen(const track::ScreenHomography& homography, cv::Size window_px, double px_per_cm) {
    const cv::Matx33d window_to_cm(1 / px_per_cm, 0, -0.5 * window_px.width / px_per_cm,  //
                                   0, -1 / px_per_cm, 0.5 * window_px.height / px_per_cm,  //
                                   0, 0, 1);
    track::PlaneScale plane;
    plane.px_to_cm = window_to_cm * homography.camera_to_screen;
    char method[160];
    std::snprintf(method, sizeof method,
                  "stimulus screen homography (corner markers 0-3, %d corners, %.2f px RMS), %.2f px/cm on the screen",
                  homography.corners_used, homography.reprojection_rms_px, px_per_cm);
    plane.method = method;
    return plane;
}

HandBoard hand_board(const Settings& s) {
    HandBoard board;
    board.reference_id = s.hand_reference_id;
    board.reference_side_cm = s.hand_reference_side_cm;
    board.reference_centre_cm = {s.hand_reference_x_cm, s.hand_reference_y_cm};
    board.sticker = track::HsvRange{s.sticker_hue_low, s.sticker_hue_high, s.sticker_saturation_low, 255, s.sticker_value_low, 255};
    return board;
}

std::string calibration_summary(const TrackingCalibration& c) {
    char text[200];
    if (c.intrinsics)
        std::snprintf(text, sizeof text, "camera intrinsics: ChArUco, focal %.1f px, RMS %.3f px over %d views",
                      c.intrinsics->camera_matrix(0, 0), c.intrinsics->rms_reprojection_px, c.intrinsics->frames_used);
    else
        std::snprintf(text, sizeof text, "camera intrinsics: field-of-view guess (no ChArUco calibration)");
    std::string out = text;
    if (c.head_camera_intrinsics) {
        std::snprintf(text, sizeof text, "; head camera intrinsics: ChArUco, focal %.1f px, RMS %.3f px over %d views",
                      c.head_camera_intrinsics->camera_matrix(0, 0), c.head_camera_intrinsics->rms_reprojection_px,
                      c.head_camera_intrinsics->frames_used);
        out += text;
    }
    if (c.screen_plane) out += "; hand plane: " + c.screen_plane->method;
    else {
        std::snprintf(text, sizeof text, "; hand plane: reference marker id %d, %.2f cm", c.hand.reference_id, c.hand.reference_side_cm);
        out += text;
    }
    return out;
}

void apply_calibration(const TrackingCalibration& calibration, TrackingSetup& setup) {
    setup.fingertip_colour = calibration.hand.sticker;
    setup.reference_id = calibration.hand.reference_id;
    setup.reference_side_cm = calibration.hand.reference_side_cm;
    setup.reference_centre_cm = calibration.hand.reference_centre_cm;
    setup.intrinsics = calibration.intrinsics;
    setup.hand_plane = calibration.screen_plane;
}

}  // namespace purkinje::app
