// Single-frame pupil detection: coarse dark blob, ray edge selection, robust ellipse fit.
// The method and its sources are described in include/purkinje/track/pupil.hpp.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "pupil_internal.hpp"
#include "purkinje/track/pupil.hpp"

namespace purkinje::track {
namespace detail {

std::vector<CoarseBlob> coarse_dark_blobs(const cv::Mat& grey, const cv::Rect& roi_in, double min_radius_px,
                                          double max_radius_px, int max_candidates) {
    std::vector<CoarseBlob> found;
    const cv::Rect roi = roi_in & cv::Rect(0, 0, grey.cols, grey.rows);
    if (roi.width < 4 || roi.height < 4) return found;
    // Scale so the smallest pupil still spans ~2.5 coarse pixels: enough to find it, cheap to scan.
    const double scale = std::clamp(2.5 / std::max(min_radius_px, 1.0), 0.05, 1.0);
    const cv::Size coarse_size(std::max(4, static_cast<int>(std::lround(roi.width * scale))),
                               std::max(4, static_cast<int>(std::lround(roi.height * scale))));
    const double sx = static_cast<double>(coarse_size.width) / roi.width;
    const double sy = static_cast<double>(coarse_size.height) / roi.height;
    cv::Mat small;
    cv::resize(grey(roi), small, coarse_size, 0, 0, cv::INTER_AREA);
    cv::Mat sums;
    cv::integral(small, sums, CV_32S);
    const int w = small.cols, h = small.rows;
    const auto box = [&](int x0, int y0, int x1, int y1, double& area) {
        // Inclusive-exclusive box [x0,x1) x [y0,y1) clipped to the image.
        x0 = std::max(x0, 0), y0 = std::max(y0, 0), x1 = std::min(x1, w), y1 = std::min(y1, h);
        area = static_cast<double>(std::max(0, x1 - x0) * std::max(0, y1 - y0));
        if (area <= 0) return 0.0;
        return static_cast<double>(sums.at<int>(y1, x1) - sums.at<int>(y0, x1) - sums.at<int>(y1, x0) +
                                   sums.at<int>(y0, x0));
    };
    // Best score per position over all radii, then local maxima: the candidates.
    cv::Mat best_score(h, w, CV_64F, cv::Scalar(-1e9));
    cv::Mat best_radius(h, w, CV_64F, cv::Scalar(0));
    cv::Mat best_inner(h, w, CV_64F, cv::Scalar(0)), best_ring(h, w, CV_64F, cv::Scalar(0));
    const double r_lo = std::max(1.0, min_radius_px * sx), r_hi = std::max(r_lo, max_radius_px * sx);
    for (double r = r_lo; r <= r_hi * 1.0001; r *= 1.2) {
        const int a = std::max(1, static_cast<int>(std::lround(r * 0.7)));  // inner half-size
        const int b = std::max(a + 1, static_cast<int>(std::lround(r * 1.6)));  // outer half-size
        const double full_inner = (2.0 * a + 1) * (2.0 * a + 1);
        const double full_ring = (2.0 * b + 1) * (2.0 * b + 1) - full_inner;
        for (int y = 0; y < h; ++y) {
            auto* score_row = best_score.ptr<double>(y);
            for (int x = 0; x < w; ++x) {
                double inner_area = 0, outer_area = 0;
                const double inner = box(x - a, y - a, x + a + 1, y + a + 1, inner_area);
                // A pupil cut by the border must still show most of its core and of its surround.
                if (inner_area < 0.5 * full_inner) continue;
                const double outer = box(x - b, y - b, x + b + 1, y + b + 1, outer_area);
                const double ring_area = outer_area - inner_area;
                if (ring_area < 0.5 * full_ring) continue;
                const double inner_mean = inner / inner_area;
                const double ring_mean = (outer - inner) / ring_area;
                const double score = ring_mean - inner_mean;
                if (score > score_row[x]) {
                    score_row[x] = score;
                    best_radius.at<double>(y, x) = r;
                    best_inner.at<double>(y, x) = inner_mean;
                    best_ring.at<double>(y, x) = ring_mean;
                }
            }
        }
    }
    for (int k = 0; k < max_candidates; ++k) {
        double max_value = 0;
        cv::Point at;
        cv::minMaxLoc(best_score, nullptr, &max_value, nullptr, &at);
        if (max_value <= 0) break;
        CoarseBlob blob;
        blob.found = true;
        blob.centre = {roi.x + (at.x + 0.5) / sx - 0.5, roi.y + (at.y + 0.5) / sy - 0.5};
        const double r = best_radius.at<double>(at);
        blob.radius_px = r / sx;
        blob.contrast = max_value;
        blob.inner_mean = best_inner.at<double>(at);
        blob.ring_mean = best_ring.at<double>(at);
        found.push_back(blob);
        // Suppress this blob's neighbourhood before looking for the next one.
        const int suppress = std::max(1, static_cast<int>(std::lround(1.5 * r)));
        cv::circle(best_score, at, suppress, cv::Scalar(-1e9), cv::FILLED);
    }
    return found;
}

double percentile_in_box(const cv::Mat& grey, cv::Point2d centre, double half_size, double q) {
    const cv::Rect box = cv::Rect(static_cast<int>(std::floor(centre.x - half_size)),
                                  static_cast<int>(std::floor(centre.y - half_size)),
                                  static_cast<int>(std::ceil(2 * half_size)) + 1,
                                  static_cast<int>(std::ceil(2 * half_size)) + 1) &
                         cv::Rect(0, 0, grey.cols, grey.rows);
    if (box.area() == 0) return 0;
    std::array<int, 256> histogram{};
    for (int y = box.y; y < box.y + box.height; ++y) {
        const auto* row = grey.ptr<std::uint8_t>(y);
        for (int x = box.x; x < box.x + box.width; ++x) ++histogram[row[x]];
    }
    const int target = static_cast<int>(q * box.area());
    int seen = 0;
    for (int v = 0; v < 256; ++v) {
        seen += histogram[v];
        if (seen > target) return v;
    }
    return 255;
}

namespace {

inline float sample_bilinear(const cv::Mat& grey, double x, double y) {
    const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
    const double fx = x - x0, fy = y - y0;
    const auto* r0 = grey.ptr<std::uint8_t>(y0);
    const auto* r1 = grey.ptr<std::uint8_t>(std::min(y0 + 1, grey.rows - 1));
    const int x1 = std::min(x0 + 1, grey.cols - 1);
    return static_cast<float>((r0[x0] * (1 - fx) + r0[x1] * fx) * (1 - fy) +
                              (r1[x0] * (1 - fx) + r1[x1] * fx) * fy);
}

float window_median(const std::vector<float>& profile, int from, int to) {
    from = std::max(from, 0);
    to = std::min({to, static_cast<int>(profile.size()) - 1, from + 15});
    if (to < from) return std::numeric_limits<float>::quiet_NaN();
    std::array<float, 16> values;
    const int n = to - from + 1;
    std::copy(profile.begin() + from, profile.begin() + to + 1, values.begin());
    std::nth_element(values.begin(), values.begin() + n / 2, values.begin() + n);
    return values[n / 2];
}

}  // namespace

RayEdges cast_rays(const cv::Mat& grey, cv::Point2d centre, const RaySearch& search) {
    RayEdges out;
    const double max_x = grey.cols - 1.001, max_y = grey.rows - 1.001;
    std::vector<float> profile;
    thread_local std::vector<cv::Point2d> directions;
    if (static_cast<int>(directions.size()) != search.ray_count) {
        directions.resize(search.ray_count);
        for (int k = 0; k < search.ray_count; ++k)
            directions[k] = {std::cos(2 * CV_PI * k / search.ray_count), std::sin(2 * CV_PI * k / search.ray_count)};
    }
    for (int k = 0; k < search.ray_count; ++k) {
        const double angle = 2 * CV_PI * k / search.ray_count;
        const double dx = directions[k].x, dy = directions[k].y;
        double s_begin = 0, s_end = search.max_length_px;
        if (search.expected) {
            const double s_pred = search.expected(angle);
            s_begin = std::max(0.0, s_pred - search.window_px - 8);
            s_end = s_pred + search.window_px + 9;
        }
        profile.clear();
        bool cut = false;
        for (double s = s_begin; s <= s_end; s += 1.0) {
            const double x = centre.x + s * dx, y = centre.y + s * dy;
            if (x < 0 || y < 0 || x > max_x || y > max_y) {
                cut = true;
                break;
            }
            profile.push_back(sample_bilinear(grey, x, y));
        }
        const int n = static_cast<int>(profile.size());
        // A ray that leaves the image before it finds the border says the pupil is cut by it.
        const auto count_cut = [&] { if (cut) ++out.cut_rays; };
        if (n < 6) { count_cut(); continue; }
        // Coarse edge: the first rise above the threshold that stays up (a glint inside the pupil
        // is bright only briefly); when refining, the steepest rise near the predicted border.
        int edge = -1;
        const int hold = std::max(3, search.hold_px);
        const int predicted = search.expected ? static_cast<int>(std::lround(search.expected(angle) - s_begin)) : 0;
        if (!search.expected) {
            for (int i = 1; i < n; ++i) {
                if (!(profile[i] > search.threshold && profile[i - 1] <= search.threshold)) continue;
                bool stays = true;
                for (int j = i; j < std::min(n, i + hold); ++j)
                    if (profile[j] <= search.threshold) { stays = false; break; }
                if (stays) { edge = i; break; }
            }
        } else {
            // Near a known border the steepest rise is the border, however bright the iris is on
            // this side of the pupil (iris brightness varies around the pupil, a threshold does not).
            float steepest = 0;
            for (int i = std::max(2, predicted - static_cast<int>(search.window_px));
                 i <= std::min(n - 3, predicted + static_cast<int>(search.window_px)); ++i) {
                const float rise = profile[i + 2] + profile[i + 1] - profile[i - 1] - profile[i - 2];
                if (rise > steepest) steepest = rise, edge = i;
            }
        }
        if (edge < 0) { count_cut(); continue; }
        const float outside = window_median(profile, edge + 2, edge + 6);
        float inside = window_median(profile, edge - 8, edge - 3);
        if (!(inside < search.threshold)) inside = static_cast<float>(search.pupil_level);
        if (std::isnan(outside)) continue;
        // A glint on the border hides where the border is: drop the ray.
        float brightest = 0;
        for (int j = std::max(0, edge - 2); j < std::min(n, edge + 7); ++j) brightest = std::max(brightest, profile[j]);
        if (brightest > search.glint_level) { ++out.glint_rays; continue; }
        if (outside - inside < search.min_edge_contrast) continue;
        const float level = 0.5f * (inside + outside);
        double s_sub = -1;
        for (int j = std::max(0, edge - 3); j < std::min(n - 1, edge + 3); ++j) {
            if (profile[j] <= level && profile[j + 1] > level) {
                s_sub = j + (level - profile[j]) / (profile[j + 1] - profile[j]);
                break;
            }
        }
        if (s_sub < 0) continue;
        const double s = s_begin + s_sub;
        out.points.emplace_back(static_cast<float>(centre.x + s * dx), static_cast<float>(centre.y + s * dy));
        out.angles.push_back(angle);
        out.outside_levels.push_back(outside);
    }
    const std::vector<int> kept = drop_straight_runs(out.points, out.angles, 2 * CV_PI / search.ray_count);
    if (kept.size() != out.points.size()) {
        RayEdges curved;
        curved.glint_rays = out.glint_rays, curved.cut_rays = out.cut_rays;
        for (int i : kept) {
            curved.points.push_back(out.points[i]);
            curved.angles.push_back(out.angles[i]);
            curved.outside_levels.push_back(out.outside_levels[i]);
        }
        curved.straight_rays = static_cast<int>(out.points.size() - kept.size());
        return curved;
    }
    return out;
}

std::vector<int> drop_straight_runs(const std::vector<cv::Point2f>& points, const std::vector<double>& angles,
                                    double ray_step) {
    // An eyelid margin or a lower-lid shadow crossing the pupil makes edge points on a straight
    // chord; a pupil border never stays straight over eight neighbouring rays (ElSe's curvature test).
    const int n = static_cast<int>(points.size());
    const int run = 8;
    std::vector<bool> straight(points.size(), false);
    for (int i = 0; i + run <= n; ++i) {
        if (angles[i + run - 1] - angles[i] > (run - 0.5) * ray_step) continue;  // not neighbouring rays
        std::vector<cv::Point2f> window(points.begin() + i, points.begin() + i + run);
        cv::Vec4f line;
        cv::fitLine(window, line, cv::DIST_L2, 0, 0.01, 0.01);
        double worst = 0;
        for (const auto& p : window)
            worst = std::max(worst, static_cast<double>(std::abs((p.x - line[2]) * line[1] - (p.y - line[3]) * line[0])));
        if (worst < 0.3)
            for (int j = i; j < i + run; ++j) straight[j] = true;
    }
    std::vector<int> kept;
    for (int i = 0; i < n; ++i)
        if (!straight[i]) kept.push_back(i);
    return kept;
}

double ellipse_distance(const cv::RotatedRect& e, cv::Point2f p) {
    const double a = 0.5 * e.size.width, b = 0.5 * e.size.height;
    if (a <= 0 || b <= 0) return std::numeric_limits<double>::infinity();
    const double th = e.angle * CV_PI / 180.0, c = std::cos(th), s = std::sin(th);
    const double px = p.x - e.center.x, py = p.y - e.center.y;
    const double qx = c * px + s * py, qy = -s * px + c * py;
    const double rho = std::sqrt((qx / a) * (qx / a) + (qy / b) * (qy / b));
    if (rho <= 0) return std::min(a, b);
    return std::hypot(qx, qy) * std::abs(1.0 - 1.0 / rho);
}

double ellipse_radius_along(const cv::RotatedRect& e, cv::Point2d from, double angle) {
    // Distance from `from` (inside the ellipse) to its border along `angle`: solve the quadratic.
    const double a = 0.5 * e.size.width, b = 0.5 * e.size.height;
    const double th = e.angle * CV_PI / 180.0, c = std::cos(th), s = std::sin(th);
    const double ox = from.x - e.center.x, oy = from.y - e.center.y;
    const double px = c * ox + s * oy, py = -s * ox + c * oy;
    const double dx0 = std::cos(angle), dy0 = std::sin(angle);
    const double dx = c * dx0 + s * dy0, dy = -s * dx0 + c * dy0;
    const double A = dx * dx / (a * a) + dy * dy / (b * b);
    const double B = 2 * (px * dx / (a * a) + py * dy / (b * b));
    const double C = px * px / (a * a) + py * py / (b * b) - 1;
    const double disc = B * B - 4 * A * C;
    if (disc < 0 || A <= 0) return 0;
    return std::max(0.0, (-B + std::sqrt(disc)) / (2 * A));
}

bool plausible_ellipse(const cv::RotatedRect& e, double min_radius, double max_radius) {
    const double major = std::max(e.size.width, e.size.height), minor = std::min(e.size.width, e.size.height);
    return std::isfinite(e.center.x) && std::isfinite(e.center.y) && minor > 0 && major > 0 &&
           minor / major >= 0.3 && 0.5 * major >= 0.7 * min_radius && 0.5 * major <= 1.3 * max_radius;
}

namespace {

// The ellipse through five points (a conic with F = -1 in coordinates centred on the points),
// solved directly: ~50x cheaper than cv::fitEllipse, which matters inside RANSAC.
bool ellipse_through_five(const std::array<cv::Point2f, 5>& p, cv::RotatedRect& out) {
    double mx = 0, my = 0;
    for (const auto& q : p) mx += q.x, my += q.y;
    mx /= 5, my /= 5;
    cv::Matx<double, 5, 5> a;
    cv::Vec<double, 5> b;
    for (int i = 0; i < 5; ++i) {
        const double x = p[i].x - mx, y = p[i].y - my;
        a(i, 0) = x * x, a(i, 1) = x * y, a(i, 2) = y * y, a(i, 3) = x, a(i, 4) = y;
        b[i] = 1;
    }
    cv::Vec<double, 5> c;
    if (!cv::solve(a, b, c, cv::DECOMP_LU)) return false;
    const double A = c[0], B = c[1], C = c[2], D = c[3], E = c[4], F = -1;
    const double det = 4 * A * C - B * B;
    if (det <= 0) return false;  // not an ellipse
    const double x0 = (B * E - 2 * C * D) / det, y0 = (B * D - 2 * A * E) / det;
    const double f0 = A * x0 * x0 + B * x0 * y0 + C * y0 * y0 + D * x0 + E * y0 + F;
    const double tr = A + C, root = std::sqrt((A - C) * (A - C) + B * B);
    const double l1 = 0.5 * (tr + root), l2 = 0.5 * (tr - root);
    if (f0 >= 0 || l2 <= 0) return false;
    const double semi_1 = std::sqrt(-f0 / l1), semi_2 = std::sqrt(-f0 / l2);  // along eigenvectors
    const double theta = 0.5 * std::atan2(B, A - C);  // direction of the l1 eigenvector
    out = cv::RotatedRect(cv::Point2f(static_cast<float>(x0 + mx), static_cast<float>(y0 + my)),
                          cv::Size2f(static_cast<float>(2 * semi_1), static_cast<float>(2 * semi_2)),
                          static_cast<float>(theta * 180 / CV_PI));
    return std::isfinite(out.center.x) && std::isfinite(out.size.width) && std::isfinite(out.size.height);
}

}  // namespace

std::optional<cv::RotatedRect> ransac_ellipse(const std::vector<cv::Point2f>& points, double tolerance,
                                              double min_radius, double max_radius,
                                              std::vector<int>& inliers) {
    inliers.clear();
    const int n = static_cast<int>(points.size());
    if (n < 6) return std::nullopt;
    cv::RNG rng(0x5eed);  // deterministic: the same frame gives the same answer
    std::optional<cv::RotatedRect> best;
    std::vector<int> current;
    std::array<cv::Point2f, 5> sample;
    int iterations = n <= 12 ? 20 : 48;
    // First hypothesis: all points (wins outright when nothing occludes the pupil).
    for (int it = -1; it < iterations; ++it) {
        cv::RotatedRect e;
        if (it < 0) {
            e = cv::fitEllipse(points);
        } else {
            // Five points spread around the contour make a well-conditioned ellipse.
            const int start = rng.uniform(0, n);
            const int stride = std::max(1, n / 5);
            for (int j = 0; j < 5; ++j) {
                const int jitter = rng.uniform(0, std::max(1, stride / 2 + 1));
                sample[j] = points[(start + j * stride + jitter) % n];
            }
            if (!ellipse_through_five(sample, e)) continue;
        }
        if (!plausible_ellipse(e, min_radius, max_radius)) continue;
        current.clear();
        for (int i = 0; i < n; ++i)
            if (ellipse_distance(e, points[i]) <= tolerance) current.push_back(i);
        if (current.size() > inliers.size()) {
            inliers = current, best = e;
            // Adaptive stopping (Fischler & Bolles): enough draws to have seen an all-inlier
            // sample with 99% probability at the inlier share found so far.
            const double w = static_cast<double>(inliers.size()) / n;
            const double all_in = std::pow(w, 5);
            const int needed = all_in >= 0.999 ? 0 : static_cast<int>(std::ceil(std::log(0.01) / std::log(1 - all_in)));
            iterations = std::min(iterations, needed);
        }
    }
    if (!best || inliers.size() < 6) return std::nullopt;
    std::vector<cv::Point2f> support;
    for (int i : inliers) support.push_back(points[i]);
    cv::RotatedRect refined = cv::fitEllipse(support);
    if (!plausible_ellipse(refined, min_radius, max_radius)) return std::nullopt;
    return refined;
}

}  // namespace detail
}  // namespace purkinje::track

namespace purkinje::track::detail {

cv::Point2d dark_region_centroid(const cv::Mat& grey, const CoarseBlob& blob, double threshold) {
    // Centroid of the dark pixels in a disc around the blob: a start for the rays that is inside
    // the pupil even when the coarse grid put the blob off its centre.
    const double radius = 1.3 * blob.radius_px + 2;
    const int x0 = std::max(0, static_cast<int>(blob.centre.x - radius));
    const int x1 = std::min(grey.cols - 1, static_cast<int>(blob.centre.x + radius));
    const int y0 = std::max(0, static_cast<int>(blob.centre.y - radius));
    const int y1 = std::min(grey.rows - 1, static_cast<int>(blob.centre.y + radius));
    double sx = 0, sy = 0, n = 0;
    const double r2 = radius * radius;
    for (int y = y0; y <= y1; ++y) {
        const auto* row = grey.ptr<std::uint8_t>(y);
        const double dy2 = (y - blob.centre.y) * (y - blob.centre.y);
        for (int x = x0; x <= x1; ++x) {
            if (row[x] >= threshold) continue;
            if ((x - blob.centre.x) * (x - blob.centre.x) + dy2 > r2) continue;
            sx += x, sy += y, n += 1;
        }
    }
    return n > 0 ? cv::Point2d(sx / n, sy / n) : blob.centre;
}

}  // namespace purkinje::track::detail
