#include "purkinje/track/markers.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdint>

#include <opencv2/aruco.hpp>
#include <opencv2/imgproc.hpp>

namespace purkinje::track {

cv::Point2d DetectedMarker::centre() const {
    // Intersection of the diagonals 0-2 and 1-3.
    const cv::Point2d p0 = corners[0], p1 = corners[1], p2 = corners[2], p3 = corners[3];
    const cv::Point2d r = p2 - p0, s = p3 - p1;
    const double denom = r.x * s.y - r.y * s.x;
    if (std::abs(denom) < 1e-12) return 0.25 * (p0 + p1 + p2 + p3);
    const double t = ((p1.x - p0.x) * s.y - (p1.y - p0.y) * s.x) / denom;
    return p0 + t * r;
}

double DetectedMarker::side_px() const {
    double sum = 0;
    for (int i = 0; i < 4; ++i) sum += cv::norm(corners[(i + 1) % 4] - corners[i]);
    return sum / 4;
}

namespace {
const cv::Ptr<cv::aruco::DetectorParameters>& detector_parameters() {
    thread_local cv::Ptr<cv::aruco::DetectorParameters> params = [] {
        auto p = cv::aruco::DetectorParameters::create();
        // Corners are refined below from the four edges instead: cornerSubPix is biased on the
        // L-shaped outer corners of a marker (it is made for checkerboard X-junctions).
        p->cornerRefinementMethod = cv::aruco::CORNER_REFINE_NONE;
        return p;
    }();
    return params;
}
// getPredefinedDictionary allocates a new dictionary on every call in OpenCV 4.6; detection runs on
// every frame, so each thread keeps the ones it has used.
const cv::Ptr<cv::aruco::Dictionary>& dictionary_for(int dictionary) {
    thread_local std::map<int, cv::Ptr<cv::aruco::Dictionary>> cache;
    auto& entry = cache[dictionary];
    if (!entry) entry = cv::aruco::getPredefinedDictionary(dictionary);
    return entry;
}
inline double sample(const cv::Mat& grey, cv::Point2d p) {
    const int x0 = static_cast<int>(std::floor(p.x)), y0 = static_cast<int>(std::floor(p.y));
    if (x0 < 0 || y0 < 0 || x0 + 1 >= grey.cols || y0 + 1 >= grey.rows) return -1;
    const double fx = p.x - x0, fy = p.y - y0;
    const auto* r0 = grey.ptr<std::uint8_t>(y0);
    const auto* r1 = grey.ptr<std::uint8_t>(y0 + 1);
    return (r0[x0] * (1 - fx) + r0[x0 + 1] * fx) * (1 - fy) + (r1[x0] * (1 - fx) + r1[x0 + 1] * fx) * fy;
}

// Sub-pixel corners from the marker's four edges: along each side, the dark-border-to-white step is
// located at its mid level on perpendicular profiles; a line is fitted to each side and the
// corners are the intersections of neighbouring lines.
void refine_corners_from_edges(const cv::Mat& grey, std::array<cv::Point2f, 4>& corners) {
    double side = 0;
    for (int i = 0; i < 4; ++i) side += cv::norm(corners[(i + 1) % 4] - corners[i]) / 4;
    const double reach = std::clamp(side / 10, 1.5, 4.0);  // stays within the one-bit black border
    std::array<cv::Vec4f, 4> lines;
    for (int i = 0; i < 4; ++i) {
        const cv::Point2d a = corners[i], b = corners[(i + 1) % 4];
        const cv::Point2d d = (b - a) / cv::norm(b - a);
        const cv::Point2d n(d.y, -d.x);  // outward for ArUco's clockwise order in image coordinates
        std::vector<cv::Point2f> edge;
        const int samples = std::clamp(static_cast<int>(side / 3), 4, 16);
        for (int k = 0; k < samples; ++k) {
            const double t = 0.2 + 0.6 * k / (samples - 1);
            const cv::Point2d base = a + t * (b - a);
            std::array<double, 33> profile{};
            const int steps = 32;
            bool inside_image = true;
            for (int j = 0; j <= steps && inside_image; ++j) {
                profile[j] = sample(grey, base + (-reach + 2 * reach * j / steps) * n);
                inside_image = profile[j] >= 0;
            }
            if (!inside_image) continue;
            const double dark = std::min({profile[0], profile[1], profile[2]});
            const double light = std::max({profile[steps], profile[steps - 1], profile[steps - 2]});
            if (light - dark < 20) continue;
            const double level = 0.5 * (dark + light);
            for (int j = 0; j < steps; ++j) {
                if (profile[j] <= level && profile[j + 1] > level) {
                    const double frac = (level - profile[j]) / (profile[j + 1] - profile[j]);
                    const double offset = -reach + 2 * reach * (j + frac) / steps;
                    edge.push_back(base + offset * n);
                    break;
                }
            }
        }
        if (edge.size() < 3) return;  // keep the detector's corners
        cv::fitLine(edge, lines[i], cv::DIST_HUBER, 0, 0.01, 0.01);
    }
    std::array<cv::Point2f, 4> refined;
    for (int i = 0; i < 4; ++i) {
        // Corner i lies on side i-1 (ending at it) and side i (starting at it).
        const cv::Vec4f& l1 = lines[(i + 3) % 4];
        const cv::Vec4f& l2 = lines[i];
        const double denom = l1[0] * l2[1] - l1[1] * l2[0];
        if (std::abs(denom) < 1e-6) return;
        const double t = ((l2[2] - l1[2]) * l2[1] - (l2[3] - l1[3]) * l2[0]) / denom;
        refined[i] = cv::Point2f(static_cast<float>(l1[2] + t * l1[0]), static_cast<float>(l1[3] + t * l1[1]));
        if (cv::norm(refined[i] - corners[i]) > 3) return;  // implausible: keep the detector's corners
    }
    corners = refined;
}

}  // namespace

std::vector<DetectedMarker> detect_markers(const cv::Mat& grey, int dictionary, const std::optional<cv::Rect>& roi) {
    const cv::Rect window = roi ? (*roi & cv::Rect(0, 0, grey.cols, grey.rows)) : cv::Rect(0, 0, grey.cols, grey.rows);
    std::vector<DetectedMarker> found;
    if (window.width < 8 || window.height < 8) return found;
    std::vector<std::vector<cv::Point2f>> corners;
    std::vector<int> ids;
    cv::aruco::detectMarkers(grey(window), dictionary_for(dictionary), corners, ids,
                             detector_parameters());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        DetectedMarker m;
        m.id = ids[i];
        for (int k = 0; k < 4; ++k)
            m.corners[k] = corners[i][k] + cv::Point2f(static_cast<float>(window.x), static_cast<float>(window.y));
        refine_corners_from_edges(grey, m.corners);
        found.push_back(m);
    }
    return found;
}

cv::Mat marker_image(int id, int side_px, int dictionary) {
    cv::Mat marker;
    cv::aruco::drawMarker(dictionary_for(dictionary), id, side_px, marker, 1);
    cv::Mat framed;
    const int quiet = std::max(2, side_px / 6);
    cv::copyMakeBorder(marker, framed, quiet, quiet, quiet, quiet, cv::BORDER_CONSTANT, cv::Scalar(255));
    return framed;
}

cv::Rect markers_search_window(const std::vector<DetectedMarker>& markers, double margin, cv::Size bounds) {
    std::vector<cv::Point2f> points;
    for (const auto& m : markers) points.insert(points.end(), m.corners.begin(), m.corners.end());
    if (points.empty()) return {0, 0, bounds.width, bounds.height};
    const cv::Rect box = cv::boundingRect(points);
    const int grow = static_cast<int>(margin * std::max(box.width, box.height)) + 8;
    return cv::Rect(box.x - grow, box.y - grow, box.width + 2 * grow, box.height + 2 * grow) &
           cv::Rect(0, 0, bounds.width, bounds.height);
}

}  // namespace purkinje::track
