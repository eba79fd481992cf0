#pragma once
// The camera-calibration step of a new session: the clinician holds the printed ChArUco board
// (track::CharucoBoardSpec: 5 x 7 squares of 30 mm, DICT_4X4_50) in front of the camera at several
// poses. On a worker thread every frame is searched for the board's corners (drawn live); a frame
// becomes a calibration view when the board is held still (its corners moved less than `still_px`
// RMS since the previous frame) and shows a pose unlike every view kept so far (its corners lie on
// average `new_pose_fraction` x the image width from theirs). Once `views_wanted` views are kept (or
// the clinician stops with at least 4), track::CharucoCalibrator computes the intrinsics and their RMS
// reprojection error; the calibration is accepted when that error is at most the stated threshold.
// Accepted intrinsics are kept per camera (its kind, number or file, and image size) beside the
// settings, and the head-pose tracker uses them instead of the field-of-view guess.

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/capture/frame_source.hpp"
#include "purkinje/track/camera.hpp"
#include "session_plan.hpp"

namespace purkinje::app {

struct CalibrationCriteria {
    track::CharucoBoardSpec board;
    int views_wanted = 12;
    int min_corners = 12;             // of the default board's 24 inner corners
    double still_px = 1.5;            // RMS corner movement from the previous frame
    double new_pose_fraction = 0.025; // mean corner distance to every kept view, x image width
    double max_rms_px = 1.0;          // accept the calibration at or below this RMS reprojection error
};

struct CameraCalibrationSnapshot {
    cv::Mat overlay;                  // BGR: the newest frame with its corners (green when kept)
    std::int64_t overlay_index = -1;
    int corners_now = 0, markers_now = 0;
    bool still = false;
    int views = 0, views_wanted = 0;
    std::int64_t frames = 0;
    bool finished = false;
    std::optional<track::CameraIntrinsics> intrinsics;
    bool accepted = false;
    std::string message;              // where the step is, in words (and why it failed)
    std::vector<std::vector<cv::Point2f>> kept;  // the kept views' corners, for the coverage drawing
};

class CameraCalibrationRun {
public:
    using OpenSource = std::function<std::unique_ptr<capture::FrameSource>()>;
    // `pace`: deliver a file's or the simulator's frames at their capture times (a live camera paces itself).
    CameraCalibrationRun(OpenSource open, CalibrationCriteria criteria, bool pace);
    ~CameraCalibrationRun();
    CameraCalibrationRun(const CameraCalibrationRun&) = delete;
    CameraCalibrationRun& operator=(const CameraCalibrationRun&) = delete;

    CameraCalibrationSnapshot snapshot() const;
    // Stops collecting views and calibrates with those kept (when there are at least 4).
    void request_stop() { stop_ = true; }
    const CalibrationCriteria& criteria() const { return criteria_; }

private:
    void run(OpenSource open, bool pace);
    void finish(const track::CharucoCalibrator& calibrator, cv::Size image_size);

    CalibrationCriteria criteria_;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    CameraCalibrationSnapshot snapshot_;
    std::thread worker_;
};

// True when `candidate` (a still view) differs from every kept view by at least `min_mean_px` of mean
// corner distance over the corners they share (views sharing fewer than 4 corners differ).
bool is_new_pose(const track::CharucoView& candidate, const std::vector<track::CharucoView>& kept, double min_mean_px);
// RMS distance between the corners two views share; infinity when they share fewer than 4.
double corner_rms_px(const track::CharucoView& a, const track::CharucoView& b);

// The calibration step's source for the new session's camera choice: the live camera, the video file,
// or the virtual patient's webcam filming the board at 12 poses (sim::CharucoBoardSource).
std::unique_ptr<capture::FrameSource> open_calibration_source(const SourceChoice& choice);

// Where a camera's intrinsics are kept: <folder>/<key>.yaml; the key names the camera (kind, number
// or file) and the image size, since intrinsics hold for one size only.
std::string camera_key(const SourceChoice& choice);
std::filesystem::path intrinsics_file(const std::filesystem::path& folder, const SourceChoice& choice);
// The stored intrinsics of this camera; nullopt when none (or unreadable: then `problem` says why).
std::optional<track::CameraIntrinsics> load_camera_intrinsics(const std::filesystem::path& folder, const SourceChoice& choice,
                                                              std::string* problem = nullptr);

}  // namespace purkinje::app
