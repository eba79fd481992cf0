#include "purkinje/track/camera.hpp"

#include <cmath>

#include <opencv2/aruco/charuco.hpp>
#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/track/track_state.hpp"

namespace purkinje::track {

CameraIntrinsics CameraIntrinsics::from_field_of_view(cv::Size image_size, double horizontal_fov_deg) {
    CameraIntrinsics c;
    const double f = 0.5 * image_size.width / std::tan(0.5 * horizontal_fov_deg * CV_PI / 180.0);
    c.camera_matrix = cv::Matx33d(f, 0, 0.5 * (image_size.width - 1), 0, f, 0.5 * (image_size.height - 1), 0, 0, 1);
    c.image_size = image_size;
    c.guessed_from_fov = true;
    return c;
}

void save_intrinsics(const std::filesystem::path& file, const CameraIntrinsics& c) {
    cv::FileStorage fs(file.string(), cv::FileStorage::WRITE);
    if (!fs.isOpened()) throw_bad_input(file.string(), "the camera calibration cannot be written", "a writable path");
    fs << "camera_matrix" << cv::Mat(c.camera_matrix);
    fs << "distortion" << cv::Mat(c.distortion, true);
    fs << "image_width" << c.image_size.width << "image_height" << c.image_size.height;
    fs << "guessed_from_fov" << static_cast<int>(c.guessed_from_fov);
    fs << "rms_reprojection_px" << c.rms_reprojection_px << "frames_used" << c.frames_used;
}

CameraIntrinsics load_intrinsics(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) throw_not_found(file.string(), "the camera calibration file does not exist");
    cv::FileStorage fs;
    try {
        fs.open(file.string(), cv::FileStorage::READ);
    } catch (const cv::Exception&) {
    }
    if (!fs.isOpened()) throw_bad_input(file.string(), "the camera calibration cannot be read", "a YAML file written by calibrate-camera");
    CameraIntrinsics c;
    cv::Mat k, d;
    fs["camera_matrix"] >> k;
    fs["distortion"] >> d;
    if (k.rows != 3 || k.cols != 3 || k.type() != CV_64F)
        throw_bad_input(file.string() + ", camera_matrix", "the camera matrix is missing or not 3x3", "a 3x3 matrix of doubles");
    c.camera_matrix = cv::Matx33d(k);
    if (!d.empty()) d.reshape(1, 1).copyTo(c.distortion);
    c.image_size = {static_cast<int>(fs["image_width"]), static_cast<int>(fs["image_height"])};
    if (c.image_size.width <= 0 || c.image_size.height <= 0)
        throw_bad_input(file.string() + ", image_width", "the image size is missing", "positive width and height");
    c.guessed_from_fov = static_cast<int>(fs["guessed_from_fov"]) != 0;
    c.rms_reprojection_px = static_cast<double>(fs["rms_reprojection_px"]);
    c.frames_used = static_cast<int>(fs["frames_used"]);
    return c;
}

namespace {
cv::Ptr<cv::aruco::CharucoBoard> make_board(const CharucoBoardSpec& s) {
    return cv::aruco::CharucoBoard::create(s.squares_x, s.squares_y, static_cast<float>(s.square_mm),
                                           static_cast<float>(s.marker_mm),
                                           cv::aruco::getPredefinedDictionary(s.dictionary));
}
}  // namespace

CharucoCalibrator::CharucoCalibrator(CharucoBoardSpec board, int min_corners) : spec_(board), min_corners_(min_corners) {}

CharucoView detect_charuco(const cv::Mat& image, const CharucoBoardSpec& spec, std::int64_t frame_index) {
    const cv::Mat grey = grey_frame(image, frame_index);
    const auto board = make_board(spec);
    std::vector<std::vector<cv::Point2f>> marker_corners;
    std::vector<int> marker_ids;
    cv::aruco::detectMarkers(grey, board->dictionary, marker_corners, marker_ids, cv::aruco::DetectorParameters::create());
    CharucoView view;
    view.markers = static_cast<int>(marker_ids.size());
    if (marker_ids.size() < 2) return view;
    cv::aruco::interpolateCornersCharuco(marker_corners, marker_ids, grey, board, view.corners, view.ids);
    return view;
}

void draw_charuco(cv::Mat& bgr, const CharucoView& view, bool accepted) {
    const cv::Scalar colour = accepted ? cv::Scalar(60, 200, 40) : cv::Scalar(0, 170, 255);
    const int radius = std::max(2, bgr.cols / 200);
    for (const auto& c : view.corners) cv::circle(bgr, c, radius, colour, cv::FILLED, cv::LINE_AA);
}

int CharucoCalibrator::add_view(const cv::Mat& image, std::int64_t frame_index) {
    const cv::Mat grey = grey_frame(image, frame_index);
    return add_view(detect_charuco(grey, spec_, frame_index), grey.size(), frame_index);
}

int CharucoCalibrator::add_view(const CharucoView& view, cv::Size image_size, std::int64_t frame_index) {
    if (image_size_.area() == 0) image_size_ = image_size;
    if (image_size != image_size_)
        throw_bad_input("frame " + std::to_string(frame_index), "the frame size changed during calibration",
                        std::to_string(image_size_.width) + "x" + std::to_string(image_size_.height));
    const int n = static_cast<int>(view.corners.size());
    if (n < min_corners_) return 0;
    corners_.push_back(cv::Mat(view.corners, true));
    ids_.push_back(cv::Mat(view.ids, true));
    return n;
}

CameraIntrinsics CharucoCalibrator::calibrate() const {
    if (corners_.size() < 4)
        throw Error(ErrorKind::Unsupported,
                    "only " + std::to_string(corners_.size()) + " views showed the ChArUco board well enough to calibrate",
                    "calibration video", "at least 4 views with " + std::to_string(min_corners_) + " corners or more");
    CameraIntrinsics c;
    cv::Mat k, d;
    c.rms_reprojection_px = cv::aruco::calibrateCameraCharuco(corners_, ids_, make_board(spec_), image_size_, k, d);
    c.camera_matrix = cv::Matx33d(k);
    d.reshape(1, 1).copyTo(c.distortion);
    c.image_size = image_size_;
    c.frames_used = static_cast<int>(corners_.size());
    return c;
}

}  // namespace purkinje::track
