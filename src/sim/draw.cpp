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
    fill_contours(image, {points}, colour);
}

void fill_contours(cv::Mat& image, const std::vector<std::vector<cv::Point2d>>& contours,
                   const cv::Scalar& colour) {
    if (image.empty()) return;
    constexpr int kSub = 16;
    struct Edge {
        cv::Point2d a, b;
    };
    std::vector<Edge> edges;
    double y_min = 1e30, y_max = -1e30, x_min = 1e30, x_max = -1e30;
    for (const auto& contour : contours) {
        if (contour.size() < 3) continue;
        for (std::size_t k = 0; k < contour.size(); ++k) {
            const cv::Point2d& a = contour[k];
            const cv::Point2d& b = contour[(k + 1) % contour.size()];
            y_min = std::min(y_min, a.y);
            y_max = std::max(y_max, a.y);
            x_min = std::min(x_min, a.x);
            x_max = std::max(x_max, a.x);
            if (a.y != b.y) edges.push_back({a, b});
        }
    }
    if (edges.empty()) return;
    const int row0 = std::max(0, int(std::floor(y_min + 0.5)));
    const int row1 = std::min(image.rows - 1, int(std::floor(y_max + 0.5)));
    const int col0 = std::max(0, int(std::floor(x_min + 0.5)));
    const int col1 = std::min(image.cols - 1, int(std::floor(x_max + 0.5)));
    if (row0 > row1 || col0 > col1) return;
    // Each pixel row tests only the edges that span it.
    const int rows = row1 - row0 + 1;
    std::vector<int> start(std::size_t(rows) + 1, 0);
    const auto row_span = [&](const Edge& e, int& r0, int& r1) {
        r0 = std::max(row0, int(std::floor(std::min(e.a.y, e.b.y) + 0.5)));
        r1 = std::min(row1, int(std::floor(std::max(e.a.y, e.b.y) + 0.5)));
    };
    for (const auto& e : edges) {
        int r0, r1;
        row_span(e, r0, r1);
        for (int r = r0; r <= r1; ++r) ++start[std::size_t(r - row0) + 1];
    }
    for (int r = 0; r < rows; ++r) start[std::size_t(r) + 1] += start[std::size_t(r)];
    std::vector<int> bucket(std::size_t(start.back()));
    std::vector<int> fill = start;
    for (std::size_t k = 0; k < edges.size(); ++k) {
        int r0, r1;
        row_span(edges[k], r0, r1);
        for (int r = r0; r <= r1; ++r) bucket[std::size_t(fill[std::size_t(r - row0)]++)] = int(k);
    }

    const int width = col1 - col0 + 1;
    // Per row: partial pixels at span ends go straight into `coverage`; the whole pixels of a
    // span go into the difference array `runs` (O(1) per span), summed once per row.
    std::vector<float> coverage(static_cast<std::size_t>(width));
    std::vector<float> runs(static_cast<std::size_t>(width) + 1);
    std::vector<std::pair<double, int>> crossings;
    const int channels = image.channels();
    for (int row = row0; row <= row1; ++row) {
        const std::size_t r = std::size_t(row - row0);
        if (start[r + 1] - start[r] < 2) continue;
        std::fill(coverage.begin(), coverage.end(), 0.0f);
        std::fill(runs.begin(), runs.end(), 0.0f);
        bool any = false;
        for (int j = 0; j < kSub; ++j) {
            const double y = row - 0.5 + (j + 0.5) / kSub;
            crossings.clear();
            for (int q = start[r]; q < start[r + 1]; ++q) {
                const Edge& e = edges[std::size_t(bucket[std::size_t(q)])];
                if ((e.a.y <= y) == (e.b.y <= y)) continue;
                const double x = e.a.x + (y - e.a.y) * (e.b.x - e.a.x) / (e.b.y - e.a.y);
                crossings.emplace_back(x, e.b.y > e.a.y ? 1 : -1);
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
                if (pb > pa + 1) {
                    runs[std::size_t(pa + 1 - col0)] += w;
                    runs[std::size_t(pb - col0)] -= w;
                }
                if (pb <= col1) coverage[std::size_t(pb - col0)] += float(xb - (pb - 0.5)) * w;
            }
        }
        float running = 0;
        for (int c = 0; c < width; ++c) {
            running += runs[std::size_t(c)];
            coverage[std::size_t(c)] += running;
        }
        if (!any) continue;
        auto* px = image.ptr<std::uint8_t>(row);
        for (int c = 0; c < width; ++c) {
            const float a = std::min(1.0f, coverage[std::size_t(c)]);
            if (a <= 0) continue;
            std::uint8_t* p = px + (col0 + c) * channels;
            if (a >= 1.0f) {
                for (int ch = 0; ch < channels; ++ch) p[ch] = cv::saturate_cast<std::uint8_t>(colour[ch]);
                continue;
            }
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
