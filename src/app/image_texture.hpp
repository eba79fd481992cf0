#pragma once
// A camera image as an OpenGL texture for ImGui::Image, re-uploaded with each new frame.

#include <opencv2/core.hpp>

namespace purkinje::app {

class ImageTexture {
public:
    ImageTexture() = default;
    ~ImageTexture();  // frees the texture while a GL context is current
    ImageTexture(const ImageTexture&) = delete;
    ImageTexture& operator=(const ImageTexture&) = delete;

    // Grey or BGR 8-bit; anything else is ignored.
    void upload(const cv::Mat& image);
    bool empty() const { return id_ == 0 || width_ <= 0; }
    // Draws it `width` wide (height by its aspect).
    void draw(float width) const;
    int width() const { return width_; }
    int height() const { return height_; }

private:
    unsigned int id_ = 0;
    int width_ = 0, height_ = 0;
};

}  // namespace purkinje::app
