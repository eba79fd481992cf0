#pragma once
// ArUco markers (DICT_4X4_50 unless told otherwise): the headband, the fingertip marker, the
// reference marker in the movement plane and the stimulus window's corner markers all use this.

#include <array>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

namespace purkinje::track {

inline constexpr int kDefaultDictionary = 0;  // cv::aruco::DICT_4X4_50

struct DetectedMarker {
    int id = -1;
    std::array<cv::Point2f, 4> corners;  // image pixels, ArUco order (clockwise from top-left)
    // Intersection of the diagonals: the marker centre under perspective, sub-pixel.
    cv::Point2d centre() const;
    double side_px() const;  // mean side length
};

// Detects markers with sub-pixel corner refinement; `roi` limits the search (tracking), corners are
// returned in full-image pixels. `grey` is 8-bit single-channel.
std::vector<DetectedMarker> detect_markers(const cv::Mat& grey, int dictionary = kDefaultDictionary,
                                           const std::optional<cv::Rect>& roi = std::nullopt);

// A marker image for printing or for drawing in the stimulus window (white quiet zone included).
cv::Mat marker_image(int id, int side_px, int dictionary = kDefaultDictionary);

// Bounding box of the markers' corners grown by `margin` times its size (and clipped to `bounds`).
cv::Rect markers_search_window(const std::vector<DetectedMarker>& markers, double margin, cv::Size bounds);

}  // namespace purkinje::track
