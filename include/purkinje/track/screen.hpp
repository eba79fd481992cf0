#pragma once
// The stimulus screen as the camera sees it: the homography from camera pixels to screen pixels,
// from the four ArUco markers the stimulus window draws in its corners (DICT_4X4_50, OpenCV 4.6
// aruco). All sixteen marker corners enter a least-squares homography (cv::findHomography), so the
// reprojection error says how well the camera's view of the screen fits a plane seen in perspective
// (lens distortion, a marker mis-detected, a screen that moved); four centres alone would always fit
// exactly.

#include <array>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/track/markers.hpp"

namespace purkinje::track {

// Where the stimulus window draws its corner markers, in screen pixels (origin top-left, y down).
struct ScreenMarkerLayout {
    cv::Size screen_px;
    std::array<int, 4> ids{0, 1, 2, 3};                    // top-left, top-right, bottom-right, bottom-left
    std::array<std::array<cv::Point2d, 4>, 4> corners_px;  // per marker, ArUco corner order
    int dictionary = kDefaultDictionary;

    // Markers of `marker_px` side, each inset by `inset_px` from its corner of the screen.
    static ScreenMarkerLayout corner_markers(cv::Size screen_px, int marker_px, int inset_px);
};

struct ScreenHomography {
    cv::Matx33d camera_to_screen = cv::Matx33d::eye();  // camera px -> screen px
    std::vector<DetectedMarker> markers;                // the four corner markers as detected, in layout order
    double reprojection_rms_px = 0;  // camera px: the screen's corners mapped into the camera vs where they were found
    double reprojection_max_px = 0;
    int corners_used = 0;
    cv::Point2d to_screen(cv::Point2d camera_px) const;
    cv::Point2d to_camera(cv::Point2d screen_px) const;
};

// nullopt unless all four markers are seen in `grey` (8-bit single channel).
std::optional<ScreenHomography> screen_homography(const cv::Mat& grey, const ScreenMarkerLayout& layout);

// Visual confirmation on a BGR camera image: the detected corners (dots, with their ids) and the
// screen's outline and marker squares mapped back through the homography.
void draw_screen_homography(cv::Mat& bgr, const ScreenHomography& homography, const ScreenMarkerLayout& layout);

}  // namespace purkinje::track
