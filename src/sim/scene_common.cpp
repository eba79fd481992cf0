#include "scene_common.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <opencv2/aruco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "random.hpp"

namespace purkinje::sim::detail {

cv::Mat printed_marker(int id, int cell_px) {
    const cv::Ptr<cv::aruco::Dictionary> dictionary = cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50);
    cv::Mat black_square;
    cv::aruco::drawMarker(dictionary, id, 6 * cell_px, black_square, 1);
    cv::Mat printed(8 * cell_px, 8 * cell_px, CV_8U, cv::Scalar(255));
    black_square.copyTo(printed(cv::Rect(cell_px, cell_px, 6 * cell_px, 6 * cell_px)));
    return printed;
}

MarkerTruth warp_marker(cv::Mat& image, const cv::Mat& printed, int id, const std::array<cv::Point2d, 4>& quad,
                        double side_cm) {
    const double n = printed.cols;
    // Pixel i of either image covers [i - 0.5, i + 0.5]: the printed sheet's outer edge is at -0.5.
    const std::vector<cv::Point2f> src{{-0.5f, -0.5f}, {float(n - 0.5), -0.5f},
                                       {float(n - 0.5), float(n - 0.5)}, {-0.5f, float(n - 0.5)}};
    std::vector<cv::Point2f> dst;
    for (const auto& q : quad) dst.emplace_back(float(q.x), float(q.y));
    const cv::Mat H = cv::getPerspectiveTransform(src, dst);

    MarkerTruth truth;
    truth.id = id;
    truth.side_cm = side_cm;
    const double cell = n / 8;
    const std::vector<cv::Point2d> inner_src{{cell - 0.5, cell - 0.5}, {7 * cell - 0.5, cell - 0.5},
                                             {7 * cell - 0.5, 7 * cell - 0.5}, {cell - 0.5, 7 * cell - 0.5}};
    std::vector<cv::Point2d> inner;
    cv::perspectiveTransform(inner_src, inner, H);
    for (int k = 0; k < 4; ++k) truth.corners_px[std::size_t(k)] = inner[std::size_t(k)];

    cv::Rect2d box = cv::boundingRect(dst);
    cv::Rect roi(int(std::floor(box.x)) - 1, int(std::floor(box.y)) - 1, int(std::ceil(box.width)) + 3,
                 int(std::ceil(box.height)) + 3);
    roi &= cv::Rect(0, 0, image.cols, image.rows);
    if (roi.empty()) return truth;
    const cv::Mat shift = (cv::Mat_<double>(3, 3) << 1, 0, -roi.x, 0, 1, -roi.y, 0, 0, 1);
    const cv::Mat H_roi = shift * H;
    cv::Mat warped, coverage;
    cv::warpPerspective(printed, warped, H_roi, roi.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    const cv::Mat ones(printed.size(), CV_8U, cv::Scalar(255));
    cv::warpPerspective(ones, coverage, H_roi, roi.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    cv::Mat target = image(roi);
    const int channels = image.channels();
    for (int y = 0; y < roi.height; ++y) {
        const auto* w = warped.ptr<std::uint8_t>(y);
        const auto* c = coverage.ptr<std::uint8_t>(y);
        auto* t = target.ptr<std::uint8_t>(y);
        for (int x = 0; x < roi.width; ++x) {
            if (c[x] == 0) continue;
            const float a = c[x] / 255.0f;
            // The warped sheet's own edge is pre-multiplied by its coverage.
            const float value = a > 0 ? w[x] / a : 0;
            for (int ch = 0; ch < channels; ++ch) {
                auto& p = t[x * channels + ch];
                p = cv::saturate_cast<std::uint8_t>(p + a * (value * (ch == 2 ? 0.97f : 0.95f) - p));
            }
        }
    }
    return truth;
}

Lighting Lighting::make(double strength, std::uint64_t seed) {
    Lighting l;
    Random random(seed ^ 0x6c69'6768'7400'0000ull);
    double gain = 1;
    for (double t = random.uniform(4, 12); t < 3600; t += random.uniform(4, 15)) {
        gain = std::clamp(gain * (1 + (random.chance(0.5) ? 0.1 : -0.1) * strength), 0.75, 1.25);
        l.switch_times_s.push_back(t);
        l.switch_gains.push_back(gain);
    }
    return l;
}

double Lighting::gain(double t_s, double strength) const {
    if (strength <= 0) return 1.0;
    double g = 1;
    const auto it = std::upper_bound(switch_times_s.begin(), switch_times_s.end(), t_s);
    if (it != switch_times_s.begin()) g = switch_gains[std::size_t(it - switch_times_s.begin()) - 1];
    return g * (1 + 0.12 * strength * std::sin(2 * std::numbers::pi * t_s / 14.0));
}

NoiseBank NoiseBank::make(cv::Size size, int type, double sd, std::uint64_t seed, int count) {
    NoiseBank bank;
    if (sd <= 0) return bank;
    for (int k = 0; k < count; ++k) {
        cv::RNG rng(seed * 0x9E3779B97F4A7C15ull + std::uint64_t(k) + 7);
        cv::Mat noise(size, CV_MAKETYPE(CV_32F, CV_MAT_CN(type)));
        rng.fill(noise, cv::RNG::NORMAL, 0.0, sd);
        cv::Mat up, down;
        cv::Mat(cv::max(noise, 0.0)).convertTo(up, type);
        cv::Mat(cv::max(-noise, 0.0)).convertTo(down, type);
        bank.up.push_back(up);
        bank.down.push_back(down);
    }
    return bank;
}

void NoiseBank::apply(cv::Mat& image, std::int64_t frame_index) const {
    if (up.empty()) return;
    // Successive frames take successive banks, each shifted by a frame-dependent offset, so the
    // noise does not repeat visibly.
    const std::size_t k = std::size_t(frame_index % std::int64_t(up.size()));
    const int dx = int((frame_index * 7919) % image.cols), dy = int((frame_index * 104729) % image.rows);
    const cv::Mat& u = up[k];
    const cv::Mat& d = down[k];
    cv::Mat su(u.size(), u.type()), sd(d.size(), d.type());
    // Wrap-around shift by four block copies.
    const auto wrap = [&](const cv::Mat& src, cv::Mat& dst) {
        const int w = src.cols, h = src.rows;
        src(cv::Rect(0, 0, w - dx, h - dy)).copyTo(dst(cv::Rect(dx, dy, w - dx, h - dy)));
        if (dx > 0) src(cv::Rect(w - dx, 0, dx, h - dy)).copyTo(dst(cv::Rect(0, dy, dx, h - dy)));
        if (dy > 0) src(cv::Rect(0, h - dy, w - dx, dy)).copyTo(dst(cv::Rect(dx, 0, w - dx, dy)));
        if (dx > 0 && dy > 0) src(cv::Rect(w - dx, h - dy, dx, dy)).copyTo(dst(cv::Rect(0, 0, dx, dy)));
    };
    wrap(u, su);
    wrap(d, sd);
    cv::add(image, su, image);
    cv::subtract(image, sd, image);
}

std::shared_ptr<const RoomEffects> RoomEffects::make(const SceneSettings& settings, std::uint64_t seed) {
    auto room = std::make_shared<RoomEffects>();
    room->lighting = Lighting::make(settings.lighting_changes, seed);
    room->noise = NoiseBank::make(settings.size, CV_8UC3, 2.0 * settings.sensor_noise, seed);
    room->lighting_strength = settings.lighting_changes;
    return room;
}

double RoomEffects::apply(cv::Mat& image, double t_s, std::int64_t frame_index) const {
    const double gain = lighting.gain(t_s, lighting_strength);
    if (gain != 1.0) image.convertTo(image, -1, gain, 0);
    noise.apply(image, frame_index);
    return gain;
}

}  // namespace purkinje::sim::detail
