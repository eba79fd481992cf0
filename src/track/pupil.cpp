// Pupil detection on one frame (passes of rays and fits) and the frame-to-frame tracker.

#include <algorithm>
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "pupil_internal.hpp"
#include "overlay_text.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/track/pupil.hpp"

namespace purkinje::track {
namespace {

using RadiusRange = detail::PupilRadiusRange;

RadiusRange radius_range(const cv::Mat& grey, const PupilParams& params) {
    const double side = std::min(grey.cols, grey.rows);
    const double lo = params.min_radius_px > 0 ? params.min_radius_px : std::max(2.0, 0.03 * side);
    const double hi = params.max_radius_px > 0 ? params.max_radius_px : std::max(lo, 0.30 * side);
    return {lo, hi};
}

double median(std::vector<float> v) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

namespace {

// The fine stage for one coarse candidate: rays, RANSAC ellipse, refinement passes, confidence.
PupilResult fit_candidate(const cv::Mat& grey, const PupilParams& params, const RadiusRange& range,
                          const detail::CoarseBlob& blob) {
    PupilResult result;
    const double pupil = detail::percentile_in_box(grey, blob.centre, 0.5 * blob.radius_px, 0.3);
    double iris = std::max(blob.ring_mean, pupil);
    result.pupil_level = pupil;
    result.iris_level = iris;
    result.centre_px = blob.centre;
    if (iris - pupil < 10) return result;  // nothing dark enough to be a pupil
    const double hi = range.max_px;
        // The surround of the coarse blob mixes iris, sclera and lid, so its mean overestimates the
    // iris: the pupil/iris decision level sits closer to the pupil.
    const double threshold = pupil + 0.3 * (iris - pupil);
    const cv::Point2d start = detail::dark_region_centroid(grey, blob, threshold);

    detail::RaySearch rays;
    rays.ray_count = std::max(12, params.ray_count);
    rays.max_length_px = std::min(2.2 * blob.radius_px + 4, 1.5 * hi + 4);
    rays.pupil_level = pupil;
    rays.threshold = threshold;
    rays.glint_level = std::max(iris + 0.5 * (255.0 - iris), iris + 20.0);
    rays.min_edge_contrast = std::max(8.0, 0.3 * (iris - pupil));
    rays.hold_px = static_cast<int>(std::max(3.0, 0.3 * blob.radius_px));
    detail::RayEdges edges = detail::cast_rays(grey, start, rays);
    std::vector<int> inliers;
    // The coarse centre may be a few pixels off, so the first pass tolerates more.
    auto fit = detail::ransac_ellipse(edges.points, 2.5 * params.inlier_tolerance_px, range.min_px, range.max_px,
                                      inliers);
    if (!fit) return result;
    if (!edges.outside_levels.empty()) {
        std::vector<float> outside(inliers.size());
        std::transform(inliers.begin(), inliers.end(), outside.begin(), [&](int i) { return edges.outside_levels[i]; });
        iris = std::max(median(std::move(outside)), pupil + 10);
    }
    return refine_fit(grey, params, range, *fit, pupil, iris);
}

}  // namespace

namespace detail {

PupilResult refine_fit(const cv::Mat& grey, const PupilParams& params, const PupilRadiusRange& range,
                       cv::RotatedRect start, double pupil, double iris) {
    PupilResult result;
    result.pupil_level = pupil;
    result.iris_level = iris;
    result.centre_px = {start.center.x, start.center.y};
    RaySearch rays;
    rays.ray_count = std::max(12, params.ray_count);
    rays.pupil_level = pupil;
    rays.threshold = pupil + 0.5 * (iris - pupil);
    rays.glint_level = std::max(iris + 0.5 * (255.0 - iris), iris + 20.0);
    // Near the fitted border a weak edge (a dark iris on one side) is still the border.
    rays.min_edge_contrast = std::max(8.0, 0.15 * (iris - pupil));
    std::optional<cv::RotatedRect> fit = start;
    RayEdges edges;
    std::vector<int> inliers;
    // Refinement passes from the fitted centre: the rays now cross the border nearly at right
    // angles and search only a narrow band around the fitted ellipse.
    for (int pass = 0; pass < 2; ++pass) {
        const cv::RotatedRect previous = *fit;
        const cv::Point2d centre(previous.center.x, previous.center.y);
        const double radius = 0.25 * (previous.size.width + previous.size.height);
        rays.expected = [&previous, centre](double angle) { return ellipse_radius_along(previous, centre, angle); };
        rays.window_px = std::max(2.0, 0.12 * radius);
        rays.hold_px = static_cast<int>(std::max(3.0, 0.25 * radius));
        edges = cast_rays(grey, centre, rays);
        auto refined = ransac_ellipse(edges.points, params.inlier_tolerance_px, range.min_px, range.max_px, inliers);
        if (!refined) {
            if (pass == 0) return result;  // nothing like a pupil border near the start ellipse
            break;
        }
        fit = refined;
        if (std::hypot(fit->center.x - previous.center.x, fit->center.y - previous.center.y) < 0.05) break;
    }

    result.found_ellipse = true;
    result.ellipse = *fit;
    result.centre_px = {fit->center.x, fit->center.y};
    result.diameter_px = std::max(fit->size.width, fit->size.height);
    result.diameter_mm = params.mm_per_px > 0 ? result.diameter_px * params.mm_per_px : 0;
    result.iris_level = iris;
    result.glint_rays = edges.glint_rays;
    std::array<bool, 12> sectors{};
    for (int i : inliers) {
        result.edge_points.push_back(edges.points[i]);
        const double angle = std::atan2(edges.points[i].y - fit->center.y, edges.points[i].x - fit->center.x);
        const int sector = static_cast<int>((angle + CV_PI) / (2 * CV_PI) * 12) % 12;
        sectors[sector] = true;
    }
    // A glint on the border hides it without arguing against the ellipse: those rays do not count.
    const double support =
        std::min(1.0, static_cast<double>(inliers.size()) / std::max(1, rays.ray_count - edges.glint_rays));
    const double coverage = std::count(sectors.begin(), sectors.end(), true) / 12.0;
    const double contrast = std::clamp((iris - pupil - 8) / 25.0, 0.0, 1.0);
    result.confidence = std::clamp(support * (0.5 + 0.5 * coverage) * contrast, 0.0, 1.0);

    const bool centre_inside = result.centre_px.x >= 0 && result.centre_px.y >= 0 &&
                               result.centre_px.x <= grey.cols - 1 && result.centre_px.y <= grey.rows - 1;
    if (!centre_inside || edges.cut_rays > 0.4 * rays.ray_count)
        result.state = TrackState::OutOfView;
    else
        result.state = result.confidence >= params.min_confidence ? TrackState::Tracked : TrackState::Lost;
    return result;
}

}  // namespace detail

PupilResult detect_pupil(const cv::Mat& grey, const PupilParams& params, const std::optional<cv::Rect>& search,
                         double expected_radius_px) {
    const RadiusRange range = radius_range(grey, params);
    double lo = range.min_px, hi = range.max_px;
    if (expected_radius_px > 0) {
        lo = std::max(lo, 0.6 * expected_radius_px);
        hi = std::max(lo, std::min(hi, 1.5 * expected_radius_px));
    }
    const cv::Rect roi = search ? *search : cv::Rect(0, 0, grey.cols, grey.rows);
    const auto blobs = detail::coarse_dark_blobs(grey, roi, lo, hi, expected_radius_px > 0 ? 2 : 3);
    PupilResult best;
    for (const auto& blob : blobs) {
        PupilResult candidate = fit_candidate(grey, params, RadiusRange{lo, hi}, blob);
        if (!best.found_ellipse || candidate.confidence > best.confidence) best = std::move(candidate);
        if (best.state == TrackState::Tracked && best.confidence > 0.8) break;
    }
    return best;
}

PupilTracker::PupilTracker(PupilParams params) : params_(params) {}

void PupilTracker::reset() {
    last_good_.reset();
    frames_since_good_ = 0;
}

namespace {

// Share of the last pupil's ellipse that is still darker than its border level.
double dark_fraction(const cv::Mat& grey, const PupilResult& last) {
    const double level = last.pupil_level + 0.5 * (last.iris_level - last.pupil_level);
    const cv::Rect box = last.ellipse.boundingRect() & cv::Rect(0, 0, grey.cols, grey.rows);
    const double a = 0.5 * last.ellipse.size.width, b = 0.5 * last.ellipse.size.height;
    if (box.area() == 0 || a <= 0 || b <= 0) return 1;
    const double th = last.ellipse.angle * CV_PI / 180.0, c = std::cos(th), s = std::sin(th);
    int inside = 0, dark = 0;
    for (int y = box.y; y < box.y + box.height; ++y) {
        const auto* row = grey.ptr<std::uint8_t>(y);
        for (int x = box.x; x < box.x + box.width; ++x) {
            const double px = x - last.ellipse.center.x, py = y - last.ellipse.center.y;
            const double qx = c * px + s * py, qy = -s * px + c * py;
            if ((qx / a) * (qx / a) + (qy / b) * (qy / b) > 1) continue;
            ++inside;
            if (row[x] < level) ++dark;
        }
    }
    return inside > 0 ? static_cast<double>(dark) / inside : 1.0;
}

}  // namespace

PupilResult PupilTracker::track(const cv::Mat& image, std::int64_t frame_index) {
    const cv::Mat grey = grey_frame(image, frame_index);
    PupilResult result;
    bool have = false;
    if (last_good_ && frames_since_good_ == 0) {
        // Fast path for a pupil that moved little since the last frame: refine the last ellipse
        // directly (no coarse search, no first pass). Accepted only when it tracks and stays
        // within the refinement band; anything else goes through the full search below.
        const double r = 0.5 * last_good_->diameter_px;
        const RadiusRange all = radius_range(grey, params_);
        const RadiusRange near{std::max(all.min_px, 0.6 * r), std::max(all.min_px, std::min(all.max_px, 1.5 * r))};
        PupilResult fast = detail::refine_fit(grey, params_, near, last_good_->ellipse, last_good_->pupil_level,
                                              last_good_->iris_level);
        const double moved = std::hypot(fast.centre_px.x - last_good_->centre_px.x, fast.centre_px.y - last_good_->centre_px.y);
        if (fast.state == TrackState::Tracked && moved < std::max(2.0, 0.12 * r)) result = std::move(fast), have = true;
    }
    const bool recent = last_good_ && frames_since_good_ <= 50;
    // Moments after a tracked pupil, a dark blob far from it (lashes, a lid crease) must be clearly
    // better than a marginal fit before the tracker jumps there: a jump of more than a pupil
    // diameter within 50 frames of the last pupil is a move the eye cannot make at 60-250 Hz.
    const auto distrust_far_marginal = [&](PupilResult& candidate) {
        if (recent && candidate.state == TrackState::Tracked &&
            candidate.confidence < params_.min_confidence + 0.15 &&
            std::hypot(candidate.centre_px.x - last_good_->centre_px.x, candidate.centre_px.y - last_good_->centre_px.y) >
                last_good_->diameter_px)
            candidate.state = TrackState::Lost;
    };
    if (!have && last_good_ && frames_since_good_ <= 2) {
        const double r = 0.5 * last_good_->diameter_px;
        const double half = 1.6 * r + 0.08 * std::max(grey.cols, grey.rows) + 4;
        const cv::Rect window(static_cast<int>(last_good_->centre_px.x - half),
                              static_cast<int>(last_good_->centre_px.y - half), static_cast<int>(2 * half),
                              static_cast<int>(2 * half));
        result = detect_pupil(grey, params_, window, r);
        distrust_far_marginal(result);
        have = result.state == TrackState::Tracked;
        // Hysteresis: in a small low-resolution frame, sensor noise, iris texture and a glint on the
        // border now and then leave the pupil's fit just under `min_confidence`. Had it been lost
        // there, the unconstrained search below would take the best dark blob anywhere, a clump of
        // lashes as easily as the pupil, a jump of tens of pixels in one frame that no eye makes
        // (the tracked gaze then spiked by 20 deg and ruined saccade and head-impulse gains). A
        // pupil of the same size found right where the last one was, within two frames of it,
        // keeps being tracked on half the evidence a new acquisition needs, unless a lid is closing over it.
        if (!have && result.state == TrackState::Lost && result.found_ellipse &&
            result.confidence >= 0.5 * params_.min_confidence) {
            const double size_ratio = result.diameter_px / last_good_->diameter_px;
            const double moved = std::hypot(result.centre_px.x - last_good_->centre_px.x,
                                            result.centre_px.y - last_good_->centre_px.y);
            // A closing lid also lowers the confidence: then the last pupil's area is no longer all dark.
            if (size_ratio > 0.85 && size_ratio < 1.18 && moved <= last_good_->diameter_px && dark_fraction(grey, *last_good_) > 0.9) {
                result.state = TrackState::Tracked;
                have = true;
            }
        }
    }
    if (!have && recent) {
        // Shortly after a loss (a blink, a fast saccade) the pupil is somewhere else but about as big.
        PupilResult whole = detect_pupil(grey, params_, std::nullopt, 0.5 * last_good_->diameter_px);
        distrust_far_marginal(whole);
        if (!result.found_ellipse || whole.confidence > result.confidence) result = whole;
        have = result.state == TrackState::Tracked;
    }
    // The unconstrained search is the expensive one: while a pupil of the expected size is found
    // with only its confidence short (a lid over it), run it on every fourth frame only.
    const bool pupil_sized_found = recent && result.found_ellipse && result.confidence >= 0.3;
    if (!have && (!pupil_sized_found || frames_since_good_ % 4 == 0)) {
        PupilResult whole = detect_pupil(grey, params_);
        distrust_far_marginal(whole);
        if (!result.found_ellipse || whole.confidence > result.confidence) result = whole;
    }
    if (result.state == TrackState::Tracked) {
        last_good_ = result;
        last_good_->edge_points.clear();
        frames_since_good_ = 0;
        return result;
    }
    ++frames_since_good_;
    if (last_good_ && result.state != TrackState::OutOfView) {
        result.dark_fraction = dark_fraction(grey, *last_good_);
        if (result.dark_fraction < params_.blink_dark_fraction) result.state = TrackState::Blink;
    }
    return result;
}

Channel make_pupil_channel(double nominal_rate_hz, bool with_mm) {
    std::vector<Component> components{{"x", "px"},     {"y", "px"},     {"diameter", "px"},
                                      {"major", "px"}, {"minor", "px"}, {"angle", "deg"}};
    if (with_mm) components.push_back({"diameter_mm", "mm"});
    return Channel(names::kPupil, nominal_rate_hz, std::move(components));
}

void append_pupil_sample(Channel& channel, double t_s, const PupilResult& result) {
    const bool with_mm = channel.components.size() > 6;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    // Only a tracked pupil is a measurement: a lost frame's best fit is often some other dark blob,
    // and an analysis that reads the values without their confidence would take it for a saccade.
    const bool usable = result.found_ellipse && result.state == TrackState::Tracked && result.confidence > 0;
    std::vector<float> sample{usable ? static_cast<float>(result.centre_px.x) : nan,
                              usable ? static_cast<float>(result.centre_px.y) : nan,
                              usable ? static_cast<float>(result.diameter_px) : nan,
                              usable ? std::max(result.ellipse.size.width, result.ellipse.size.height) : nan,
                              usable ? std::min(result.ellipse.size.width, result.ellipse.size.height) : nan,
                              usable ? result.ellipse.angle : nan};
    if (with_mm) sample.push_back(usable && result.diameter_mm > 0 ? static_cast<float>(result.diameter_mm) : nan);
    channel.push_back(t_s, sample, usable ? static_cast<float>(result.confidence) : 0.0f);
}

void draw_pupil(cv::Mat& bgr, const PupilResult& result) {
    const cv::Scalar colour = result.state == TrackState::Tracked ? cv::Scalar(0, 220, 0)
                              : result.state == TrackState::Blink ? cv::Scalar(255, 160, 0)
                                                                  : cv::Scalar(0, 0, 255);
    for (const auto& p : result.edge_points) cv::circle(bgr, p, 1, cv::Scalar(0, 200, 255), cv::FILLED);
    if (result.found_ellipse) {
        cv::ellipse(bgr, result.ellipse, colour, 1, cv::LINE_AA);
        cv::drawMarker(bgr, cv::Point(cvRound(result.centre_px.x), cvRound(result.centre_px.y)), colour,
                       cv::MARKER_CROSS, 8, 1);
    }
    char text[96];
    std::snprintf(text, sizeof text, "%s %.2f d=%.1fpx", to_string(result.state), result.confidence,
                  result.diameter_px);
    detail::draw_status_text(bgr, text, colour);
}

}  // namespace purkinje::track
