#include "image_texture.hpp"

#include "app_window.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstdint>
#include <opencv2/imgproc.hpp>

namespace purkinje::app {

ImageTexture::~ImageTexture() {
    // The window (and its GL context) may already be gone at exit; the driver frees the texture then.
    if (id_ && main_window_alive() && glfwGetCurrentContext()) glDeleteTextures(1, &id_);
}

void ImageTexture::upload(const cv::Mat& image) {
    if (image.empty()) return;
    cv::Mat rgba;
    if (image.channels() == 1) cv::cvtColor(image, rgba, cv::COLOR_GRAY2RGBA);
    else if (image.channels() == 3) cv::cvtColor(image, rgba, cv::COLOR_BGR2RGBA);
    else return;
    if (!id_) {
        glGenTextures(1, &id_);
        glBindTexture(GL_TEXTURE_2D, id_);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    }
    glBindTexture(GL_TEXTURE_2D, id_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, rgba.cols, rgba.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
    width_ = rgba.cols;
    height_ = rgba.rows;
}

void ImageTexture::draw(float width) const {
    if (empty()) return;
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(id_)), ImVec2(width, width * height_ / width_));
}

}  // namespace purkinje::app
