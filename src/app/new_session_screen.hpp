#pragma once
// New session: the protocol checklist (presets of the bedside exam), the camera (live cameras found
// on this machine, a video file, or the simulated patient) and the trial length. Start opens the
// live screen with an ExamSession.

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "camera_calibration.hpp"
#include "image_texture.hpp"
#include "exam_session.hpp"
#include "purkinje/capture/camera.hpp"

namespace purkinje::app {

class NewSessionScreen {
public:
    NewSessionScreen(AppState& state, std::unique_ptr<ExamSession>& exam, std::filesystem::path database_folder);
    void draw();
    // Fills the form from the settings' camera defaults (on entering the screen).
    void begin(const std::string& patient_code);

    void apply_preset(const std::string& name);
    void set_protocols(const std::vector<std::string>& protocols);
    void set_source(const SourceChoice& source) { source_ = source; }
    void set_trial_seconds(double seconds) { trial_seconds_ = seconds; }
    // Checks the plan and starts the session; false with a message when it cannot start.
    bool start();
    void set_database_folder(std::filesystem::path folder) { database_folder_ = std::move(folder); }

    // The camera-calibration step (ChArUco board) for the chosen camera, or, with a head camera beside it,
    // for the head camera when `set_calibrating_head_camera(true)`. Starting replaces a running one.
    void start_camera_calibration();
    void set_calibrating_head_camera(bool head_camera) { calibrate_head_camera_ = head_camera; }
    void stop_camera_calibration();
    const CameraCalibrationRun* camera_calibration() const { return calibration_run_.get(); }
    // Collects a finished calibration: an accepted one is stored for the camera it filmed. Called every
    // frame by draw().
    void collect_camera_calibration();
    // The stored calibration of the chosen camera, and of the head camera (what a session started now
    // would use).
    std::optional<track::CameraIntrinsics> stored_intrinsics() const;
    std::optional<track::CameraIntrinsics> stored_head_camera_intrinsics() const;
    std::filesystem::path intrinsics_folder() const;
    const std::string& message() const { return message_; }

private:
    void draw_protocols();
    void draw_camera();
    void draw_calibration();
    std::vector<std::string> checked_protocols() const;
    SourceChoice chosen_camera() const;   // the form's camera with the typed video path
    struct StoredIntrinsics {             // a camera's stored calibration, read once (draw asks every frame)
        std::filesystem::path file;
        std::optional<track::CameraIntrinsics> intrinsics;
    };
    std::optional<track::CameraIntrinsics> stored_for(const SourceChoice& camera, StoredIntrinsics& cache) const;

    AppState& state_;
    std::unique_ptr<ExamSession>& exam_;
    std::filesystem::path database_folder_;
    std::string patient_code_;
    std::vector<bool> checked_;
    SourceChoice source_;
    char video_path_[512] = {};
    double trial_seconds_ = 10;
    std::vector<std::string> patient_presets_;
    std::future<std::vector<capture::CameraInfo>> camera_search_;
    std::vector<capture::CameraInfo> cameras_;
    bool cameras_searched_ = false;
    std::string message_;
    std::unique_ptr<CameraCalibrationRun> calibration_run_;
    CameraCalibrationSnapshot calibration_;   // the run's latest state, for drawing
    bool calibration_collected_ = false;
    std::string calibration_note_;            // the stored result (or why it was not stored)
    ImageTexture calibration_image_;
    bool calibrate_head_camera_ = false;      // the next calibration films the head camera
    SourceChoice calibrated_camera_;          // the camera the running (or last) calibration films
    mutable StoredIntrinsics stored_chosen_, stored_head_;
    std::int64_t calibration_image_index_ = -1;
};

}  // namespace purkinje::app
