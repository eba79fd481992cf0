#pragma once
// Live capture: the camera image (an OpenGL texture, refreshed at the camera's rate), frame-rate,
// drop and brightness meters with their live traces, start / stop / redo per trial, the protocol
// list with trial counts, warnings when the data will not support the protocol, and saving the
// session. Capture and recording run on worker threads (TrialCapture); this screen only reads.

#include <future>
#include <memory>
#include <string>

#include "app_state.hpp"
#include "exam_session.hpp"
#include "image_texture.hpp"
#include "purkinje/store/database.hpp"
#include "stimulus_window.hpp"

namespace purkinje::app {

class LiveScreen {
public:
    LiveScreen(store::Database& db, AppState& state, std::unique_ptr<ExamSession>& exam);
    LiveScreen(const LiveScreen&) = delete;
    LiveScreen& operator=(const LiveScreen&) = delete;
    void draw();

    // Analyses the session on a worker (assess::analyse_session), then saves it with its findings;
    // false when nothing could be started. A store that refuses (a full disk) gives a message and the
    // trials stay here to be saved again.
    bool save_session();
    bool saving() const { return analysis_job_.valid(); }
    const std::string& message() const { return message_; }

    // The stimulus window (open while the user keeps it open): drawn once per main-window frame from
    // Workstation::draw, on whatever screen is showing.
    void draw_stimulus_frame();
    StimulusWindow* stimulus() { return stimulus_.get(); }
    void open_stimulus();
    // The screen homography from a camera image showing the open stimulus window (its corner markers);
    // the confirmation (corners, outline, reprojection error) replaces the camera view until the next
    // trial. False with a message when the window is closed or not all four markers are seen.
    bool locate_screen(const cv::Mat& camera_image);
    const std::optional<track::ScreenHomography>& screen() const { return screen_; }
    // Closes it while GLFW is still initialised (main calls this before the main window goes).
    void close_stimulus() { close_stimulus_window(); }

private:
    void draw_protocols();
    void draw_camera(const TrialSnapshot& snap);
    void draw_meters(const TrialSnapshot& snap);
    void draw_stimulus_controls();
    void draw_calibration();
    void draw_tracking(const std::optional<TrackingSnapshot>& tracking, const char* camera);
    // Frame rate, drops and the rate warning of one camera, judged by what it films for the protocol.
    void draw_rate(const TrialSnapshot& snap, const char* camera, double set_fps);
    void finish_saving();
    void close_stimulus_window();

    store::Database& db_;
    AppState& state_;
    std::unique_ptr<ExamSession>& exam_;
    ImageTexture camera_;
    std::int64_t shown_index_ = -1;
    TrialSnapshot last_snapshot_;   // of the running trial, kept when it ends so its meters stay readable
    std::optional<TrackingSnapshot> last_tracking_;
    // The head camera of a trial that records an eye and a head camera (the vestibular protocols).
    bool paired_ = false;
    ImageTexture head_camera_;
    std::int64_t head_shown_index_ = -1;
    TrialSnapshot head_snapshot_;
    std::optional<TrackingSnapshot> head_tracking_;
    std::future<assess::SessionAnalysis> analysis_job_;
    std::uint64_t saving_exam_ = 0;  // serial of the session the running analysis is of
    std::optional<track::ScreenHomography> screen_;
    cv::Mat screen_confirmation_;      // the camera image with the homography drawn on it
    bool show_screen_confirmation_ = false;
    std::string message_;
    bool message_is_error_ = false;
    std::unique_ptr<StimulusWindow> stimulus_;
    int stimulus_monitor_ = -1;        // -1: a window, else the GLFW monitor shown fullscreen
    int vor_mode_ = 0;                 // 0 off, 1 x2, 2 x0
    std::string stimulus_protocol_;    // the protocol the stimulus window shows now ("calibration" too)
};

}  // namespace purkinje::app
