// The infrared eye camera. Layers from back to front: skin, eyeball (sclera), iris with its
// texture, pupil, corneal glints, then the lids with their lashes over everything; the camera's
// faults come last (exposure time, focus, illumination, sensor noise).

#include "purkinje/sim/eye_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <opencv2/imgproc.hpp>

#include "draw.hpp"
#include "random.hpp"
#include "scene_common.hpp"

namespace purkinje::sim {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kPupilDistanceMm = 10.5;   // rotation centre to the apparent pupil
constexpr double kIrisRadiusMm = 6.0;
constexpr double kEyeballRadiusMm = 12.0;
constexpr double kCorneaCentreMm = 5.6;     // rotation centre to the cornea's centre of curvature
constexpr double kCorneaRadiusMm = 7.8;
constexpr double kFissureHalfWidthMm = 14.0;
constexpr double kCornerYMm = -1.0;

constexpr double kSkin = 150, kSclera = 205, kIris = 115, kPupil = 18, kGlint = 252, kLash = 35;

struct Vec3 {
    double x, y, z;
};

// Gaze direction and the iris plane's axes (Fick: yaw, then pitch); y up, z toward the camera.
struct EyeFrame {
    Vec3 d, e1, e2;
};
EyeFrame eye_frame(double h_deg, double v_deg) {
    const double h = h_deg * kPi / 180, v = v_deg * kPi / 180;
    return {{std::cos(v) * std::sin(h), std::sin(v), std::cos(v) * std::cos(h)},
            {std::cos(h), 0, -std::sin(h)},
            {-std::sin(v) * std::sin(h), std::cos(v), -std::sin(v) * std::cos(h)}};
}

struct Lids {
    double upper_apex_mm, lower_apex_mm;  // heights above the rotation centre, y up
    double upper(double x_mm) const { return curve(x_mm, upper_apex_mm); }
    double lower(double x_mm) const { return curve(x_mm, lower_apex_mm); }
    static double curve(double x_mm, double apex) {
        const double u = std::clamp(x_mm / kFissureHalfWidthMm, -1.0, 1.0);
        return kCornerYMm + (apex - kCornerYMm) * std::cos(kPi * u / 2);
    }
    bool open_at(double x_mm, double y_mm) const {
        return std::abs(x_mm) < kFissureHalfWidthMm && y_mm < upper(x_mm) && y_mm > lower(x_mm);
    }
};

Lids lids_for(const EyeRenderSettings& s, double v_deg, double closure) {
    const double lift = kPupilDistanceMm * std::sin(v_deg * kPi / 180);
    const double lower = -5.5 + 0.2 * lift;
    const double upper_open = 4.5 + 4.0 * (1 - std::clamp(s.eyelids, 0.0, 1.0)) + 0.7 * lift;
    const double c = std::clamp(closure, 0.0, 1.0);
    return {upper_open * (1 - c) + (lower + 0.2) * c, lower};
}

}  // namespace

EyeRenderSettings EyeRenderSettings::clean(cv::Size size) {
    EyeRenderSettings s;
    s.size = size;
    s.iris_texture = s.glints = s.eyelids = s.lashes = 0;
    s.sensor_noise = s.motion_blur = s.defocus = s.uneven_illumination = 0;
    return s;
}

EyeCameraRenderer::EyeCameraRenderer(EyeRenderSettings settings, std::uint64_t seed)
    : settings_(settings), seed_(seed) {
    px_per_mm_ = settings_.px_per_mm > 0 ? settings_.px_per_mm : settings_.size.width / 28.0;
    centre_ = settings_.rotation_centre_px.x >= 0
                  ? settings_.rotation_centre_px
                  : cv::Point2d((settings_.size.width - 1) / 2.0, (settings_.size.height - 1) / 2.0);

    // The illuminator sits below and to one side: light falls off toward a corner.
    illumination_.create(settings_.size, CV_8U);
    const double w = settings_.size.width, h = settings_.size.height, strength = settings_.uneven_illumination;
    for (int y = 0; y < settings_.size.height; ++y) {
        auto* row = illumination_.ptr<std::uint8_t>(y);
        for (int x = 0; x < settings_.size.width; ++x) {
            const double dx = (x - 0.4 * w) / w, dy = (y - 0.65 * h) / h;
            row[x] = cv::saturate_cast<std::uint8_t>(
                255 * (1.0 - strength * 0.35 * std::min(1.0, 1.6 * (dx * dx + dy * dy) + 0.25 * (x / w))));
        }
    }

    const auto bank = detail::NoiseBank::make(settings_.size, CV_8U, 3.0 * settings_.sensor_noise, seed);
    noise_up_ = bank.up;
    noise_down_ = bank.down;

    detail::Random random(seed ^ 0x1415'9265'3589'7932ull);
    for (int k = 0; k < 90; ++k) {
        iris_spoke_angle_.push_back(random.uniform(0, 2 * kPi));
        iris_spoke_level_.push_back(random.normal(0, 1));
        iris_spoke_width_.push_back(random.uniform(0.3, 1.0));
    }
    for (int k = 0; k < 70; ++k) {
        lash_position_.push_back(random.uniform(-0.85, 0.85));
        lash_length_.push_back(random.uniform(2.0, 3.5));
        lash_tilt_.push_back(random.normal(0, 0.15));
    }
}

EyeFrameTruth EyeCameraRenderer::truth(const EyePose& pose) const {
    EyeFrameTruth t;
    t.gaze_h_deg = pose.h_deg;
    t.gaze_v_deg = pose.v_deg;
    t.eyelid_closure = pose.eyelid_closure;
    t.blink = pose.eyelid_closure >= 0.5;
    const EyeFrame f = eye_frame(pose.h_deg, pose.v_deg);
    const double s = px_per_mm_;
    t.pupil_centre_px = {centre_.x + s * kPupilDistanceMm * f.d.x, centre_.y - s * kPupilDistanceMm * f.d.y};
    const double r = 0.5 * pose.pupil_diameter_mm * s;
    t.pupil_diameter_px = 2 * r;
    // Orthographic image of a circle: semi-axis r*cos(theta) along the projected gaze, r across.
    const double angle = std::atan2(-f.d.y, f.d.x);
    t.pupil_ellipse = cv::RotatedRect(cv::Point2f(float(t.pupil_centre_px.x), float(t.pupil_centre_px.y)),
                                      cv::Size2f(float(2 * r * f.d.z), float(2 * r)),
                                      float(angle * 180 / kPi));

    const Lids lids = lids_for(settings_, pose.v_deg, pose.eyelid_closure);
    int inside = 0, visible = 0;
    const double rp = 0.5 * pose.pupil_diameter_mm;
    for (int i = -10; i <= 10; ++i)
        for (int j = -10; j <= 10; ++j) {
            const double a = i / 10.0, b = j / 10.0;
            if (a * a + b * b > 1) continue;
            ++inside;
            const double x = kPupilDistanceMm * f.d.x + rp * (a * f.e1.x + b * f.e2.x);
            const double y = kPupilDistanceMm * f.d.y + rp * (a * f.e1.y + b * f.e2.y);
            if (lids.open_at(x, y)) ++visible;
        }
    t.pupil_visible_fraction = double(visible) / inside;

    if (settings_.glints > 0) {
        for (double side : {-1.0, 1.0}) {
            Vec3 l{0.35 * side, -0.3, 1.0};
            Vec3 n{l.x, l.y, l.z + std::sqrt(l.x * l.x + l.y * l.y + l.z * l.z)};
            const double norm = std::sqrt(n.x * n.x + n.y * n.y + n.z * n.z);
            const double gx = kCorneaCentreMm * f.d.x + kCorneaRadiusMm * n.x / norm;
            const double gy = kCorneaCentreMm * f.d.y + kCorneaRadiusMm * n.y / norm;
            // On the cornea only (within ~45 deg of its apex), and not under a lid.
            const double cos_apex = (n.x * f.d.x + n.y * f.d.y + n.z * f.d.z) / norm;
            if (cos_apex > 0.7 && lids.open_at(gx, gy))
                t.glints_px.emplace_back(centre_.x + s * gx, centre_.y - s * gy);
        }
    }
    return t;
}

cv::Mat EyeCameraRenderer::render(const EyePose& pose, std::int64_t frame_index, EyeFrameTruth* truth_out) const {
    const EyeRenderSettings& st = settings_;
    const double s = px_per_mm_;
    const auto to_px = [&](double x_mm, double y_mm) {
        return cv::Point2d(centre_.x + s * x_mm, centre_.y - s * y_mm);
    };

    // Motion blur by averaging sub-exposures along the eye's velocity: a saccade smears the pupil,
    // the lids and skin stay sharp, as in a real global-shutter eye camera.
    const double exposure_s = 0.004 * std::max(0.0, st.motion_blur);
    const double speed_rad_s = std::hypot(pose.vel_h_deg_s, pose.vel_v_deg_s) * kPi / 180;
    const double smear_px = s * kPupilDistanceMm * speed_rad_s * exposure_s;
    const int subframes = std::clamp(int(std::ceil(smear_px / 0.5)), 1, 12);

    cv::Mat accumulated;
    for (int k = 0; k < subframes; ++k) {
        EyePose p = pose;
        if (subframes > 1) {
            const double dt = exposure_s * ((k + 0.5) / subframes - 0.5);
            p.h_deg += pose.vel_h_deg_s * dt;
            p.v_deg += pose.vel_v_deg_s * dt;
        }
        const EyeFrame f = eye_frame(p.h_deg, p.v_deg);
        cv::Mat img(st.size, CV_8U, cv::Scalar(kSkin));
        detail::fill_ellipse(img, centre_, s * kEyeballRadiusMm, s * kEyeballRadiusMm, 0, cv::Scalar(kSclera));

        const auto iris_point = [&](double rho, double phi) {
            const double c = std::cos(phi), sn = std::sin(phi);
            return to_px(kPupilDistanceMm * f.d.x + rho * (c * f.e1.x + sn * f.e2.x),
                         kPupilDistanceMm * f.d.y + rho * (c * f.e1.y + sn * f.e2.y));
        };
        const cv::Point2d pupil_px = to_px(kPupilDistanceMm * f.d.x, kPupilDistanceMm * f.d.y);
        const double tilt = std::atan2(-f.d.y, f.d.x);
        detail::fill_ellipse(img, pupil_px, s * kIrisRadiusMm * f.d.z, s * kIrisRadiusMm, tilt, cv::Scalar(kIris));
        const double rp = 0.5 * p.pupil_diameter_mm;
        if (st.iris_texture > 0) {
            for (std::size_t k2 = 0; k2 < iris_spoke_angle_.size(); ++k2) {
                const double level = std::clamp(kIris + 22 * st.iris_texture * iris_spoke_level_[k2], 60.0, 180.0);
                detail::draw_line(img, iris_point(rp, iris_spoke_angle_[k2]),
                                  iris_point(kIrisRadiusMm * (0.75 + 0.2 * iris_spoke_width_[k2]),
                                             iris_spoke_angle_[k2] + 0.05 * iris_spoke_level_[k2]),
                                  cv::Scalar(level));
            }
            std::vector<cv::Point2d> limbus;
            for (int k2 = 0; k2 <= 120; ++k2) limbus.push_back(iris_point(kIrisRadiusMm, 2 * kPi * k2 / 120));
            for (std::size_t k2 = 1; k2 < limbus.size(); ++k2)
                detail::draw_line(img, limbus[k2 - 1], limbus[k2],
                                  cv::Scalar(kIris - 30 * std::min(1.0, st.iris_texture)), 2);
        }
        detail::fill_ellipse(img, pupil_px, s * rp * f.d.z, s * rp, tilt, cv::Scalar(kPupil));

        const EyeFrameTruth geometry = truth(p);
        for (const auto& g : geometry.glints_px) {
            const double radius = std::max(0.8, 0.35 * s);
            detail::fill_ellipse(img, g, radius, radius, 0,
                                 cv::Scalar(kIris + (kGlint - kIris) * std::min(1.0, st.glints)));
        }

        // Lids: skin above the upper and below the lower lid curve, lashes on the upper lid.
        const Lids lids = lids_for(st, p.v_deg, p.eyelid_closure);
        const double w = st.size.width, h = st.size.height;
        std::vector<cv::Point2d> upper{{-2, -2}}, lower{{-2, h + 1}};
        upper.push_back(to_px(-1e3, kCornerYMm));
        lower.push_back(to_px(-1e3, kCornerYMm));
        upper.back().x = lower.back().x = -2;
        for (int k2 = 0; k2 <= 64; ++k2) {
            const double x = -kFissureHalfWidthMm + 2 * kFissureHalfWidthMm * k2 / 64;
            upper.push_back(to_px(x, lids.upper(x)));
            lower.push_back(to_px(x, lids.lower(x)));
        }
        upper.emplace_back(w + 1, to_px(0, kCornerYMm).y);
        lower.emplace_back(w + 1, to_px(0, kCornerYMm).y);
        upper.emplace_back(w + 1, -2);
        lower.emplace_back(w + 1, h + 1);
        detail::fill_polygon(img, upper, cv::Scalar(kSkin));
        detail::fill_polygon(img, lower, cv::Scalar(kSkin));
        if (st.lashes > 0) {
            const std::size_t n = std::size_t(std::round(lash_position_.size() * std::min(1.0, st.lashes)));
            for (std::size_t k2 = 0; k2 < n; ++k2) {
                const double x = lash_position_[k2] * kFissureHalfWidthMm;
                const double y = lids.upper(x);
                const double out = lash_position_[k2] * 0.6 + lash_tilt_[k2];
                const double len = lash_length_[k2] * (1 - 0.4 * p.eyelid_closure);
                detail::draw_line(img, to_px(x, y), to_px(x + len * std::sin(out), y + len * std::cos(out)),
                                  cv::Scalar(kLash), 1);
            }
        }
        if (subframes == 1) {
            accumulated = img;
        } else {
            if (accumulated.empty()) accumulated = cv::Mat::zeros(st.size, CV_32F);
            cv::accumulate(img, accumulated);
        }
    }

    cv::Mat frame;
    if (subframes == 1) frame = accumulated;
    else accumulated.convertTo(frame, CV_8U, 1.0 / subframes);
    if (st.defocus > 0) cv::GaussianBlur(frame, frame, cv::Size(), 1.5 * st.defocus * st.size.width / 320.0);
    if (st.uneven_illumination > 0) cv::multiply(frame, illumination_, frame, 1.0 / 255);
    detail::NoiseBank{noise_up_, noise_down_}.apply(frame, frame_index);
    if (truth_out) *truth_out = truth(pose);
    return frame;
}

}  // namespace purkinje::sim
