#pragma once
// The desktop window: GLFW + OpenGL 3 + Dear ImGui, the frame loop, fonts and screenshots.
// Screens draw into it; it knows nothing of patients or analysis.

#include <filesystem>
#include <functional>
#include <string>

struct GLFWwindow;

namespace purkinje::app {

struct WindowOptions {
    std::string title = "Purkinje";
    int width = 1280;
    int height = 800;
    float font_size_px = 16.0f;   // before DPI scaling
};

// True while the main window (and GLFW) is up: objects that outlive it (textures of screens built
// before it) must not call GLFW or GL after it has gone.
bool main_window_alive();

// Writes the back buffer of `window`'s context (current) to `path` as PNG; false when it cannot be written.
bool write_framebuffer_png(GLFWwindow* window, const std::filesystem::path& path);

class AppWindow {
public:
    explicit AppWindow(const WindowOptions& options);  // throws purkinje::Error when no display
    ~AppWindow();
    AppWindow(const AppWindow&) = delete;
    AppWindow& operator=(const AppWindow&) = delete;

    // Runs `draw_frame` once per displayed frame until the window is closed or draw_frame returns
    // false. After frame `screenshot_after_frames` (when > 0) the window's pixels are written to
    // `screenshot_path` as PNG and the loop ends.
    void run(const std::function<bool()>& draw_frame, int screenshot_after_frames = 0,
             const std::filesystem::path& screenshot_path = {});

    // Writes the window's pixels to `path` (PNG) right after the current frame is rendered.
    void request_screenshot(const std::filesystem::path& path) { pending_screenshot_ = path; }

    GLFWwindow* handle() const { return window_; }

private:
    void save_screenshot(const std::filesystem::path& path);
    GLFWwindow* window_ = nullptr;
    float dpi_scale_ = 1.0f;
    std::filesystem::path pending_screenshot_;
};

}  // namespace purkinje::app
