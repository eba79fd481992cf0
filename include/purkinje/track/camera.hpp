#pragma once
// Camera intrinsics: from a ChArUco calibration (OpenCV 4.6 aruco), or guessed from a field of view
// when no calibration exists; the guess is flagged so every result built on it can say so.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace purkinje::track {

struct CameraIntrinsics {
    cv::Matx33d camera_matrix = cv::Matx33d::eye();
    std::vector<double> distortion;  // OpenCV order k1 k2 p1 p2 [k3]; empty = none
    cv::Size image_size;
    // True when guessed from a field of view: angles are then only as good as that guess
    // (distances and yaw scale with the focal length); shown as a warning in the CSV and the app.
    bool guessed_from_fov = false;
    double rms_reprojection_px = 0;  // of the calibration; 0 when guessed
    int frames_used = 0;

    // A pinhole camera with no distortion whose horizontal field of view is `horizontal_fov_deg`.
    static CameraIntrinsics from_field_of_view(cv::Size image_size, double horizontal_fov_deg = 60);
};

// YAML (cv::FileStorage). Throws a BadInput/NotFound Error naming the file and the field.
void save_intrinsics(const std::filesystem::path& file, const CameraIntrinsics& intrinsics);
CameraIntrinsics load_intrinsics(const std::filesystem::path& file);

// A printed ChArUco board (DICT_4X4_50 by default, the dictionary of every Purkinje marker).
struct CharucoBoardSpec {
    int squares_x = 5;
    int squares_y = 7;
    double square_mm = 30;
    double marker_mm = 22;
    int dictionary = 0;  // cv::aruco::DICT_4X4_50
};

// The ChArUco corners found in one image: for the live view of a calibration, and for deciding whether
// the board is held still and shows a pose not seen yet.
struct CharucoView {
    std::vector<cv::Point2f> corners;  // image px, sub-pixel
    std::vector<int> ids;              // the board's corner ids, one per corner
    int markers = 0;                   // ArUco markers of the board found
};
CharucoView detect_charuco(const cv::Mat& image, const CharucoBoardSpec& board, std::int64_t frame_index);
// Dots on the corners (green when `accepted`, amber otherwise) and the markers' count (BGR image).
void draw_charuco(cv::Mat& bgr, const CharucoView& view, bool accepted);

// Collects board views and calibrates. Views with fewer than `min_corners` ChArUco corners are skipped.
class CharucoCalibrator {
public:
    explicit CharucoCalibrator(CharucoBoardSpec board, int min_corners = 8);
    // Returns the number of ChArUco corners found in this view (0 if unusable).
    int add_view(const cv::Mat& image, std::int64_t frame_index);
    // A view already detected (detect_charuco) in an image of `image_size`; same return.
    int add_view(const CharucoView& view, cv::Size image_size, std::int64_t frame_index);
    int views() const { return static_cast<int>(corners_.size()); }
    // Throws an Unsupported Error when fewer than 4 usable views were collected.
    CameraIntrinsics calibrate() const;

private:
    CharucoBoardSpec spec_;
    int min_corners_;
    cv::Size image_size_;
    std::vector<cv::Mat> corners_, ids_;
};

}  // namespace purkinje::track
