#include "purkinje/track/face_eye.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/track/markers.hpp"
#include "xy_channel.hpp"
#include "overlay_text.hpp"

namespace purkinje::track {

cv::Point2d eye_centre_by_gradients(const cv::Mat& eye_grey, int work_width_px) {
    if (eye_grey.empty()) return {0, 0};
    const double scale = std::min(1.0, static_cast<double>(work_width_px) / eye_grey.cols);
    cv::Mat patch;
    if (scale < 1)
        cv::resize(eye_grey, patch, {}, scale, scale, cv::INTER_AREA);
    else
        patch = eye_grey;
    const int w = patch.cols, h = patch.rows;
    if (w < 5 || h < 5) return {0.5 * (eye_grey.cols - 1), 0.5 * (eye_grey.rows - 1)};
    cv::Mat gx, gy;
    cv::Sobel(patch, gx, CV_64F, 1, 0, 3);
    cv::Sobel(patch, gy, CV_64F, 0, 1, 3);
    cv::Mat magnitude;
    cv::magnitude(gx, gy, magnitude);
    cv::Scalar mean, sd;
    cv::meanStdDev(magnitude, mean, sd);
    const double threshold = 0.3 * sd[0] + mean[0];  // Timm & Barth's dynamic threshold
    struct Gradient { double x, y, gx, gy; };
    std::vector<Gradient> gradients;
    for (int y = 1; y < h - 1; ++y)
        for (int x = 1; x < w - 1; ++x) {
            const double m = magnitude.at<double>(y, x);
            if (m > threshold) gradients.push_back({double(x), double(y), gx.at<double>(y, x) / m, gy.at<double>(y, x) / m});
        }
    // Darkness prior: the pupil/iris centre is dark.
    cv::Mat blurred;
    cv::GaussianBlur(patch, blurred, {5, 5}, 0);
    cv::Mat score(h, w, CV_64F, cv::Scalar(0));
    const int margin_x = std::max(1, w / 10), margin_y = std::max(1, h / 10);
    for (int cy = margin_y; cy < h - margin_y; ++cy)
        for (int cx = margin_x; cx < w - margin_x; ++cx) {
            double sum = 0;
            for (const auto& g : gradients) {
                const double dx = g.x - cx, dy = g.y - cy;
                const double norm = std::sqrt(dx * dx + dy * dy);
                if (norm < 1e-9) continue;
                const double dot = (dx * g.gx + dy * g.gy) / norm;
                if (dot > 0) sum += dot * dot;
            }
            score.at<double>(cy, cx) = (255.0 - blurred.at<std::uint8_t>(cy, cx)) * sum / std::max<std::size_t>(1, gradients.size());
        }
    cv::Point best;
    cv::minMaxLoc(score, nullptr, nullptr, nullptr, &best);
    // Sub-pixel: a parabola through the maximum and its neighbours on each axis.
    const auto vertex = [](double a, double b, double c) {
        const double d = a - 2 * b + c;
        return std::abs(d) > 1e-12 ? std::clamp(0.5 * (a - c) / d, -0.5, 0.5) : 0.0;
    };
    double sx = best.x, sy = best.y;
    if (best.x > 0 && best.x < w - 1)
        sx += vertex(score.at<double>(best.y, best.x - 1), score.at<double>(best), score.at<double>(best.y, best.x + 1));
    if (best.y > 0 && best.y < h - 1)
        sy += vertex(score.at<double>(best.y - 1, best.x), score.at<double>(best), score.at<double>(best.y + 1, best.x));
    return {(sx + 0.5) / scale - 0.5, (sy + 0.5) / scale - 0.5};
}

GazeCalibration GazeCalibration::fit(const std::vector<cv::Point2d>& offsets, const std::vector<cv::Point2d>& targets) {
    if (offsets.size() != targets.size() || offsets.size() < 5)
        throw Error(ErrorKind::Unsupported, "a gaze calibration needs at least 5 fixated targets",
                    "calibration", "5 or 9 targets with an eye sample each");
    GazeCalibration c;
    c.terms_ = offsets.size() >= 9 ? 6 : 3;
    const int n = static_cast<int>(offsets.size());
    cv::Mat a(n, c.terms_, CV_64F), bx(n, 1, CV_64F), by(n, 1, CV_64F);
    for (int i = 0; i < n; ++i) {
        const double u = offsets[i].x, v = offsets[i].y;
        const double f[6] = {1, u, v, u * v, u * u, v * v};
        for (int k = 0; k < c.terms_; ++k) a.at<double>(i, k) = f[k];
        bx.at<double>(i) = targets[i].x, by.at<double>(i) = targets[i].y;
    }
    cv::Mat sx, sy;
    cv::SVD svd(a);
    const double smallest = svd.w.at<double>(svd.w.rows - 1), largest = svd.w.at<double>(0);
    if (!(smallest > 1e-9 * largest))
        throw Error(ErrorKind::Unsupported, "the calibration targets or eye positions do not vary enough to calibrate",
                    "calibration", "targets spread over the screen, fixated one after another");
    svd.backSubst(bx, sx);
    svd.backSubst(by, sy);
    for (int k = 0; k < c.terms_; ++k) c.x_[k] = sx.at<double>(k), c.y_[k] = sy.at<double>(k);
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const cv::Point2d d = c.degrees(offsets[i]) - targets[i];
        sum += d.dot(d);
    }
    c.rms_deg_ = std::sqrt(sum / n);
    return c;
}

cv::Point2d GazeCalibration::degrees(cv::Point2d o) const {
    const double f[6] = {1, o.x, o.y, o.x * o.y, o.x * o.x, o.y * o.y};
    double x = 0, y = 0;
    for (int k = 0; k < terms_; ++k) x += x_[k] * f[k], y += y_[k] * f[k];
    return {x, y};
}

FaceEyeTracker::FaceEyeTracker(FaceEyeParams params) : params_(std::move(params)) {
    if (!std::filesystem::exists(params_.face_cascade))
        throw_not_found(params_.face_cascade.string(), "the face cascade file does not exist (package opencv-data)");
    if (!face_detector_.load(params_.face_cascade.string()))
        throw_bad_input(params_.face_cascade.string(), "the face cascade cannot be loaded", "an OpenCV Haar cascade XML file");
}

namespace {
// Where the eyes sit in a frontal face box (proportions of the opencv-data frontal face cascade's box).
cv::Rect eye_region(const cv::Rect& face, int side) {
    const double x0 = side == 0 ? 0.13 : 0.53;
    return cv::Rect(face.x + static_cast<int>(x0 * face.width), face.y + static_cast<int>(0.22 * face.height),
                    static_cast<int>(0.34 * face.width), static_cast<int>(0.30 * face.height));
}
cv::Rect eye_band(const cv::Rect& face) {
    return cv::Rect(face.x + face.width / 10, face.y + face.height / 6, face.width * 8 / 10, face.height * 4 / 10);
}
}  // namespace

FaceEyeResult FaceEyeTracker::track(const cv::Mat& image, std::int64_t frame_index) {
    const cv::Mat grey = grey_frame(image, frame_index);
    const cv::Rect bounds(0, 0, grey.cols, grey.rows);
    FaceEyeResult result;
    double match = 0;
    bool have = false;
    if (!face_.empty() && !band_template_.empty() && frames_since_cascade_ < params_.reacquire_every) {
        const cv::Rect band = eye_band(face_);
        const int grow = face_.width / 3;
        const cv::Rect window = cv::Rect(band.x - grow, band.y - grow, band.width + 2 * grow, band.height + 2 * grow) & bounds;
        if (window.width > band_template_.cols && window.height > band_template_.rows) {
            cv::Mat scores;
            cv::matchTemplate(grey(window), band_template_, scores, cv::TM_CCOEFF_NORMED);
            cv::Point at;
            cv::minMaxLoc(scores, nullptr, &match, nullptr, &at);
            if (match >= params_.min_match_score) {
                face_.x += window.x + at.x - band.x;
                face_.y += window.y + at.y - band.y;
                have = (face_ & bounds) == face_;
            }
        }
    }
    if (!have) {
        const double scale = std::min(1.0, static_cast<double>(params_.detect_width_px) / grey.cols);
        cv::Mat small;
        cv::resize(grey, small, {}, scale, scale, cv::INTER_AREA);
        cv::equalizeHist(small, small);
        std::vector<cv::Rect> faces;
        face_detector_.detectMultiScale(small, faces, 1.1, 4, 0, cv::Size(30, 30));
        frames_since_cascade_ = 0;
        if (!faces.empty()) {
            const cv::Rect f = *std::max_element(faces.begin(), faces.end(),
                                                 [](const cv::Rect& a, const cv::Rect& b) { return a.area() < b.area(); });
            face_ = cv::Rect(static_cast<int>(f.x / scale), static_cast<int>(f.y / scale), static_cast<int>(f.width / scale),
                             static_cast<int>(f.height / scale)) & bounds;
        } else {
            // No face the cascade knows (odd lighting, a drawn face): the headband's markers, when
            // two or more are seen, place the face below them (band width ~ face width).
            const auto markers = detect_markers(grey, params_.headband_dictionary);
            if (markers.size() < 2) {
                face_ = {};
                band_template_.release();
                return result;  // no face in view
            }
            std::vector<cv::Point2f> corners;
            for (const auto& m : markers) corners.insert(corners.end(), m.corners.begin(), m.corners.end());
            const cv::Rect band = cv::boundingRect(corners);
            face_ = cv::Rect(band.x, band.y, band.width, static_cast<int>(1.4 * band.width)) & bounds;
            result.acquired_by_headband = true;
        }
        match = 1.0;
        result.acquired_by_cascade = !result.acquired_by_headband;
    }
    ++frames_since_cascade_;
    result.face = face_;
    std::array<cv::Point2d, 2> offsets;
    for (int side = 0; side < 2; ++side) {
        const cv::Rect region = eye_region(face_, side) & bounds;
        const cv::Point2d c = eye_centre_by_gradients(grey(region));
        result.eye_centre_px[side] = {region.x + c.x, region.y + c.y};
        const cv::Point2d anchor(region.x + 0.5 * (region.width - 1), region.y + 0.5 * (region.height - 1));
        offsets[side] = (result.eye_centre_px[side] - anchor) / static_cast<double>(face_.width);
    }
    result.eye_offset = 0.5 * (offsets[0] + offsets[1]);
    // Both eyes turn together: their offsets keep the difference they had when the face was
    // acquired (vergence aside); a large change means one centre is wrong (a lid, a reflection).
    if (result.acquired_by_cascade || result.acquired_by_headband) eye_difference_ = offsets[0] - offsets[1];
    const double disagreement = cv::norm(offsets[0] - offsets[1] - eye_difference_);
    result.confidence = std::clamp(match * std::exp(-std::pow(disagreement / 0.05, 2)), 0.0, 1.0);
    result.state = result.confidence >= 0.3 ? TrackState::Tracked : TrackState::Lost;
    if (calibration_) result.eye_in_head_deg = calibration_->degrees(result.eye_offset);
    band_template_ = grey(eye_band(face_) & bounds).clone();
    return result;
}

Channel make_gaze_channel(double nominal_rate_hz, bool calibrated) {
    return detail::make_xy_channel(names::kGaze, nominal_rate_hz, calibrated ? "deg" : "1");
}

void append_gaze_sample(Channel& channel, double t_s, const FaceEyeResult& r) {
    const bool calibrated = detail::xy_unit(channel) == "deg";
    std::optional<cv::Point2d> point;
    // Uncalibrated offsets are flipped to up-positive like gaze; degrees carry the calibration's own sign.
    if (r.state == TrackState::Tracked)
        point = calibrated ? r.eye_in_head_deg : std::optional<cv::Point2d>(cv::Point2d(r.eye_offset.x, -r.eye_offset.y));
    detail::push_xy(channel, t_s, point, r.confidence);
}

void draw_face_eye(cv::Mat& bgr, const FaceEyeResult& r) {
    const cv::Scalar colour = r.state == TrackState::Tracked ? cv::Scalar(0, 220, 0) : cv::Scalar(0, 0, 255);
    if (r.face.area() > 0) {
        cv::rectangle(bgr, r.face, colour, 1);
        for (const auto& e : r.eye_centre_px)
            cv::drawMarker(bgr, cv::Point(cvRound(e.x), cvRound(e.y)), colour, cv::MARKER_CROSS, 10, 1);
    }
    char text[128];
    if (r.eye_in_head_deg)
        std::snprintf(text, sizeof text, "%s %.2f gaze %.1f %.1f deg", to_string(r.state), r.confidence, r.eye_in_head_deg->x,
                      r.eye_in_head_deg->y);
    else
        std::snprintf(text, sizeof text, "%s %.2f (uncalibrated)", to_string(r.state), r.confidence);
    // Head pose writes the bottom line of the same face image.
    detail::draw_status_text(bgr, text, colour, detail::StatusLine::AboveBottom);
}

namespace {

class EyeFrameTracker final : public FrameTracker {
public:
    EyeFrameTracker(FaceEyeParams params, std::optional<GazeCalibration> calibration, double rate)
        : tracker_(std::move(params)), channel_(make_gaze_channel(rate, calibration.has_value())) {
        if (calibration) tracker_.set_calibration(*calibration);
    }
    std::vector<std::string> value_columns() const override {
        return {"face_x_px", "face_y_px", "face_w_px", "right_eye_x_px", "right_eye_y_px", "left_eye_x_px",
                "left_eye_y_px", "offset_x", "offset_y", "gaze_x_deg", "gaze_y_deg"};
    }
    TrackedRow process(const capture::Frame& frame, cv::Mat* overlay) override {
        const FaceEyeResult r = tracker_.track(frame.image, frame.index);
        append_gaze_sample(channel_, frame.t_s, r);
        if (overlay) draw_face_eye(*overlay, r);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const bool ok = r.state == TrackState::Tracked;
        TrackedRow row;
        row.state = r.state;
        row.confidence = ok ? r.confidence : 0;
        const auto v = [&](double x) { return ok ? x : nan; };
        row.values = {v(r.face.x), v(r.face.y), v(r.face.width), v(r.eye_centre_px[0].x), v(r.eye_centre_px[0].y),
                      v(r.eye_centre_px[1].x), v(r.eye_centre_px[1].y), v(r.eye_offset.x), v(r.eye_offset.y),
                      ok && r.eye_in_head_deg ? r.eye_in_head_deg->x : nan, ok && r.eye_in_head_deg ? r.eye_in_head_deg->y : nan};
        return row;
    }
    std::vector<Channel> channels() const override { return {channel_}; }

private:
    FaceEyeTracker tracker_;
    Channel channel_;
};

}  // namespace

std::unique_ptr<FrameTracker> make_eye_frame_tracker(FaceEyeParams params, std::optional<GazeCalibration> calibration,
                                                     double nominal_rate_hz) {
    return std::make_unique<EyeFrameTracker>(std::move(params), std::move(calibration), nominal_rate_hz);
}

}  // namespace purkinje::track
