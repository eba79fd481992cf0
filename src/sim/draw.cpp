#include "draw.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

#include <opencv2/imgproc.hpp>

namespace purkinje::sim::detail {

cv::Point fixed_point(cv::Point2d p) {
    // OpenCV's pixel centres sit at integer coordinates, as ours do.
    return {int(std::lround(p.x * (1 << kShift))), int(std::lround(p.y * (1 << kShift)))};
}

// OpenCV's anti-aliased fill draws a hard interior plus an anti-aliased outline, which grows a
// shape by about half a pixel; an eye tracker test needs the true area. So shapes are filled by
// coverage: 16 sub-scanlines per pixel row, each span's ends covering their pixels by the exact
// fraction (pixel x spans [x - 0.5, x + 0.5]), non-zero winding.
void fill_polygon(cv::Mat& image, const std::vector<cv::Point2d>& points, const cv::Scalar& colour) {
    if (points.size() < 3 || image.empty()) return;
    constexpr int kSub = 16;
    double y_min = points[0].y, y_max = points[0].y, x_min = points[0].x, x_max = points[0].x;
    for (const auto& p : points) {
        y_min = std::min(y_min, p.y);
        y_max = std::max(y_max, p.y);
        x_min = std::min(x_min, p.x);
        x_max = std::max(x_max, p.x);
    }
    const int row0 = std::max(0, int(std::floor(y_min + 0.5)));
    const int row1 = std::min(image.rows - 1, int(std::floor(y_max + 0.5)));
    const int col0 = std::max(0, int(std::floor(x_min + 0.5)));
    const int col1 = std::min(image.cols - 1, int(std::floor(x_max + 0.5)));
    if (row0 > row1 || col0 > col1) return;
    const int width = col1 - col0 + 1;
    std::vector<float> coverage(static_cast<std::size_t>(width));
    std::vector<std::pair<double, int>> crossings;
    const std::size_t n = points.size();
    const int channels = image.channels();
    for (int row = row0; row <= row1; ++row) {
        std::fill(coverage.begin(), coverage.end(), 0.0f);
        bool any = false;
        for (int j = 0; j < kSub; ++j) {
            const double y = row - 0.5 + (j + 0.5) / kSub;
            crossings.clear();
            for (std::size_t k = 0; k < n; ++k) {
                const cv::Point2d& a = points[k];
                const cv::Point2d& b = points[(k + 1) % n];
                if ((a.y <= y) == (b.y <= y)) continue;
                const double x = a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y);
                crossings.emplace_back(x, b.y > a.y ? 1 : -1);
            }
            if (crossings.size() < 2) continue;
            std::sort(crossings.begin(), crossings.end());
            int winding = 0;
            for (std::size_t k = 0; k + 1 < crossings.size(); ++k) {
                winding += crossings[k].second;
                if (winding == 0) continue;
                const double xa = std::max(crossings[k].first, col0 - 0.5);
                const double xb = std::min(crossings[k + 1].first, col1 + 0.5);
                if (xb <= xa) continue;
                any = true;
                const int pa = int(std::floor(xa + 0.5)), pb = int(std::floor(xb + 0.5));
                const float w = 1.0f / kSub;
                if (pa == pb) {
                    coverage[std::size_t(pa - col0)] += float(xb - xa) * w;
                    continue;
                }
                coverage[std::size_t(pa - col0)] += float(pa + 0.5 - xa) * w;
                for (int p = pa + 1; p < pb; ++p) coverage[std::size_t(p - col0)] += w;
                if (pb <= col1) coverage[std::size_t(pb - col0)] += float(xb - (pb - 0.5)) * w;
            }
        }
        if (!any) continue;
        auto* px = image.ptr<std::uint8_t>(row);
        for (int c = 0; c < width; ++c) {
            const float a = std::min(1.0f, coverage[std::size_t(c)]);
            if (a <= 0) continue;
            std::uint8_t* p = px + (col0 + c) * channels;
            for (int ch = 0; ch < channels; ++ch)
                p[ch] = cv::saturate_cast<std::uint8_t>(p[ch] + a * (colour[ch] - p[ch]));
        }
    }
}

void draw_line(cv::Mat& image, cv::Point2d a, cv::Point2d b, const cv::Scalar& colour, int thickness) {
    cv::line(image, fixed_point(a), fixed_point(b), colour, thickness, cv::LINE_AA, kShift);
}

std::vector<cv::Point2d> ellipse_points(cv::Point2d centre, double a, double b, double angle_rad, int n) {
    std::vector<cv::Point2d> points;
    points.reserve(std::size_t(n));
    const double c = std::cos(angle_rad), s = std::sin(angle_rad);
    for (int k = 0; k < n; ++k) {
        const double phi = 2 * std::numbers::pi * k / n;
        const double u = a * std::cos(phi), v = b * std::sin(phi);
        points.emplace_back(centre.x + u * c - v * s, centre.y + u * s + v * c);
    }
    return points;
}

void fill_ellipse(cv::Mat& image, cv::Point2d centre, double a, double b, double angle_rad,
                  const cv::Scalar& colour) {
    const int n = std::max(24, std::min(720, int(2 * std::numbers::pi * std::max(a, b) / 0.5)));
    fill_polygon(image, ellipse_points(centre, a, b, angle_rad, n), colour);
}

}  // namespace purkinje::sim::detail
