#pragma once
// Head pose from an ArUco headband (DICT_4X4_50): the visible markers' corners against their known
// 3-D positions on the band, cv::solvePnP, then yaw/pitch/roll and angular velocity.
//
// Head frame (the band's): x to the camera's right, y up, z out of the forehead toward the camera
// when the patient faces it. Angles are intrinsic Y-X-Z (yaw, then pitch, then roll), relative to
// the reference pose (facing the camera until set_reference() is called):
//   yaw_deg   > 0: the face turns toward the camera's right (the patient's left)
//   pitch_deg > 0: chin up
//   roll_deg  > 0: the head tilts counter-clockwise as the camera sees it
// Angular velocity is from consecutive poses, in the head frame, deg/s (yaw, pitch, roll axes).

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/core/channel.hpp"
#include "purkinje/track/camera.hpp"
#include "purkinje/track/frame_tracker.hpp"
#include "purkinje/track/markers.hpp"
#include "purkinje/track/track_state.hpp"

namespace purkinje::track {

// Where each marker's corners sit on the band, millimetres, head frame, ArUco corner order.
struct HeadbandLayout {
    std::map<int, std::array<cv::Point3f, 4>> markers;
    // Markers in a row on a flat front plate, centred on the forehead.
    static HeadbandLayout flat_strip(const std::vector<int>& ids, double marker_mm, double gap_mm);
    // Markers around the head on a cylinder of `radius_mm`, `step_deg` apart, the middle one in front.
    static HeadbandLayout cylinder(const std::vector<int>& ids, double marker_mm, double radius_mm, double step_deg);
};

struct HeadPoseParams {
    // Five 25 mm markers around the front of the head (radius 90 mm, 25 degrees apart): a curved
    // band keeps yaw well conditioned, which a flat plate facing the camera does not.
    HeadbandLayout layout = HeadbandLayout::cylinder({0, 1, 2, 3, 4}, 25, 90, 25);
    int dictionary = kDefaultDictionary;
    double search_margin = 0.6;  // tracking window: the last markers' box grown by this share
};

struct HeadPoseResult {
    TrackState state = TrackState::OutOfView;
    double confidence = 0;
    double yaw_deg = 0, pitch_deg = 0, roll_deg = 0;
    double yaw_velocity_deg_s = 0, pitch_velocity_deg_s = 0, roll_velocity_deg_s = 0;
    bool has_velocity = false;
    cv::Vec3d rvec, tvec_mm;        // band-to-camera, OpenCV convention
    double reprojection_px = 0;     // RMS over the corners used
    bool intrinsics_guessed = false; // angles rest on a field-of-view guess, not a calibration
    std::vector<DetectedMarker> markers;  // band markers seen this frame
};

class HeadPoseTracker {
public:
    HeadPoseTracker(CameraIntrinsics intrinsics, HeadPoseParams params = {});
    HeadPoseResult track(const cv::Mat& image, std::int64_t frame_index, double t_s);
    // Makes the last tracked pose the zero of yaw/pitch/roll (e.g. looking at the centre target).
    bool set_reference();
    const CameraIntrinsics& intrinsics() const { return intrinsics_; }

private:
    CameraIntrinsics intrinsics_;
    HeadPoseParams params_;
    cv::Matx33d reference_ = cv::Matx33d::eye();  // head-frame rotation taken as zero
    std::optional<cv::Matx33d> last_rotation_;     // head-frame rotation of the last tracked frame
    std::optional<cv::Vec3d> last_rvec_, last_tvec_;
    double last_t_s_ = 0;
    std::vector<DetectedMarker> last_markers_;
};

// Yaw/pitch/roll (deg) of a head-frame rotation, Y-X-Z as documented above.
cv::Vec3d yaw_pitch_roll_deg(const cv::Matx33d& head_rotation);
// The head-frame rotation of given yaw/pitch/roll (deg): the inverse of yaw_pitch_roll_deg.
cv::Matx33d head_rotation_from_deg(double yaw_deg, double pitch_deg, double roll_deg);
// Band-to-camera rotation for a head-frame rotation (and back).
cv::Matx33d camera_rotation_from_head(const cv::Matx33d& head_rotation);

// "head" channel: yaw (left +), pitch (up +), roll [deg]; "head_velocity": the same axes [deg/s]
// (core/names.hpp).
Channel make_head_channel(double nominal_rate_hz);
Channel make_head_velocity_channel(double nominal_rate_hz);
void append_head_sample(Channel& head, Channel& velocity, double t_s, const HeadPoseResult& result);
void draw_head_pose(cv::Mat& bgr, const HeadPoseResult& result, const CameraIntrinsics& intrinsics);

// Rows: yaw_deg, pitch_deg, roll_deg, yaw_vel_deg_s, pitch_vel_deg_s, roll_vel_deg_s, x_mm, y_mm,
// z_mm, markers, reprojection_px, intrinsics_guessed (1 = field-of-view guess).
std::unique_ptr<FrameTracker> make_head_frame_tracker(CameraIntrinsics intrinsics, HeadPoseParams params,
                                                      double nominal_rate_hz);

}  // namespace purkinje::track
