#include "purkinje/track/head_pose.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "purkinje/core/names.hpp"
#include "overlay_text.hpp"

namespace purkinje::track {
namespace {

constexpr double kDeg = 180.0 / CV_PI;
// The band's frame (y up, z toward the camera) against the camera's (y down, z into the scene).
const cv::Matx33d kFlip(1, 0, 0, 0, -1, 0, 0, 0, -1);

std::array<cv::Point3f, 4> square(cv::Point3d centre, cv::Point3d along, cv::Point3d up, double side) {
    const cv::Point3d a = 0.5 * side * along, u = 0.5 * side * up;
    const auto f = [](cv::Point3d p) { return cv::Point3f(static_cast<float>(p.x), static_cast<float>(p.y), static_cast<float>(p.z)); };
    return {f(centre - a + u), f(centre + a + u), f(centre + a - u), f(centre - a - u)};
}

}  // namespace

HeadbandLayout HeadbandLayout::flat_strip(const std::vector<int>& ids, double marker_mm, double gap_mm) {
    HeadbandLayout layout;
    const double n = static_cast<double>(ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
        const double x = (static_cast<double>(k) - 0.5 * (n - 1)) * (marker_mm + gap_mm);
        layout.markers[ids[k]] = square({x, 0, 0}, {1, 0, 0}, {0, 1, 0}, marker_mm);
    }
    return layout;
}

HeadbandLayout HeadbandLayout::cylinder(const std::vector<int>& ids, double marker_mm, double radius_mm, double step_deg) {
    HeadbandLayout layout;
    const double n = static_cast<double>(ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
        const double a = (static_cast<double>(k) - 0.5 * (n - 1)) * step_deg / kDeg;
        const cv::Point3d centre(radius_mm * std::sin(a), 0, radius_mm * std::cos(a) - radius_mm);
        layout.markers[ids[k]] = square(centre, {std::cos(a), 0, -std::sin(a)}, {0, 1, 0}, marker_mm);
    }
    return layout;
}

cv::Vec3d yaw_pitch_roll_deg(const cv::Matx33d& q) {
    // q = Ry(yaw) Rx(theta) Rz(roll) with pitch = -theta (chin up positive).
    const double theta = std::asin(std::clamp(-q(1, 2), -1.0, 1.0));
    const double yaw = std::atan2(q(0, 2), q(2, 2));
    const double roll = std::atan2(q(1, 0), q(1, 1));
    return {yaw * kDeg, -theta * kDeg, roll * kDeg};
}

cv::Matx33d head_rotation_from_deg(double yaw_deg, double pitch_deg, double roll_deg) {
    const double y = yaw_deg / kDeg, x = -pitch_deg / kDeg, z = roll_deg / kDeg;
    const cv::Matx33d ry(std::cos(y), 0, std::sin(y), 0, 1, 0, -std::sin(y), 0, std::cos(y));
    const cv::Matx33d rx(1, 0, 0, 0, std::cos(x), -std::sin(x), 0, std::sin(x), std::cos(x));
    const cv::Matx33d rz(std::cos(z), -std::sin(z), 0, std::sin(z), std::cos(z), 0, 0, 0, 1);
    return ry * rx * rz;
}

cv::Matx33d camera_rotation_from_head(const cv::Matx33d& head_rotation) { return kFlip * head_rotation; }

HeadPoseTracker::HeadPoseTracker(CameraIntrinsics intrinsics, HeadPoseParams params)
    : intrinsics_(std::move(intrinsics)), params_(std::move(params)) {}

bool HeadPoseTracker::set_reference() {
    if (!last_rotation_) return false;
    reference_ = *last_rotation_;
    return true;
}

HeadPoseResult HeadPoseTracker::track(const cv::Mat& image, std::int64_t frame_index, double t_s) {
    const cv::Mat grey = grey_frame(image, frame_index);
    HeadPoseResult result;
    result.intrinsics_guessed = intrinsics_.guessed_from_fov;
    const auto on_band = [&](std::vector<DetectedMarker> found) {
        std::vector<DetectedMarker> kept;
        for (auto& m : found)
            if (params_.layout.markers.count(m.id)) kept.push_back(m);
        return kept;
    };
    std::vector<DetectedMarker> markers;
    if (!last_markers_.empty())
        markers = on_band(detect_markers(grey, params_.dictionary,
                                         markers_search_window(last_markers_, params_.search_margin, grey.size())));
    if (markers.empty()) markers = on_band(detect_markers(grey, params_.dictionary));
    last_markers_ = markers;
    if (markers.empty()) {
        last_rotation_.reset(), last_rvec_.reset(), last_tvec_.reset();
        return result;  // the band is out of view
    }
    std::vector<cv::Point3f> object;
    std::vector<cv::Point2f> pixels;
    bool planar = true;
    for (const auto& m : markers) {
        const auto& corners3d = params_.layout.markers.at(m.id);
        for (int k = 0; k < 4; ++k) {
            object.push_back(corners3d[k]);
            pixels.push_back(m.corners[k]);
            planar = planar && std::abs(corners3d[k].z) < 1e-6f;
        }
    }
    cv::Vec3d rvec, tvec;
    bool solved = false;
    if (last_rvec_) {
        rvec = *last_rvec_, tvec = *last_tvec_;
        solved = cv::solvePnP(object, pixels, intrinsics_.camera_matrix, intrinsics_.distortion, rvec, tvec, true,
                              cv::SOLVEPNP_ITERATIVE);
    }
    if (!solved) {
        solved = cv::solvePnP(object, pixels, intrinsics_.camera_matrix, intrinsics_.distortion, rvec, tvec, false,
                              planar ? cv::SOLVEPNP_IPPE : cv::SOLVEPNP_SQPNP);
        if (solved && object.size() >= 6)  // polish the closed-form start
            cv::solvePnP(object, pixels, intrinsics_.camera_matrix, intrinsics_.distortion, rvec, tvec, true,
                         cv::SOLVEPNP_ITERATIVE);
    }
    if (!solved) {
        result.state = TrackState::Lost;
        return result;
    }
    std::vector<cv::Point2f> projected;
    cv::projectPoints(object, rvec, tvec, intrinsics_.camera_matrix, intrinsics_.distortion, projected);
    double sum = 0;
    for (std::size_t i = 0; i < pixels.size(); ++i) sum += std::pow(cv::norm(projected[i] - pixels[i]), 2);
    result.reprojection_px = std::sqrt(sum / pixels.size());

    cv::Matx33d r_cam;
    cv::Rodrigues(rvec, r_cam);
    const cv::Matx33d head = kFlip * r_cam;
    const cv::Vec3d angles = yaw_pitch_roll_deg(reference_.t() * head);
    result.yaw_deg = angles[0], result.pitch_deg = angles[1], result.roll_deg = angles[2];
    if (last_rotation_ && t_s > last_t_s_) {
        cv::Vec3d omega;
        cv::Rodrigues(cv::Mat(last_rotation_->t() * head), omega);
        omega *= kDeg / (t_s - last_t_s_);
        result.yaw_velocity_deg_s = omega[1];
        result.pitch_velocity_deg_s = -omega[0];
        result.roll_velocity_deg_s = omega[2];
        result.has_velocity = true;
    }
    result.rvec = rvec, result.tvec_mm = tvec;
    result.markers = markers;
    // One marker alone leaves the tilt ambiguous (IPPE's two solutions); reprojection error says
    // whether the corners agree with the band's geometry.
    const double marker_factor = markers.size() >= 2 ? 1.0 : 0.6;
    result.confidence = std::clamp(marker_factor * std::exp(-std::pow(result.reprojection_px / 2.0, 2)), 0.0, 1.0);
    // Corners that do not fit the band's geometry (a wrong layout, a misread marker) are no pose.
    result.state = result.confidence >= 0.3 ? TrackState::Tracked : TrackState::Lost;
    last_rotation_ = head, last_rvec_ = rvec, last_tvec_ = tvec, last_t_s_ = t_s;
    return result;
}

Channel make_head_channel(double nominal_rate_hz) {
    return Channel(names::kHead, nominal_rate_hz, {{"yaw", "deg"}, {"pitch", "deg"}, {"roll", "deg"}});
}

Channel make_head_velocity_channel(double nominal_rate_hz) {
    return Channel(names::kHeadVelocity, nominal_rate_hz, {{"yaw", "deg/s"}, {"pitch", "deg/s"}, {"roll", "deg/s"}});
}

void append_head_sample(Channel& head, Channel& velocity, double t_s, const HeadPoseResult& r) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const bool ok = r.state == TrackState::Tracked;
    const bool moving = ok && r.has_velocity;
    const auto v = [&](double x, bool valid) { return valid ? static_cast<float>(x) : nan; };
    head.push_back(t_s, {v(r.yaw_deg, ok), v(r.pitch_deg, ok), v(r.roll_deg, ok)}, ok ? static_cast<float>(r.confidence) : 0.0f);
    velocity.push_back(t_s, {v(r.yaw_velocity_deg_s, moving), v(r.pitch_velocity_deg_s, moving), v(r.roll_velocity_deg_s, moving)},
                       moving ? static_cast<float>(r.confidence) : 0.0f);
}

void draw_head_pose(cv::Mat& bgr, const HeadPoseResult& r, const CameraIntrinsics& intrinsics) {
    for (const auto& m : r.markers)
        for (int k = 0; k < 4; ++k)
            cv::line(bgr, m.corners[k], m.corners[(k + 1) % 4], cv::Scalar(0, 220, 0), 1, cv::LINE_AA);
    if (r.state == TrackState::Tracked)
        cv::drawFrameAxes(bgr, intrinsics.camera_matrix, intrinsics.distortion, r.rvec, r.tvec_mm, 40, 2);
    char text[128];
    std::snprintf(text, sizeof text, "%s %.2f yaw %.1f pitch %.1f roll %.1f%s", to_string(r.state), r.confidence, r.yaw_deg,
                  r.pitch_deg, r.roll_deg, r.intrinsics_guessed ? "  [intrinsics guessed from FOV]" : "");
    detail::draw_status_text(bgr, text, r.intrinsics_guessed ? cv::Scalar(0, 165, 255) : cv::Scalar(0, 220, 0));
}

namespace {

class HeadFrameTracker final : public FrameTracker {
public:
    HeadFrameTracker(CameraIntrinsics intrinsics, HeadPoseParams params, double rate)
        : tracker_(std::move(intrinsics), std::move(params)),
          head_(make_head_channel(rate)),
          velocity_(make_head_velocity_channel(rate)) {}
    std::vector<std::string> value_columns() const override {
        return {"yaw_deg", "pitch_deg", "roll_deg", "yaw_vel_deg_s", "pitch_vel_deg_s", "roll_vel_deg_s",
                "x_mm", "y_mm", "z_mm", "markers", "reprojection_px", "intrinsics_guessed"};
    }
    TrackedRow process(const capture::Frame& frame, cv::Mat* overlay) override {
        const HeadPoseResult r = tracker_.track(frame.image, frame.index, frame.t_s);
        append_head_sample(head_, velocity_, frame.t_s, r);
        if (overlay) draw_head_pose(*overlay, r, tracker_.intrinsics());
        const double nan = std::numeric_limits<double>::quiet_NaN();
        TrackedRow row;
        row.state = r.state;
        const bool ok = r.state == TrackState::Tracked;
        row.confidence = ok ? r.confidence : 0;
        const auto v = [&](double x, bool valid) { return valid ? x : nan; };
        row.values = {v(r.yaw_deg, ok), v(r.pitch_deg, ok), v(r.roll_deg, ok),
                      v(r.yaw_velocity_deg_s, ok && r.has_velocity), v(r.pitch_velocity_deg_s, ok && r.has_velocity),
                      v(r.roll_velocity_deg_s, ok && r.has_velocity), v(r.tvec_mm[0], ok), v(r.tvec_mm[1], ok),
                      v(r.tvec_mm[2], ok), static_cast<double>(r.markers.size()), v(r.reprojection_px, ok),
                      r.intrinsics_guessed ? 1.0 : 0.0};
        return row;
    }
    std::vector<Channel> channels() const override { return {head_, velocity_}; }

private:
    HeadPoseTracker tracker_;
    Channel head_, velocity_;
};

}  // namespace

std::unique_ptr<FrameTracker> make_head_frame_tracker(CameraIntrinsics intrinsics, HeadPoseParams params,
                                                      double nominal_rate_hz) {
    return std::make_unique<HeadFrameTracker>(std::move(intrinsics), std::move(params), nominal_rate_hz);
}

}  // namespace purkinje::track
