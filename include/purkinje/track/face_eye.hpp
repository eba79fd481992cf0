#pragma once
// Face-view eye tracking for a webcam: the face is found by a Haar cascade (opencv-data) only to
// acquire or re-acquire it, then followed by template matching of the eye band; each eye's centre
// is located by image gradients (Timm & Barth 2011, "Accurate eye centre localisation by means of
// gradients", VISAPP); a 5- or 9-point calibration maps the eye offset within the face to degrees
// of eye-in-head angle; with a head pose the gaze in the world is eye-in-head + head angle.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>

#include "purkinje/core/channel.hpp"
#include "purkinje/track/frame_tracker.hpp"
#include "purkinje/track/track_state.hpp"

namespace purkinje::track {

// Eye centre (sub-pixel, in the patch's pixels) of a grey eye patch by the gradient method:
// the point whose displacement vectors best align with the image gradients, weighted by darkness.
// The patch is processed at `work_width_px` wide at most (speed); the result is in patch pixels.
cv::Point2d eye_centre_by_gradients(const cv::Mat& eye_grey, int work_width_px = 48);

// Maps the normalised eye offsets (eye centre minus its anchor, divided by the face width) to
// eye-in-head degrees: a linear map from 5 points, a second-order polynomial from 9 or more.
class GazeCalibration {
public:
    // Needs >= 5 samples; throws Unsupported otherwise or when the targets do not span a plane.
    static GazeCalibration fit(const std::vector<cv::Point2d>& eye_offsets, const std::vector<cv::Point2d>& targets_deg);
    cv::Point2d degrees(cv::Point2d eye_offset) const;
    double rms_residual_deg() const { return rms_deg_; }
    int terms() const { return terms_; }

private:
    int terms_ = 3;
    std::array<double, 6> x_{}, y_{};
    double rms_deg_ = 0;
};

struct FaceEyeParams {
    std::filesystem::path face_cascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
    int detect_width_px = 320;        // frames are downscaled to this width for the cascade
    double min_match_score = 0.6;     // template match below this re-acquires the face
    int reacquire_every = 150;        // frames; the cascade also corrects slow template drift
    int headband_dictionary = 0;      // DICT_4X4_50: the headband places the face when the cascade fails
};

struct FaceEyeResult {
    TrackState state = TrackState::OutOfView;
    double confidence = 0;
    cv::Rect face;                    // face box (full-frame pixels)
    std::array<cv::Point2d, 2> eye_centre_px{};  // the patient's right eye (image left), left eye
    cv::Point2d eye_offset;           // mean of both eyes: (centre - anchor) / face width
    std::optional<cv::Point2d> eye_in_head_deg;  // with a calibration
    bool acquired_by_cascade = false;
    bool acquired_by_headband = false;
};

class FaceEyeTracker {
public:
    explicit FaceEyeTracker(FaceEyeParams params = {});  // throws NotFound naming the cascade file
    FaceEyeResult track(const cv::Mat& image, std::int64_t frame_index);
    void set_calibration(GazeCalibration calibration) { calibration_ = std::move(calibration); }

private:
    FaceEyeParams params_;
    cv::CascadeClassifier face_detector_;
    std::optional<GazeCalibration> calibration_;
    cv::Rect face_;
    cv::Mat band_template_;            // the eye band of the last good face
    int frames_since_cascade_ = 0;
    cv::Point2d eye_difference_;       // right minus left eye offset at acquisition
};

// "gaze" channel (core/names.hpp): x (right +), y (up +) [deg] eye in head with a calibration,
// else the normalised offsets [1].
Channel make_gaze_channel(double nominal_rate_hz, bool calibrated);
void append_gaze_sample(Channel& channel, double t_s, const FaceEyeResult& result);
void draw_face_eye(cv::Mat& bgr, const FaceEyeResult& result);

// Rows: face_x_px, face_y_px, face_w_px, right_eye_x_px, right_eye_y_px, left_eye_x_px, left_eye_y_px,
// offset_x, offset_y, gaze_x_deg, gaze_y_deg (empty without calibration).
std::unique_ptr<FrameTracker> make_eye_frame_tracker(FaceEyeParams params, std::optional<GazeCalibration> calibration,
                                                     double nominal_rate_hz);

}  // namespace purkinje::track
