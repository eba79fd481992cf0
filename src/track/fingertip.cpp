#include "purkinje/track/fingertip.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "xy_channel.hpp"
#include "overlay_text.hpp"

namespace purkinje::track {

bool HsvRange::contains(const cv::Vec3b& hsv) const {
    const bool hue_ok = hue_low <= hue_high ? (hsv[0] >= hue_low && hsv[0] <= hue_high)
                                            : (hsv[0] >= hue_low || hsv[0] <= hue_high);
    return hue_ok && hsv[1] >= saturation_low && hsv[1] <= saturation_high && hsv[2] >= value_low && hsv[2] <= value_high;
}

HsvRange learn_marker_colour(const cv::Mat& bgr_in, const cv::Rect& region) {
    const std::string where = "marker region " + std::to_string(region.x) + "," + std::to_string(region.y) + " " +
                              std::to_string(region.width) + "x" + std::to_string(region.height);
    const cv::Mat bgr = bgr_frame(bgr_in, 0);
    if (region.area() <= 0 || (region & cv::Rect(0, 0, bgr.cols, bgr.rows)) != region)
        throw_bad_input(where, "the selected region is empty or outside the image", "a region inside the frame");
    cv::Mat hsv;
    cv::cvtColor(bgr(region), hsv, cv::COLOR_BGR2HSV);
    // Hue is circular: measure it as an angle so red (around 0/180) learns as one range.
    double sx = 0, sy = 0;
    std::vector<int> saturation, value;
    std::vector<cv::Vec3b> coloured;
    for (int y = 0; y < hsv.rows; ++y)
        for (int x = 0; x < hsv.cols; ++x) {
            const cv::Vec3b p = hsv.at<cv::Vec3b>(y, x);
            if (p[1] < 60 || p[2] < 40) continue;  // grey or dark pixels are not the marker
            const double a = p[0] * CV_PI / 90.0;
            sx += std::cos(a), sy += std::sin(a);
            coloured.push_back(p);
        }
    if (coloured.size() < 0.3 * region.area() || coloured.size() < 5)
        throw_bad_input(where, "the selected region shows no clearly coloured marker",
                        "a region mostly covered by the saturated marker colour");
    const double mean_hue = std::fmod(std::atan2(sy, sx) * 90.0 / CV_PI + 180.0, 180.0);
    std::vector<double> hue_offsets;
    for (const auto& p : coloured) {
        double d = p[0] - mean_hue;
        if (d > 90) d -= 180;
        if (d < -90) d += 180;
        hue_offsets.push_back(std::abs(d));
        saturation.push_back(p[1]);
        value.push_back(p[2]);
    }
    const auto quantile = [](auto v, double q) {
        std::sort(v.begin(), v.end());
        return v[static_cast<std::size_t>(q * (v.size() - 1))];
    };
    const double hue_half_width = std::clamp(quantile(hue_offsets, 0.95) + 4.0, 6.0, 30.0);
    HsvRange range;
    range.hue_low = static_cast<int>(std::lround(mean_hue - hue_half_width + 180)) % 180;
    range.hue_high = static_cast<int>(std::lround(mean_hue + hue_half_width)) % 180;
    range.saturation_low = std::max(40, quantile(saturation, 0.03) - 30);
    range.value_low = std::max(30, quantile(value, 0.03) - 40);
    return range;
}

cv::Point2d PlaneScale::to_cm(cv::Point2d px) const {
    const cv::Vec3d p = px_to_cm * cv::Vec3d(px.x, px.y, 1);
    return {p[0] / p[2], p[1] / p[2]};
}

std::optional<PlaneScale> plane_scale_from_marker(const cv::Mat& grey, int marker_id, double side_cm, int dictionary) {
    for (const auto& m : detect_markers(grey, dictionary)) {
        if (m.id != marker_id) continue;
        // Plane frame: origin at the marker centre, x along its top edge, y toward its top (cm).
        const double h = 0.5 * side_cm;
        const std::vector<cv::Point2f> cm{{float(-h), float(h)}, {float(h), float(h)}, {float(h), float(-h)}, {float(-h), float(-h)}};
        const std::vector<cv::Point2f> px(m.corners.begin(), m.corners.end());
        PlaneScale s;
        s.px_to_cm = cv::Matx33d(cv::getPerspectiveTransform(px, cm));
        char text[96];
        std::snprintf(text, sizeof text, "reference marker %.2f cm (id %d)", side_cm, marker_id);
        s.method = text;
        return s;
    }
    return std::nullopt;
}

std::optional<PlaneScale> plane_scale_from_screen(const cv::Mat& grey, const std::array<int, 4>& ids,
                                                  const std::array<cv::Point2d, 4>& centres_cm, int dictionary) {
    std::vector<cv::Point2f> px(4), cm(4);
    int seen = 0;
    for (const auto& m : detect_markers(grey, dictionary))
        for (int k = 0; k < 4; ++k)
            if (m.id == ids[k]) {
                px[k] = m.centre();
                cm[k] = centres_cm[k];
                ++seen;
            }
    if (seen != 4) return std::nullopt;
    PlaneScale s;
    s.px_to_cm = cv::Matx33d(cv::getPerspectiveTransform(px, cm));
    s.method = "screen corners (ids " + std::to_string(ids[0]) + "," + std::to_string(ids[1]) + "," +
               std::to_string(ids[2]) + "," + std::to_string(ids[3]) + ")";
    return s;
}

FingertipTracker::FingertipTracker(FingertipParams params, std::optional<PlaneScale> scale)
    : params_(params), scale_(std::move(scale)) {}

FingertipResult FingertipTracker::track(const cv::Mat& image, std::int64_t frame_index) {
    FingertipResult r = params_.mode == FingertipParams::Mode::Colour ? track_colour(bgr_frame(image, frame_index))
                                                                      : track_aruco(grey_frame(image, frame_index));
    if (r.state == TrackState::Tracked) {
        last_px_ = r.centre_px;
        last_area_ = r.area_px;
        if (scale_) r.centre_cm = scale_->to_cm(r.centre_px);
    } else {
        // A target last seen near the border has left the view; one lost in the middle is lost.
        const cv::Size size = image.size();
        if (last_px_ && (last_px_->x < params_.search_radius_px / 2 || last_px_->y < params_.search_radius_px / 2 ||
                         last_px_->x > size.width - params_.search_radius_px / 2 ||
                         last_px_->y > size.height - params_.search_radius_px / 2))
            r.state = TrackState::OutOfView;
        else if (last_px_)
            r.state = TrackState::Lost;
        last_px_.reset();
    }
    return r;
}

namespace {
cv::Rect search_window(const std::optional<cv::Point2d>& last, double radius, cv::Size size) {
    if (!last) return {0, 0, size.width, size.height};
    return cv::Rect(static_cast<int>(last->x - radius), static_cast<int>(last->y - radius),
                    static_cast<int>(2 * radius) + 1, static_cast<int>(2 * radius) + 1) &
           cv::Rect(0, 0, size.width, size.height);
}
}  // namespace

FingertipResult FingertipTracker::track_colour(const cv::Mat& bgr) {
    FingertipResult result;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const cv::Rect window = search_window(attempt == 0 ? last_px_ : std::nullopt, params_.search_radius_px, bgr.size());
        if (attempt == 1 && window == cv::Rect(0, 0, bgr.cols, bgr.rows) && !last_px_) break;
        cv::Mat hsv, mask;
        cv::cvtColor(bgr(window), hsv, cv::COLOR_BGR2HSV);
        const HsvRange& c = params_.colour;
        if (c.hue_low <= c.hue_high) {
            cv::inRange(hsv, cv::Scalar(c.hue_low, c.saturation_low, c.value_low),
                        cv::Scalar(c.hue_high, c.saturation_high, c.value_high), mask);
        } else {
            cv::Mat upper;
            cv::inRange(hsv, cv::Scalar(c.hue_low, c.saturation_low, c.value_low),
                        cv::Scalar(179, c.saturation_high, c.value_high), mask);
            cv::inRange(hsv, cv::Scalar(0, c.saturation_low, c.value_low),
                        cv::Scalar(c.hue_high, c.saturation_high, c.value_high), upper);
            mask |= upper;
        }
        cv::Mat labels, stats, centroids;
        const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
        int best = -1;
        double best_score = -1;
        for (int i = 1; i < n; ++i) {
            const double area = stats.at<int>(i, cv::CC_STAT_AREA);
            if (area < params_.min_area_px) continue;
            double score = area;
            if (last_px_) {  // near the last position and of the last size
                const cv::Point2d c_px(window.x + centroids.at<double>(i, 0), window.y + centroids.at<double>(i, 1));
                score = area / (1 + cv::norm(c_px - *last_px_) / 10);
            }
            if (score > best_score) best_score = score, best = i;
        }
        if (best < 0) continue;
        const int area = stats.at<int>(best, cv::CC_STAT_AREA);
        const int bw = stats.at<int>(best, cv::CC_STAT_WIDTH), bh = stats.at<int>(best, cv::CC_STAT_HEIGHT);
        const int bx = stats.at<int>(best, cv::CC_STAT_LEFT), by = stats.at<int>(best, cv::CC_STAT_TOP);
        // Sub-pixel centre: each pixel weighted by how far inside the colour box it is in
        // saturation, so the anti-aliased rim counts partly (a binary centroid jitters by rim pixels).
        double sw = 0, sx = 0, sy = 0;
        for (int y = std::max(0, by - 1); y < std::min(hsv.rows, by + bh + 1); ++y) {
            const auto* row = hsv.ptr<cv::Vec3b>(y);
            const auto* lab = labels.ptr<int>(y);
            for (int x = std::max(0, bx - 1); x < std::min(hsv.cols, bx + bw + 1); ++x) {
                const bool in_blob = lab[x] == best;
                // Rim pixels next to the blob: partial members by saturation.
                double w = in_blob ? 1.0 : 0.0;
                if (!in_blob) {
                    const cv::Vec3b p = row[x];
                    const bool hue_ok = c.hue_low <= c.hue_high ? (p[0] >= c.hue_low && p[0] <= c.hue_high)
                                                                 : (p[0] >= c.hue_low || p[0] <= c.hue_high);
                    if (hue_ok && p[1] > 0.5 * c.saturation_low) w = std::clamp((p[1] - 0.5 * c.saturation_low) / (0.5 * c.saturation_low + 1), 0.0, 1.0);
                }
                if (w <= 0) continue;
                sw += w, sx += w * x, sy += w * y;
            }
        }
        result.centre_px = {window.x + sx / sw, window.y + sy / sw};
        result.area_px = area;
        const double fill = static_cast<double>(area) / std::max(1, bw * bh);
        const double size_ratio = last_area_ > 0 ? std::min(area / last_area_, last_area_ / area) : 1.0;
        result.confidence = std::clamp(std::min(1.0, fill / 0.6) * std::sqrt(size_ratio), 0.0, 1.0);
        const bool on_border = window.x + bx <= 0 || window.y + by <= 0 || window.x + bx + bw >= bgr.cols ||
                               window.y + by + bh >= bgr.rows;
        result.state = on_border ? TrackState::OutOfView : TrackState::Tracked;
        return result;
    }
    return result;
}

FingertipResult FingertipTracker::track_aruco(const cv::Mat& grey) {
    FingertipResult result;
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (attempt == 1 && !last_px_) break;
        const cv::Rect window = search_window(attempt == 0 ? last_px_ : std::nullopt, params_.search_radius_px, grey.size());
        for (const auto& m : detect_markers(grey, params_.dictionary, window)) {
            if (m.id != params_.marker_id) continue;
            result.marker = m;
            result.centre_px = m.centre();
            result.area_px = m.side_px() * m.side_px();
            // Small markers have few pixels per edge: their centre is less certain.
            result.confidence = std::clamp(m.side_px() / 16.0, 0.0, 1.0);
            result.state = TrackState::Tracked;
            return result;
        }
    }
    return result;
}

Channel make_hand_channel(double nominal_rate_hz, bool in_cm) {
    return detail::make_xy_channel(names::kHand, nominal_rate_hz, in_cm ? "cm" : "px");
}

void append_hand_sample(Channel& channel, double t_s, const FingertipResult& r) {
    const bool in_cm = detail::xy_unit(channel) == "cm";
    std::optional<cv::Point2d> point;
    if (r.state == TrackState::Tracked) point = in_cm ? r.centre_cm : std::optional<cv::Point2d>(r.centre_px);
    detail::push_xy(channel, t_s, point, r.confidence);
}

void draw_fingertip(cv::Mat& bgr, const FingertipResult& r) {
    const cv::Scalar colour = r.state == TrackState::Tracked ? cv::Scalar(0, 220, 0) : cv::Scalar(0, 0, 255);
    if (r.marker)
        for (int k = 0; k < 4; ++k) cv::line(bgr, r.marker->corners[k], r.marker->corners[(k + 1) % 4], colour, 1, cv::LINE_AA);
    if (r.state == TrackState::Tracked) {
        const double radius = std::max(4.0, std::sqrt(r.area_px / CV_PI));
        cv::circle(bgr, cv::Point(cvRound(r.centre_px.x * 16), cvRound(r.centre_px.y * 16)), cvRound(radius * 16), colour, 1,
                   cv::LINE_AA, 4);
        cv::drawMarker(bgr, cv::Point(cvRound(r.centre_px.x), cvRound(r.centre_px.y)), colour, cv::MARKER_CROSS, 10, 1);
    }
    char text[128];
    if (r.centre_cm)
        std::snprintf(text, sizeof text, "%s %.2f x %.2f cm y %.2f cm", to_string(r.state), r.confidence, r.centre_cm->x, r.centre_cm->y);
    else
        std::snprintf(text, sizeof text, "%s %.2f", to_string(r.state), r.confidence);
    detail::draw_status_text(bgr, text, colour);
}

namespace {

class HandFrameTracker final : public FrameTracker {
public:
    HandFrameTracker(FingertipParams params, std::optional<PlaneScale> scale, double rate)
        : tracker_(params, scale), channel_(make_hand_channel(rate, scale.has_value())) {}
    std::vector<std::string> value_columns() const override { return {"x_px", "y_px", "x_cm", "y_cm", "area_px"}; }
    TrackedRow process(const capture::Frame& frame, cv::Mat* overlay) override {
        const FingertipResult r = tracker_.track(frame.image, frame.index);
        append_hand_sample(channel_, frame.t_s, r);
        if (overlay) draw_fingertip(*overlay, r);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const bool ok = r.state == TrackState::Tracked;
        TrackedRow row;
        row.state = r.state;
        row.confidence = ok ? r.confidence : 0;
        row.values = {ok ? r.centre_px.x : nan, ok ? r.centre_px.y : nan, ok && r.centre_cm ? r.centre_cm->x : nan,
                      ok && r.centre_cm ? r.centre_cm->y : nan, ok ? r.area_px : nan};
        return row;
    }
    std::vector<Channel> channels() const override { return {channel_}; }

private:
    FingertipTracker tracker_;
    Channel channel_;
};

}  // namespace

std::unique_ptr<FrameTracker> make_hand_frame_tracker(FingertipParams params, std::optional<PlaneScale> scale,
                                                      double nominal_rate_hz) {
    return std::make_unique<HandFrameTracker>(params, std::move(scale), nominal_rate_hz);
}

}  // namespace purkinje::track
