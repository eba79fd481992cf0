#include "app_window.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {
const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";  // fonts-dejavu-core

bool window_alive = false;

void glfw_error(int code, const char* description) {
    std::fprintf(stderr, "purkinje: GLFW error %d: %s\n", code, description);
}
}  // namespace

bool main_window_alive() { return window_alive; }

AppWindow::AppWindow(const WindowOptions& options) {
    glfwSetErrorCallback(glfw_error);
    if (!glfwInit())
        throw Error(ErrorKind::Device, "cannot open a window: no display is available",
                    "DISPLAY", "a graphical session, or xvfb-run for tests");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    window_ = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (!window_) {
        glfwTerminate();
        throw Error(ErrorKind::Device, "cannot create the window (OpenGL 3.0 is needed)", "OpenGL");
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    float xscale = 1.0f, yscale = 1.0f;
    glfwGetWindowContentScale(window_, &xscale, &yscale);
    dpi_scale_ = std::max(1.0f, xscale);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is the program's, not a file's
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    if (!io.Fonts->AddFontFromFileTTF(kFontPath, options.font_size_px * dpi_scale_))
        io.Fonts->AddFontDefault();
    ImGui::StyleColorsLight();
    ImGui::GetStyle().ScaleAllSizes(dpi_scale_);
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    window_alive = true;
}

AppWindow::~AppWindow() {
    window_alive = false;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
}

void AppWindow::run(const std::function<bool()>& draw_frame, int screenshot_after_frames,
                    const std::filesystem::path& screenshot_path) {
    int frame = 0;
    while (!glfwWindowShouldClose(window_)) {
        glfwPollEvents();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        const bool keep_going = draw_frame();
        ImGui::Render();
        int width = 0, height = 0;
        glfwGetFramebufferSize(window_, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(0.94f, 0.94f, 0.94f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++frame;
        if (!pending_screenshot_.empty()) {
            save_screenshot(pending_screenshot_);
            pending_screenshot_.clear();
        }
        if (screenshot_after_frames > 0 && frame >= screenshot_after_frames) {
            save_screenshot(screenshot_path);
            break;
        }
        glfwSwapBuffers(window_);
        if (!keep_going) break;
    }
}

bool write_framebuffer_png(GLFWwindow* window, const std::filesystem::path& path) {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    if (width <= 0 || height <= 0) return false;
    cv::Mat rgba(height, width, CV_8UC4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
    cv::Mat bgr;
    cv::cvtColor(rgba, bgr, cv::COLOR_RGBA2BGR);
    cv::flip(bgr, bgr, 0);  // OpenGL's rows run bottom-up
    return cv::imwrite(path.string(), bgr);
}

void AppWindow::save_screenshot(const std::filesystem::path& path) {
    if (!write_framebuffer_png(window_, path))
        throw Error(ErrorKind::Storage, "could not write the screenshot", path.string(), "a writable PNG path");
}

}  // namespace purkinje::app
