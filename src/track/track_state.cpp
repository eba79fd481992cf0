#include "purkinje/track/track_state.hpp"

#include <string>

#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"

namespace purkinje::track {

const char* to_string(TrackState state) {
    switch (state) {
        case TrackState::Tracked: return "tracked";
        case TrackState::Blink: return "blink";
        case TrackState::Lost: return "lost";
        case TrackState::OutOfView: return "out_of_view";
    }
    return "unknown";
}

namespace {
void check_frame(const cv::Mat& image, std::int64_t frame_index) {
    const std::string where = "frame " + std::to_string(frame_index);
    if (image.empty() || image.cols <= 0 || image.rows <= 0)
        throw_bad_input(where, "the frame is empty (zero size)", "an image of at least 1x1 pixels");
    if (image.depth() != CV_8U)
        throw_bad_input(where, "the frame is not 8-bit (OpenCV depth " + std::to_string(image.depth()) + ")",
                        "8 bits per channel");
    const int channels = image.channels();
    if (channels != 1 && channels != 3 && channels != 4)
        throw_bad_input(where, "the frame has " + std::to_string(channels) + " channels",
                        "1 (grey or infrared), 3 (BGR) or 4 (BGRA) channels");
}
}  // namespace

cv::Mat grey_frame(const cv::Mat& image, std::int64_t frame_index) {
    check_frame(image, frame_index);
    if (image.channels() == 1) return image;
    cv::Mat grey;
    cv::cvtColor(image, grey, image.channels() == 3 ? cv::COLOR_BGR2GRAY : cv::COLOR_BGRA2GRAY);
    return grey;
}

cv::Mat bgr_frame(const cv::Mat& image, std::int64_t frame_index) {
    check_frame(image, frame_index);
    if (image.channels() == 3) return image;
    cv::Mat bgr;
    cv::cvtColor(image, bgr, image.channels() == 1 ? cv::COLOR_GRAY2BGR : cv::COLOR_BGRA2BGR);
    return bgr;
}

}  // namespace purkinje::track
