#pragma once
// The stimulus window: a second GLFW window (own OpenGL context, no ImGui) that can go fullscreen on
// a chosen monitor. It draws the target of the current protocol from assess's one stimulus schedule,
// four ArUco corner markers (DICT_4X4_50, ids 0-3) for the camera-to-screen homography, and, in
// VOR-adaptation mode, a target moved by the measured head velocity. It measures the loop latency
// from a head sample's capture time to the glfwSwapBuffers return of the frame that first drew it.
//
// Everything runs on the UI thread (draw_frame is called once per main-window frame); feed_head_sample
// may be called from any thread.

#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/channel.hpp"
#include "purkinje/core/time.hpp"
#include "calibration_setup.hpp"
#include "purkinje/track/screen.hpp"

struct GLFWwindow;

namespace purkinje::app {

// The names of the monitors GLFW sees now ("0: DP-1 (1920x1080)").
std::vector<std::string> monitor_names();

class StimulusWindow {
public:
    // Opens the window; `monitor` < 0 (or one GLFW does not list) opens a 1024x640 window instead of
    // fullscreen. Throws purkinje::Error when the window cannot be created. Restores the calling
    // thread's current context (the main window's) before returning.
    StimulusWindow(int monitor, int width = 1024, int height = 640);
    ~StimulusWindow();
    StimulusWindow(const StimulusWindow&) = delete;
    StimulusWindow& operator=(const StimulusWindow&) = delete;

    // Shows the schedule of this protocol (assess key) from now on; an unknown key shows the centre
    // target and says so in message().
    void set_protocol(const std::string& key, std::uint64_t seed = 1);
    // Shows these events from now on (the gaze calibration's nine targets).
    void set_schedule(std::vector<StimulusEvent> schedule);
    // VOR adaptation: the target's velocity on the screen is (1 - gain) x head velocity, so that the
    // eye-in-head velocity the target demands is gain x head velocity (x2: against the head, x0: with it).
    void set_vor_adaptation(std::optional<double> demanded_gain);
    // A head sample: capture time on the steady clock (steady_now_s) and yaw velocity (deg/s, + right).
    void feed_head_sample(double t_s, double yaw_deg_s);

    // Draws and swaps one frame, then makes `restore` current again. False once the user closed it.
    bool draw_frame(GLFWwindow* restore);
    // Writes the next drawn frame to `path` (PNG).
    void request_screenshot(const std::filesystem::path& path) { pending_screenshot_ = path; }

    // The screen as measured (settings): targets go at their stated degrees of visual angle and
    // centimetres from then on. The window's scale is the monitor's pixels over the measured width.
    void set_screen_geometry(const ScreenGeometry& geometry);
    double px_per_cm() const { return px_per_cm_; }
    const ScreenGeometry& screen_geometry() const { return geometry_; }
    // Where the target is drawn now (window px, origin top-left, y down).
    cv::Point2d target_px() const { return target_px_; }
    // True when the last frame's target lay beyond the window (it was drawn at the edge; message() says so).
    bool target_beyond_edge() const { return target_beyond_edge_; }

    // Where the corner markers are now (window pixels), for the screen homography.
    track::ScreenMarkerLayout marker_layout() const;

    // Median of the recent loop latencies (ms); empty before the first head sample was drawn.
    std::optional<double> median_latency_ms() const;
    std::size_t latency_count() const { return latencies_ms_.size(); }
    double target_h_deg() const { return target_h_deg_; }
    const std::string& message() const { return message_; }

private:
    void upload_markers();
    void update_target(double t_since_start);
    void save_screenshot(const std::filesystem::path& path);

    GLFWwindow* window_ = nullptr;
    unsigned int marker_texture_ = 0, marker_fbo_ = 0;
    int marker_px_ = 0;
    std::vector<StimulusEvent> schedule_;
    double start_s_ = 0;
    bool hand_targets_ = false;   // finger chase: targets in cm, not degrees
    double target_h_deg_ = 0, target_v_deg_ = 0;   // deg, or cm for hand targets
    int monitor_px_wide_ = 0;                        // the monitor the window is on
    ScreenGeometry geometry_;
    double px_per_cm_ = 0;
    cv::Point2d target_px_;
    bool target_beyond_edge_ = false;
    std::optional<double> vor_gain_;
    double vor_offset_deg_ = 0;   // accumulated head-driven displacement of the target
    double last_head_t_s_ = -1;

    struct HeadSample { double t_s, yaw_deg_s; };
    std::mutex head_mutex_;
    std::vector<HeadSample> pending_head_;
    std::deque<double> latencies_ms_;
    std::filesystem::path pending_screenshot_;
    std::string message_;
};

}  // namespace purkinje::app
