#include "stimulus_window.hpp"

#define GLFW_INCLUDE_GLEXT
#include <GLFW/glfw3.h>

#include <opencv2/aruco.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app_window.hpp"
#include "screen_layout.hpp"
#include "purkinje/assess/protocol.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {

// The VOR-adaptation target stays within +-30 deg of the screen's centre.
constexpr double kVorRangeDeg = 30.0;
constexpr std::size_t kKeptLatencies = 240;
constexpr int kMarkerCount = 4;

// OpenGL 3.0 entry points beyond 1.1, fetched from the context (the app has no GL loader of its own).
struct FramebufferCalls {
    PFNGLGENFRAMEBUFFERSPROC gen = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC remove = nullptr;
    PFNGLBINDFRAMEBUFFERPROC bind = nullptr;
    PFNGLFRAMEBUFFERTEXTURE2DPROC attach = nullptr;
    PFNGLBLITFRAMEBUFFERPROC blit = nullptr;
    bool load() {
        gen = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
        remove = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
        bind = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
        attach = reinterpret_cast<PFNGLFRAMEBUFFERTEXTURE2DPROC>(glfwGetProcAddress("glFramebufferTexture2D"));
        blit = reinterpret_cast<PFNGLBLITFRAMEBUFFERPROC>(glfwGetProcAddress("glBlitFramebuffer"));
        return gen && remove && bind && attach && blit;
    }
};
FramebufferCalls gl_fb;

// A filled rectangle without shaders: a scissored clear (origin bottom-left, as OpenGL's).
void fill_rect(int x, int y, int w, int h, float r, float g, float b) {
    glScissor(x, y, std::max(0, w), std::max(0, h));
    glClearColor(r, g, b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
}

}  // namespace

std::vector<std::string> monitor_names() {
    std::vector<std::string> names;
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    for (int i = 0; i < count && monitors; ++i) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
        const char* name = glfwGetMonitorName(monitors[i]);
        names.push_back(std::to_string(i) + ": " + (name ? name : "monitor") +
                        (mode ? " (" + std::to_string(mode->width) + "x" + std::to_string(mode->height) + ")" : ""));
    }
    return names;
}

StimulusWindow::StimulusWindow(int monitor, int width, int height) {
    GLFWwindow* previous = glfwGetCurrentContext();
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    GLFWmonitor* fullscreen = (monitor >= 0 && monitor < count && monitors) ? monitors[monitor] : nullptr;
    // A window is scaled as the monitor it opens on (the primary one) is measured.
    if (const GLFWvidmode* mode = glfwGetVideoMode(fullscreen ? fullscreen : glfwGetPrimaryMonitor())) monitor_px_wide_ = mode->width;
    if (monitor_px_wide_ <= 0) monitor_px_wide_ = width;
    if (fullscreen) {
        if (const GLFWvidmode* mode = glfwGetVideoMode(fullscreen)) {
            width = mode->width;
            height = mode->height;
        }
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    window_ = glfwCreateWindow(width, height, "Purkinje stimulus", fullscreen, nullptr);
    if (!window_)
        throw Error(ErrorKind::Device, "cannot create the stimulus window (OpenGL 3.0 is needed)", "stimulus window");
    glfwMakeContextCurrent(window_);
    // No vsync wait here: the main window's swap already paces the UI thread, and a second wait would
    // halve its rate. The price is possible tearing on the stimulus screen.
    glfwSwapInterval(0);
    if (!gl_fb.load()) {
        glfwDestroyWindow(window_);
        window_ = nullptr;
        glfwMakeContextCurrent(previous);
        throw Error(ErrorKind::Device, "the stimulus window's OpenGL lacks framebuffer objects", "OpenGL 3.0");
    }
    upload_markers();
    glfwMakeContextCurrent(previous);
    set_screen_geometry(ScreenGeometry{});
    set_protocol("saccades");
}

void StimulusWindow::set_screen_geometry(const ScreenGeometry& geometry) {
    geometry_ = geometry;
    px_per_cm_ = monitor_px_wide_ / geometry.width_cm;
}

StimulusWindow::~StimulusWindow() {
    if (!window_) return;
    GLFWwindow* previous = glfwGetCurrentContext();
    glfwMakeContextCurrent(window_);
    // After glfwTerminate (an exception unwinding past the main window) no context becomes current;
    // then there is nothing left to free and no GL call may be made.
    if (glfwGetCurrentContext() != window_) return;
    if (marker_fbo_) gl_fb.remove(1, &marker_fbo_);
    if (marker_texture_) glDeleteTextures(1, &marker_texture_);
    glfwMakeContextCurrent(previous == window_ ? nullptr : previous);
    glfwDestroyWindow(window_);
}

void StimulusWindow::upload_markers() {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    marker_px_ = stimulus_marker_px(cv::Size(width, height));
    // One atlas, four markers side by side, each inside its white quiet zone.
    const int cell = marker_px_ + 2 * stimulus_marker_quiet_px(marker_px_);  // the marker and its quiet zone
    cv::Mat atlas(cell, cell * kMarkerCount, CV_8UC1, cv::Scalar(255));
    const auto dictionary = cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50);
    for (int id = 0; id < kMarkerCount; ++id) {
        cv::Mat marker;
        cv::aruco::drawMarker(dictionary, id, marker_px_, marker, 1);
        const int quiet = stimulus_marker_quiet_px(marker_px_);
        marker.copyTo(atlas(cv::Rect(id * cell + quiet, quiet, marker_px_, marker_px_)));
    }
    cv::Mat rgba;
    cv::cvtColor(atlas, rgba, cv::COLOR_GRAY2RGBA);
    cv::flip(rgba, rgba, 0);  // OpenGL's rows run bottom-up
    glGenTextures(1, &marker_texture_);
    glBindTexture(GL_TEXTURE_2D, marker_texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, rgba.cols, rgba.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
    gl_fb.gen(1, &marker_fbo_);
    gl_fb.bind(GL_READ_FRAMEBUFFER, marker_fbo_);
    gl_fb.attach(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, marker_texture_, 0);
    gl_fb.bind(GL_READ_FRAMEBUFFER, 0);
}

void StimulusWindow::set_protocol(const std::string& key, std::uint64_t seed) {
    try {
        set_schedule(assess::stimulus_schedule(key, seed));
        message_.clear();
    } catch (const std::exception& e) {
        set_schedule({});
        message_ = std::string("no stimulus schedule: ") + e.what();
    }
}

void StimulusWindow::set_schedule(std::vector<StimulusEvent> schedule) {
    schedule_ = std::move(schedule);
    hand_targets_ = std::any_of(schedule_.begin(), schedule_.end(),
                                [](const StimulusEvent& e) { return e.kind == "hand_target"; });
    start_s_ = steady_now_s();
    vor_offset_deg_ = 0;
}

void StimulusWindow::set_vor_adaptation(std::optional<double> demanded_gain) {
    vor_gain_ = demanded_gain;
    vor_offset_deg_ = 0;
    last_head_t_s_ = -1;
}

void StimulusWindow::feed_head_sample(double t_s, double yaw_deg_s) {
    std::lock_guard<std::mutex> lock(head_mutex_);
    if (pending_head_.size() < 4096) pending_head_.push_back({t_s, yaw_deg_s});
}

void StimulusWindow::update_target(double t) {
    // The position at time t is the last target event before t (a target_sine runs from its start).
    double h = 0, v = 0;
    for (const auto& e : schedule_) {
        if (e.t_s > t) break;
        if ((e.kind == "target" || e.kind == "hand_target") && e.values.size() >= 2) {
            h = e.values[0];
            v = e.values[1];
        } else if (e.kind == "target_sine" && e.values.size() >= 5) {
            const double phase = 2.0 * M_PI * e.values[4] * (t - e.t_s);
            h = e.values[0] + e.values[2] * std::sin(phase);
            v = e.values[1] + e.values[3] * std::sin(phase);
        }
    }
    target_h_deg_ = h + vor_offset_deg_;
    target_v_deg_ = v;
}

bool StimulusWindow::draw_frame(GLFWwindow* restore) {
    if (!window_) return false;
    if (glfwWindowShouldClose(window_)) return false;
    std::vector<HeadSample> samples;
    {
        std::lock_guard<std::mutex> lock(head_mutex_);
        samples.swap(pending_head_);
    }
    glfwMakeContextCurrent(window_);
    // Asked once a frame: on X11 each query is a round trip to the display server.
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    if (vor_gain_) {
        // Integrate (1 - gain) x head velocity between samples: the target's path on the screen.
        for (const auto& s : samples) {
            if (last_head_t_s_ >= 0 && s.t_s > last_head_t_s_)
                vor_offset_deg_ += (1.0 - *vor_gain_) * s.yaw_deg_s * std::min(0.1, s.t_s - last_head_t_s_);
            last_head_t_s_ = std::max(last_head_t_s_, s.t_s);
        }
        // The head-driven target stays where the window can show it (and within +-30 deg).
        const double edge_deg = screen_cm_to_degrees({0.45 * width / px_per_cm_, 0}, geometry_.viewing_distance_cm).x;
        const double range = std::min(kVorRangeDeg, edge_deg);
        vor_offset_deg_ = std::clamp(vor_offset_deg_, -range, range);
    }
    update_target(steady_now_s() - start_s_);

    glViewport(0, 0, width, height);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0.30f, 0.30f, 0.30f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);

    // Corner markers: ids 0..3 clockwise from top-left, blitted from the atlas uploaded once.
    const int cell = marker_px_ + 2 * stimulus_marker_quiet_px(marker_px_);  // the marker and its quiet zone
    const int corners[kMarkerCount][2] = {{0, height - cell}, {width - cell, height - cell},
                                          {width - cell, 0}, {0, 0}};
    gl_fb.bind(GL_READ_FRAMEBUFFER, marker_fbo_);
    for (int id = 0; id < kMarkerCount; ++id)
        gl_fb.blit(id * cell, 0, (id + 1) * cell, cell, corners[id][0], corners[id][1],
                   corners[id][0] + cell, corners[id][1] + cell, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    gl_fb.bind(GL_READ_FRAMEBUFFER, 0);

    // The target: a red disc-like cross with a white centre the patient fixates.
    // Hand targets are screen cm already; eye targets are degrees of visual angle at the measured distance.
    const cv::Point2d cm = hand_targets_ ? cv::Point2d(target_h_deg_, target_v_deg_)
                                         : degrees_to_screen_cm(target_h_deg_, target_v_deg_, geometry_.viewing_distance_cm);
    target_px_ = screen_cm_to_window_px(cm, cv::Size(width, height), px_per_cm_);
    const int r = std::max(6, std::min(width, height) / 40);
    // A target beyond the window is drawn at its edge, and said so: the screen is too small (or the
    // window not fullscreen) for that angle at this distance.
    const cv::Point2d inside(std::clamp(target_px_.x, double(r), double(width - r)), std::clamp(target_px_.y, double(r), double(height - r)));
    target_beyond_edge_ = cv::norm(inside - target_px_) > 0.5;
    if (target_beyond_edge_) {
        char text[200];
        std::snprintf(text, sizeof text, "a target (%.1f, %.1f %s) lies beyond the window's edge at %.0f cm: drawn at the edge", target_h_deg_,
                      target_v_deg_, hand_targets_ ? "cm" : "deg", geometry_.viewing_distance_cm);
        message_ = text;
    }
    const int cx = static_cast<int>(std::lround(inside.x));
    const int cy = static_cast<int>(std::lround(height - inside.y));  // OpenGL's rows run bottom-up
    glEnable(GL_SCISSOR_TEST);
    fill_rect(cx - r, cy - r / 3, 2 * r, 2 * (r / 3), 0.9f, 0.1f, 0.1f);
    fill_rect(cx - r / 3, cy - r, 2 * (r / 3), 2 * r, 0.9f, 0.1f, 0.1f);
    fill_rect(cx - r / 6, cy - r / 6, std::max(2, r / 3), std::max(2, r / 3), 1.0f, 1.0f, 1.0f);
    glDisable(GL_SCISSOR_TEST);

    if (!pending_screenshot_.empty()) {
        save_screenshot(pending_screenshot_);
        pending_screenshot_.clear();
    }
    glfwSwapBuffers(window_);
    const double shown_s = steady_now_s();
    if (vor_gain_) {
        for (const auto& s : samples) {
            latencies_ms_.push_back((shown_s - s.t_s) * 1000.0);
            if (latencies_ms_.size() > kKeptLatencies) latencies_ms_.pop_front();
        }
    }
    glfwMakeContextCurrent(restore);
    return true;
}

track::ScreenMarkerLayout StimulusWindow::marker_layout() const {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    return stimulus_marker_layout(cv::Size(width, height));
}

std::optional<double> StimulusWindow::median_latency_ms() const {
    if (latencies_ms_.empty()) return std::nullopt;
    std::vector<double> sorted(latencies_ms_.begin(), latencies_ms_.end());
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    return sorted[sorted.size() / 2];
}

void StimulusWindow::save_screenshot(const std::filesystem::path& path) {
    if (!write_framebuffer_png(window_, path)) message_ = "could not write the screenshot " + path.string();
}

}  // namespace purkinje::app
