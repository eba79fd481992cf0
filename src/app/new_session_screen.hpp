#pragma once
// New session: the protocol checklist (presets of the bedside exam), the camera (live cameras found
// on this machine, a video file, or the simulated patient) and the trial length. Start opens the
// live screen with an ExamSession.

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "app_state.hpp"
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

private:
    void draw_protocols();
    void draw_camera();
    std::vector<std::string> checked_protocols() const;

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
};

}  // namespace purkinje::app
