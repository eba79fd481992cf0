#pragma once
// The status line each tracker writes under its overlay. Trackers that share a camera image (head pose
// and the face-view eyes) write on different lines, so their texts never overprint.

#include <opencv2/imgproc.hpp>

namespace purkinje::track::detail {

enum class StatusLine { Bottom = 0, AboveBottom = 1 };

inline void draw_status_text(cv::Mat& bgr, const char* text, const cv::Scalar& colour, StatusLine line = StatusLine::Bottom) {
    // Hershey simplex at 0.45 is ~10 px tall; scale down on small eye crops so the text fits the width.
    const double scale = bgr.cols < 300 ? 0.4 : 0.45;
    const int line_height = 16;
    const cv::Point origin{6, bgr.rows - 8 - line_height * static_cast<int>(line)};
    cv::putText(bgr, text, origin, cv::FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv::LINE_AA);
}

}  // namespace purkinje::track::detail
