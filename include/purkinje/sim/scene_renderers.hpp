#pragma once
// The webcam views of the virtual patient.
//
// Face view: the patient's head, 60 cm in front of a pinhole camera (focal length 0.95 x the
// image width), wearing a headband with three printed ArUco markers (OpenCV 4.6 DICT_4X4_50, ids
// 0, 1, 2, 2.4 cm squares on a white border), with eyes whose iris and pupil turn with the gaze,
// blinks, a room behind, and lighting that drifts and switches.
//
// Hand view: a camera square onto the movement plane (a board in front of the patient), with a
// printed ArUco reference marker of known size lying in that plane (DICT_4X4_50 id 10, 5 cm), a
// cluttered background, the arm and the finger with a coloured fingertip marker (and optionally a
// small ArUco, id 20, 2 cm, on the back of the finger).

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

namespace purkinje::sim {

namespace detail {
struct RoomEffects;
}

struct SceneSettings {
    cv::Size size{640, 480};
    double sensor_noise = 1.0;      // 1: SD 2 grey levels
    double lighting_changes = 1.0;  // 1: slow +-12 % drift and switches of +-10 %
    double clutter = 1.0;           // hand view: background objects
    bool fingertip_aruco = false;   // hand view: a small marker on the finger
};

// A printed marker as the camera sees it.
struct MarkerTruth {
    int id = 0;
    std::array<cv::Point2d, 4> corners_px;  // OpenCV's order: top-left, top-right, bottom-right, bottom-left
    double side_cm = 0;
};

struct HeadPose {
    double yaw_deg = 0, pitch_deg = 0, roll_deg = 0;   // right, up, right ear down positive
    double x_cm = 0, y_cm = 0, z_cm = 0;               // patient's right, up, toward the camera
};

struct FaceFrameTruth {
    HeadPose head;
    double camera_distance_cm = 60;
    double focal_px = 0;
    std::vector<MarkerTruth> markers;        // visible markers only
    cv::Point2d right_iris_px, left_iris_px;  // the patient's right and left eye
    double gaze_h_deg = 0, gaze_v_deg = 0;    // eye in head
    double eyelid_closure = 0;
    double lighting_gain = 1;
};

struct HandFrameTruth {
    cv::Point2d fingertip_px;
    double fingertip_x_cm = 0, fingertip_y_cm = 0;  // in the movement plane
    double px_per_cm = 0;
    cv::Point2d plane_origin_px;                    // where (0, 0) cm is
    MarkerTruth reference;                          // the printed reference (id 10)
    std::vector<MarkerTruth> fingertip_markers;     // id 20 when enabled
    double lighting_gain = 1;
};

// The headband's printed markers as the face view draws them, in the head frame (cm; x = patient's
// right, y = up, z = forward, origin at the head's centre): the geometry a head-pose tracker's band
// layout is entered from. Each lies on the head's tangent plane at `centre`; `right` points toward the
// patient's left as the camera sees the print (its top-left to top-right edge), `up` along its top.
struct HeadbandMarker {
    int id = 0;
    cv::Point3d centre, normal, right, up;
    double side_cm = 0;       // the black square (its white border around it is not part of it)
    // Corners lifted 0.5 mm off the skin, ArUco order (top-left, top-right, bottom-right, bottom-left).
    std::array<cv::Point3d, 4> corners() const;
};
std::vector<HeadbandMarker> headband_markers();
// The band's spec sheet as a head tracker is given it (the app's and the CLI's head trackers of the
// virtual patient): each marker's corners (ArUco order) in mm, in a head frame with x to the patient's
// LEFT, y up and z forward, the tracker's convention rather than this simulator's.
std::map<int, std::array<cv::Point3f, 4>> headband_spec_mm();

struct FacePose {
    HeadPose head;
    double gaze_h_deg = 0, gaze_v_deg = 0, eyelid_closure = 0, pupil_diameter_mm = 4;
};

class FaceRenderer {
public:
    explicit FaceRenderer(SceneSettings settings = {}, std::uint64_t seed = 1);
    // A BGR frame at time t_s (lighting follows t_s, noise the frame index).
    cv::Mat render(const FacePose& pose, double t_s, std::int64_t frame_index, FaceFrameTruth* truth = nullptr) const;
    double focal_px() const { return focal_; }

private:
    SceneSettings settings_;
    std::uint64_t seed_;
    double focal_;
    cv::Mat background_;
    std::vector<cv::Mat> markers_;          // ids 0, 1, 2 as 8-bit images with their white border
    std::shared_ptr<const detail::RoomEffects> room_;  // lighting and sensor noise
};

class HandRenderer {
public:
    explicit HandRenderer(SceneSettings settings = {}, std::uint64_t seed = 1);
    // A BGR frame with the fingertip at (x_cm, y_cm) in the movement plane.
    cv::Mat render(double x_cm, double y_cm, double t_s, std::int64_t frame_index,
                   HandFrameTruth* truth = nullptr) const;
    double px_per_cm() const { return px_per_cm_; }

private:
    cv::Point2d to_px(double x_cm, double y_cm) const;
    SceneSettings settings_;
    std::uint64_t seed_;
    double px_per_cm_;
    cv::Point2d origin_;
    cv::Mat background_;
    MarkerTruth reference_;
    cv::Mat finger_marker_;
    std::shared_ptr<const detail::RoomEffects> room_;  // lighting and sensor noise
};

}  // namespace purkinje::sim
