#include "purkinje/sim/charuco_board.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/aruco/charuco.hpp>
#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "random.hpp"
#include "scene_common.hpp"

namespace purkinje::sim {
namespace {
constexpr double kPrintPxPerMm = 4.0;
constexpr double kPaperMarginMm = 12.0;
constexpr double kPi = 3.14159265358979323846;

// Varied enough for a calibration to separate the focal length from the board's distance: tilts of
// 30-40 degrees about both axes, rolls, and distances from 42 to 55 cm.
constexpr BoardPose kPoseTable[] = {
    {0, 0, 0, 0, 0, 45},        {35, 0, 5, 0, -2, 45},     {-35, 0, -5, 0, 2, 45},   {0, 35, 0, -3, 0, 45},
    {0, -35, 0, 3, 0, 45},      {30, 30, 10, -2, -2, 50},  {-30, -30, -10, 2, 2, 50}, {30, -30, 15, 4, -2, 42},
    {-30, 30, -15, -4, 2, 42},  {0, 0, 30, 0, 0, 55},      {40, -10, 0, -4, 3, 46},  {-10, 40, -20, 4, -3, 46},
};

BoardPose blend(const BoardPose& a, const BoardPose& b, double s) {
    auto mix = [s](double x, double y) { return x + (y - x) * s; };
    return {mix(a.tilt_x_deg, b.tilt_x_deg), mix(a.tilt_y_deg, b.tilt_y_deg), mix(a.roll_deg, b.roll_deg),
            mix(a.x_cm, b.x_cm),             mix(a.y_cm, b.y_cm),             mix(a.z_cm, b.z_cm)};
}

cv::Matx33d rotation(const BoardPose& p) {
    const double ax = p.tilt_x_deg * kPi / 180, ay = p.tilt_y_deg * kPi / 180, az = p.roll_deg * kPi / 180;
    const cv::Matx33d rx(1, 0, 0, 0, std::cos(ax), -std::sin(ax), 0, std::sin(ax), std::cos(ax));
    const cv::Matx33d ry(std::cos(ay), 0, std::sin(ay), 0, 1, 0, -std::sin(ay), 0, std::cos(ay));
    const cv::Matx33d rz(std::cos(az), -std::sin(az), 0, std::sin(az), std::cos(az), 0, 0, 0, 1);
    return rz * ry * rx;
}

}  // namespace

std::vector<BoardPose> board_poses(int count, std::uint64_t seed) {
    std::vector<BoardPose> poses;
    detail::Random random(seed ^ 0x6368'6172'7563'6f00ull);
    const int table = static_cast<int>(std::size(kPoseTable));
    for (int k = 0; k < count; ++k) {
        BoardPose p = kPoseTable[k % table];
        // A hand never holds the same pose twice: a few degrees and a centimetre of scatter.
        p.tilt_x_deg += random.uniform(-3, 3);
        p.tilt_y_deg += random.uniform(-3, 3);
        p.roll_deg += random.uniform(-3, 3);
        p.x_cm += random.uniform(-1, 1);
        p.y_cm += random.uniform(-1, 1);
        p.z_cm += random.uniform(-1, 1);
        poses.push_back(p);
    }
    return poses;
}

CharucoBoardSource::CharucoBoardSource(CharucoPresentation presentation) : presentation_(std::move(presentation)) {
    const auto& p = presentation_;
    if (p.size.width < 64 || p.size.height < 48) throw_bad_input("ChArUco presentation", "the image is too small", "at least 64x48 px");
    if (p.fps <= 0 || p.poses < 1 || p.hold_s <= 0 || p.move_s < 0)
        throw_bad_input("ChArUco presentation", "needs a positive rate, hold time and pose count");
    if (p.squares_x < 3 || p.squares_y < 3 || p.marker_mm <= 0 || p.marker_mm >= p.square_mm)
        throw_bad_input("ChArUco presentation", "the board's squares and markers do not fit",
                        "at least 3 x 3 squares, markers smaller than squares");
    poses_ = board_poses(p.poses, p.seed);
    focal_px_ = 0.95 * p.size.width;  // the virtual webcam's (scene_renderers.hpp)
    principal_ = {(p.size.width - 1) / 2.0, (p.size.height - 1) / 2.0};

    const auto board = cv::aruco::CharucoBoard::create(p.squares_x, p.squares_y, static_cast<float>(p.square_mm),
                                                       static_cast<float>(p.marker_mm),
                                                       cv::aruco::getPredefinedDictionary(p.dictionary));
    const int margin = static_cast<int>(std::lround(kPaperMarginMm * kPrintPxPerMm));
    const cv::Size page(static_cast<int>(std::lround(p.squares_x * p.square_mm * kPrintPxPerMm)) + 2 * margin,
                        static_cast<int>(std::lround(p.squares_y * p.square_mm * kPrintPxPerMm)) + 2 * margin);
    board->draw(page, print_, margin, 1);
    // The print is finer than the camera resolves it: blur once so that the warp does not alias.
    cv::GaussianBlur(print_, print_, cv::Size(0, 0), 1.2);

    const int w = p.size.width, h = p.size.height;
    background_.create(p.size, CV_8UC3);
    detail::Random random(p.seed ^ 0x726f'6f6d'0000'0000ull);
    for (int y = 0; y < h; ++y) {
        const double shade = 165 - 45.0 * y / h;
        background_.row(y).setTo(cv::Scalar(shade * 0.92, shade * 0.97, shade));
    }
    cv::rectangle(background_, cv::Rect(int(0.04 * w), int(0.1 * h), int(0.16 * w), int(0.9 * h)), cv::Scalar(90, 110, 130), cv::FILLED);
    cv::rectangle(background_, cv::Rect(int(0.74 * w), int(0.06 * h), int(0.15 * w), int(0.13 * h)),
                  cv::Scalar(random.uniform(40, 200), random.uniform(40, 200), random.uniform(40, 200)), cv::FILLED);
    SceneSettings scene = p.scene;
    scene.size = p.size;
    room_ = detail::RoomEffects::make(scene, p.seed);
}

double CharucoBoardSource::seconds() const {
    return presentation_.poses * (presentation_.hold_s + presentation_.move_s);
}

std::string CharucoBoardSource::describe() const {
    const auto& p = presentation_;
    return "simulated ChArUco board " + std::to_string(p.squares_x) + "x" + std::to_string(p.squares_y) + " (" +
           std::to_string(p.poses) + " poses), " + std::to_string(p.size.width) + "x" + std::to_string(p.size.height) + " @ " +
           std::to_string(static_cast<int>(std::lround(p.fps))) + " Hz";
}

cv::Mat CharucoBoardSource::render(double t_s, std::int64_t frame_index, BoardFrameTruth* truth) const {
    const auto& p = presentation_;
    const double period = p.hold_s + p.move_s;
    const int i = std::clamp(static_cast<int>(std::floor(t_s / period)), 0, static_cast<int>(poses_.size()) - 1);
    const double within = t_s - i * period;
    BoardPose pose = poses_[static_cast<std::size_t>(i)];
    const bool still = within < p.hold_s || i + 1 >= static_cast<int>(poses_.size());
    if (!still) {
        const double s = std::clamp((within - p.hold_s) / p.move_s, 0.0, 1.0);
        pose = blend(pose, poses_[static_cast<std::size_t>(i) + 1], s * s * (3 - 2 * s));  // a smooth hand movement
    }

    // Print pixels -> board millimetres (centred) -> camera: K [r1 r2 t].
    const cv::Matx33d print_to_mm(1 / kPrintPxPerMm, 0, -0.5 * (print_.cols - 1) / kPrintPxPerMm,
                                  0, 1 / kPrintPxPerMm, -0.5 * (print_.rows - 1) / kPrintPxPerMm, 0, 0, 1);
    const cv::Matx33d r = rotation(pose);
    const cv::Matx33d plane(r(0, 0), r(0, 1), 10 * pose.x_cm, r(1, 0), r(1, 1), 10 * pose.y_cm, r(2, 0), r(2, 1), 10 * pose.z_cm);
    const cv::Matx33d k(focal_px_, 0, principal_.x, 0, focal_px_, principal_.y, 0, 0, 1);
    const cv::Matx33d camera_from_print = k * plane * print_to_mm;

    cv::Mat grey(p.size, CV_8UC1);
    cv::Mat mask(p.size, CV_8UC1, cv::Scalar(0));
    cv::warpPerspective(print_, grey, camera_from_print, p.size, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::warpPerspective(cv::Mat(print_.size(), CV_8UC1, cv::Scalar(255)), mask, camera_from_print, p.size, cv::INTER_LINEAR,
                        cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::Mat image = background_.clone();
    cv::Mat paper;
    cv::cvtColor(grey, paper, cv::COLOR_GRAY2BGR);
    // Paper under room light is a little warm and never pure white.
    paper.convertTo(paper, -1, 0.88, 12);
    paper.copyTo(image, mask > 127);
    cv::GaussianBlur(image, image, cv::Size(0, 0), 0.6);  // the lens
    room_->apply(image, t_s, frame_index);

    if (truth) {
        truth->pose = pose;
        truth->still = still;
        truth->pose_index = i;
        truth->focal_px = focal_px_;
        truth->principal_point_px = principal_;
    }
    return image;
}

std::optional<capture::Frame> CharucoBoardSource::next() {
    const double t = next_index_ / presentation_.fps;
    if (state_ != capture::SourceState::Running || t >= seconds()) {
        state_ = capture::SourceState::Ended;
        return std::nullopt;
    }
    capture::Frame frame;
    frame.index = next_index_++;
    frame.t_s = t;
    frame.origin = TimestampOrigin::Synthetic;
    frame.image = render(t, frame.index, &last_truth_);
    return frame;
}

}  // namespace purkinje::sim
