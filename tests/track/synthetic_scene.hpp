#pragma once
// Markers on a band or a plate seen by a pinhole camera, drawn by the tests themselves (each
// marker's image warped by its exact homography, anti-aliased), for head pose and fingertip
// accuracy without the simulator.

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "purkinje/track/head_pose.hpp"
#include "purkinje/track/markers.hpp"

namespace purkinje::track::testing {

// Draws every marker of `layout` that faces the camera, for the head-frame rotation `head_rotation`
// and band origin at `tvec_mm` (camera frame), onto `image` (8-bit grey).
inline void draw_band(cv::Mat& image, const HeadbandLayout& layout, const CameraIntrinsics& cam,
                      const cv::Matx33d& head_rotation, cv::Vec3d tvec_mm) {
    const cv::Matx33d r = camera_rotation_from_head(head_rotation);
    const double f = cam.camera_matrix(0, 0);
    for (const auto& [id, corners] : layout.markers) {
        const cv::Vec3d c0(corners[0].x, corners[0].y, corners[0].z), c1(corners[1].x, corners[1].y, corners[1].z),
            c3(corners[3].x, corners[3].y, corners[3].z);
        const double side_mm = cv::norm(c1 - c0);
        const cv::Vec3d along = (c1 - c0) / side_mm, up = (c0 - c3) / side_mm;
        const cv::Vec3d centre = c0 + 0.5 * side_mm * along - 0.5 * side_mm * up;
        const cv::Vec3d normal = along.cross(up);
        const cv::Vec3d position = r * centre + tvec_mm, normal_cam = r * normal;
        if (normal_cam.dot(position) / cv::norm(position) > -0.3) continue;  // faces away or too oblique
        const int side_px = 120;
        cv::Mat canvas = marker_image(id, side_px);
        const double quiet = 0.5 * (canvas.cols - side_px), ppm = side_px / side_mm;
        // Anti-aliasing: blur the canvas to about half an image pixel before warping it down.
        const double canvas_px_per_image_px = ppm * position[2] / f;
        if (canvas_px_per_image_px > 1) cv::GaussianBlur(canvas, canvas, {0, 0}, 0.5 * canvas_px_per_image_px);
        const cv::Matx33d canvas_to_marker(1 / ppm, 0, -(quiet + 0.5 * side_px - 0.5) / ppm,
                                           0, -1 / ppm, (quiet + 0.5 * side_px - 0.5) / ppm, 0, 0, 1);
        const cv::Vec3d a = r * along, u = r * up;
        const cv::Matx33d rt(a[0], u[0], position[0], a[1], u[1], position[1], a[2], u[2], position[2]);
        const cv::Matx33d h = cam.camera_matrix * rt * canvas_to_marker;
        cv::warpPerspective(canvas, image, h, image.size(), cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
    }
}

inline cv::Mat render_band(const HeadbandLayout& layout, const CameraIntrinsics& cam, const cv::Matx33d& head_rotation,
                           cv::Vec3d tvec_mm, cv::Size size, int background = 90) {
    cv::Mat image(size, CV_8U, cv::Scalar(background));
    draw_band(image, layout, cam, head_rotation, tvec_mm);
    return image;
}

}  // namespace purkinje::track::testing
