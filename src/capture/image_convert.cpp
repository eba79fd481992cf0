#include "image_convert.hpp"

#include <opencv2/imgproc.hpp>

namespace purkinje::capture::detail {

cv::Mat to_frame_image(const cv::Mat& decoded, bool grey) {
    if (decoded.empty()) return {};
    cv::Mat image = decoded;
    if (image.depth() == CV_16U) {
        image.convertTo(image, CV_MAKETYPE(CV_8U, image.channels()), 1.0 / 256.0);
    } else if (image.depth() != CV_8U) {
        return {};
    }
    const int channels = image.channels();
    cv::Mat out;
    if (channels == 1) {
        out = image;  // a grey image stays grey even when colour was not asked for
    } else if (channels == 3) {
        if (grey) cv::cvtColor(image, out, cv::COLOR_BGR2GRAY); else out = image;
    } else if (channels == 4) {
        cv::cvtColor(image, out, grey ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGRA2BGR);
    } else {
        return {};
    }
    return out;
}

}  // namespace purkinje::capture::detail
