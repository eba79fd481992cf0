#pragma once
// The virtual patient's webcam filming a printed ChArUco board that the clinician holds up at several
// poses, for the camera-calibration step. The camera is the face view's (a pinhole with focal length
// 0.95 x the image width, principal point at the image centre, no lens distortion: the truth a
// calibration is measured against). The board is the one track::CharucoBoardSpec describes by default
// (5 x 7 squares of 30 mm, 22 mm DICT_4X4_50 markers, OpenCV 4.6 aruco's drawing of it) on white paper
// with a 12 mm margin. Each pose is held still for `hold_s`, then the board moves to the next over
// `move_s` (those frames are a moving board, as a hand makes them). Lighting and sensor noise are the
// room's of the other webcam views.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/capture/frame_source.hpp"
#include "purkinje/sim/scene_renderers.hpp"

namespace purkinje::sim {

// Where the board is: turned about the camera's x axis (top edge away), its y axis (right edge away)
// and its optical axis, and its centre's position in the camera frame (cm; x right, y down, z forward).
struct BoardPose {
    double tilt_x_deg = 0, tilt_y_deg = 0, roll_deg = 0;
    double x_cm = 0, y_cm = 0, z_cm = 45;
};

struct CharucoPresentation {
    cv::Size size{640, 480};
    double fps = 30;
    int poses = 12;             // distinct poses shown, in turn (from a table of varied tilts and distances)
    double hold_s = 0.8;
    double move_s = 0.4;
    int squares_x = 5, squares_y = 7;
    double square_mm = 30, marker_mm = 22;
    int dictionary = 0;         // cv::aruco::DICT_4X4_50
    SceneSettings scene;        // lighting and sensor noise (size is taken from `size`)
    std::uint64_t seed = 1;
};

// The truth of one frame.
struct BoardFrameTruth {
    BoardPose pose;
    bool still = false;         // within a hold, not moving between poses
    int pose_index = 0;
    double focal_px = 0;
    cv::Point2d principal_point_px;
};

// The poses the board is shown at, in order (the same for the same count and seed).
std::vector<BoardPose> board_poses(int count, std::uint64_t seed);

class CharucoBoardSource : public capture::FrameSource {
public:
    explicit CharucoBoardSource(CharucoPresentation presentation);

    std::optional<capture::Frame> next() override;
    capture::SourceState state() const override { return state_; }
    double nominal_rate_hz() const override { return presentation_.fps; }
    cv::Size frame_size() const override { return presentation_.size; }
    std::string describe() const override;

    double focal_px() const { return focal_px_; }
    cv::Point2d principal_point_px() const { return principal_; }
    double seconds() const;
    // Truth of the frame the last next() returned.
    const BoardFrameTruth& last_truth() const { return last_truth_; }
    // The frame at time t_s (does not advance the stream).
    cv::Mat render(double t_s, std::int64_t frame_index, BoardFrameTruth* truth = nullptr) const;

private:
    CharucoPresentation presentation_;
    std::vector<BoardPose> poses_;
    double focal_px_;
    cv::Point2d principal_;
    cv::Mat print_;             // the printed page, grey, kPrintPxPerMm
    cv::Mat background_;
    std::shared_ptr<const detail::RoomEffects> room_;
    std::int64_t next_index_ = 0;
    capture::SourceState state_ = capture::SourceState::Running;
    BoardFrameTruth last_truth_;
};

}  // namespace purkinje::sim
