#include "purkinje/track/screen.hpp"

#include <cmath>
#include <string>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

namespace purkinje::track {

ScreenMarkerLayout ScreenMarkerLayout::corner_markers(cv::Size screen_px, int marker_px, int inset_px) {
    ScreenMarkerLayout layout;
    layout.screen_px = screen_px;
    const double w = screen_px.width, h = screen_px.height, s = marker_px, d = inset_px;
    // The top-left corner of each marker square, in OpenCV's pixel-centre coordinates (the square
    // covering pixels d .. d + s - 1 has its edges at d - 0.5 and d + s - 0.5).
    const cv::Point2d origin[4] = {{d - 0.5, d - 0.5}, {w - d - s - 0.5, d - 0.5}, {w - d - s - 0.5, h - d - s - 0.5},
                                   {d - 0.5, h - d - s - 0.5}};
    for (int k = 0; k < 4; ++k)
        layout.corners_px[k] = {origin[k], origin[k] + cv::Point2d(s, 0), origin[k] + cv::Point2d(s, s), origin[k] + cv::Point2d(0, s)};
    return layout;
}

cv::Point2d ScreenHomography::to_screen(cv::Point2d p) const {
    const cv::Vec3d q = camera_to_screen * cv::Vec3d(p.x, p.y, 1);
    return {q[0] / q[2], q[1] / q[2]};
}

cv::Point2d ScreenHomography::to_camera(cv::Point2d p) const {
    const cv::Vec3d q = camera_to_screen.inv() * cv::Vec3d(p.x, p.y, 1);
    return {q[0] / q[2], q[1] / q[2]};
}

std::optional<ScreenHomography> screen_homography(const cv::Mat& grey, const ScreenMarkerLayout& layout) {
    const auto detected = detect_markers(grey, layout.dictionary);
    ScreenHomography out;
    std::vector<cv::Point2f> camera, screen;
    for (int k = 0; k < 4; ++k) {
        const DetectedMarker* found = nullptr;
        for (const auto& m : detected)
            if (m.id == layout.ids[k]) found = &m;
        if (!found) return std::nullopt;
        out.markers.push_back(*found);
        for (int c = 0; c < 4; ++c) {
            camera.push_back(found->corners[c]);
            screen.push_back(cv::Point2f(layout.corners_px[k][c]));
        }
    }
    // Plain least squares: every corner is a sub-pixel detection, none is expected to be an outlier.
    const cv::Mat h = cv::findHomography(camera, screen, 0);
    if (h.empty()) return std::nullopt;
    out.camera_to_screen = cv::Matx33d(h);
    out.corners_used = static_cast<int>(camera.size());
    double sum = 0;
    for (std::size_t i = 0; i < camera.size(); ++i) {
        const double e = cv::norm(out.to_camera(screen[i]) - cv::Point2d(camera[i]));
        sum += e * e;
        out.reprojection_max_px = std::max(out.reprojection_max_px, e);
    }
    out.reprojection_rms_px = std::sqrt(sum / double(camera.size()));
    return out;
}

void draw_screen_homography(cv::Mat& bgr, const ScreenHomography& homography, const ScreenMarkerLayout& layout) {
    const double scale = std::max(1.0, bgr.cols / 640.0);
    const auto mapped = [&](cv::Point2d screen_px) {
        const cv::Point2d p = homography.to_camera(screen_px);
        return cv::Point(cvRound(p.x * 16), cvRound(p.y * 16));  // 4 fractional bits
    };
    const cv::Point2d w(layout.screen_px.width, 0), h(0, layout.screen_px.height);
    const std::vector<cv::Point> outline{mapped({0, 0}), mapped(w), mapped(w + h), mapped(h)};
    cv::polylines(bgr, outline, true, cv::Scalar(255, 160, 0), int(2 * scale), cv::LINE_AA, 4);
    for (const auto& square : layout.corners_px) {
        const std::vector<cv::Point> q{mapped(square[0]), mapped(square[1]), mapped(square[2]), mapped(square[3])};
        cv::polylines(bgr, q, true, cv::Scalar(255, 160, 0), int(scale), cv::LINE_AA, 4);
    }
    for (const auto& m : homography.markers) {
        for (const auto& c : m.corners)
            cv::circle(bgr, cv::Point(cvRound(c.x * 16), cvRound(c.y * 16)), int(4 * scale * 16), cv::Scalar(0, 200, 0),
                       int(2 * scale), cv::LINE_AA, 4);
        const cv::Point2d centre = m.centre();
        cv::putText(bgr, std::to_string(m.id), cv::Point(cvRound(centre.x + 6 * scale), cvRound(centre.y)),
                    cv::FONT_HERSHEY_SIMPLEX, 0.6 * scale, cv::Scalar(0, 0, 255), int(2 * scale), cv::LINE_AA);
    }
    char text[96];
    std::snprintf(text, sizeof text, "screen: %d corners, reprojection %.2f px RMS (max %.2f)", homography.corners_used,
                  homography.reprojection_rms_px, homography.reprojection_max_px);
    cv::putText(bgr, text, cv::Point(int(8 * scale), bgr.rows - int(10 * scale)), cv::FONT_HERSHEY_SIMPLEX, 0.55 * scale,
                cv::Scalar(0, 0, 255), int(std::max(1.0, 1.5 * scale)), cv::LINE_AA);
}

}  // namespace purkinje::track
