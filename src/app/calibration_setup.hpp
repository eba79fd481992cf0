#pragma once
// What the calibration steps give the trackers and the stimulus window: the camera's ChArUco
// intrinsics (head pose), the hand board and sticker from the settings (fingertip), the hand plane
// from the stimulus screen's homography (fingertip in screen centimetres), and the measured screen
// geometry that puts targets at stated centimetres and degrees of visual angle.
//
// Screen centimetres: origin at the stimulus window's centre, x to the right, y up (the frame
// assess's hand targets and the virtual patient's movement plane use).

#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "live_tracking.hpp"
#include "purkinje/track/camera.hpp"
#include "purkinje/track/fingertip.hpp"
#include "purkinje/track/screen.hpp"
#include "settings.hpp"

namespace purkinje::app {

// The stimulus screen as measured: visible picture and viewing distance (cm).
struct ScreenGeometry {
    double width_cm = 52.0, height_cm = 32.5;
    double viewing_distance_cm = 57.0;
};
ScreenGeometry screen_geometry(const Settings& settings);

// A target at (h, v) degrees of visual angle (Fick: azimuth, then elevation) from the straight-ahead
// point at the window's centre, on a flat screen `distance_cm` away: its place on the screen (cm).
cv::Point2d degrees_to_screen_cm(double h_deg, double v_deg, double distance_cm);
cv::Point2d screen_cm_to_degrees(cv::Point2d cm, double distance_cm);

// Window pixels (origin top-left, y down) <-> screen cm, for a window `window_px` in size drawn at
// `px_per_cm` (the monitor's pixels over the measured width).
cv::Point2d window_px_to_screen_cm(cv::Point2d px, cv::Size window_px, double px_per_cm);
cv::Point2d screen_cm_to_window_px(cv::Point2d cm, cv::Size window_px, double px_per_cm);

// The hand plane: camera px -> screen cm through the screen homography (camera px -> window px).
track::PlaneScale hand_plane_from_screen(const track::ScreenHomography& homography, cv::Size window_px, double px_per_cm);

// The hand board and sticker as the settings give them.
struct HandBoard {
    int reference_id = 10;
    double reference_side_cm = 5;
    cv::Point2d reference_centre_cm{0, 0};
    track::HsvRange sticker;
};
HandBoard hand_board(const Settings& settings);

// What a session's calibration steps found, for every trial's trackers.
struct TrackingCalibration {
    HandBoard hand = hand_board(Settings{});
    std::optional<track::CameraIntrinsics> intrinsics;   // the chosen camera's, ChArUco (the new-session step)
    std::optional<track::CameraIntrinsics> head_camera_intrinsics;  // a paired trial's head camera's, ChArUco
    std::optional<track::PlaneScale> screen_plane;       // from the stimulus screen's homography
};
// For the session record: which intrinsics head pose used and how hand positions became cm.
std::string calibration_summary(const TrackingCalibration& calibration);
// Fills the trackers' setup of one trial from the calibration.
void apply_calibration(const TrackingCalibration& calibration, TrackingSetup& setup);

}  // namespace purkinje::app
