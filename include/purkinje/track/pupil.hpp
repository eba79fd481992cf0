#pragma once
// Pupil detector and tracker for close-up infrared eye images (dark pupil).
//
// Method (in the manner of ElSe, Fuhl et al. 2016, and PuRe, Santini et al. 2018):
//  1. coarse localisation: a centre-surround dark-blob response on a downscaled integral image
//     (Swirski et al. 2012), over the whole frame when acquiring, near the last pupil when tracking;
//  2. edge selection: rays cast from the coarse centre; on each ray the pupil border is the first
//     dark-to-bright crossing that stays bright (a glint inside the pupil does not), located with
//     sub-pixel precision at the mid level between the pupil and the iris just outside it; rays whose
//     outside is a glint or too weak an edge (lashes, lid shadow) are dropped;
//  3. a RANSAC ellipse fit over the edge points (eyelid and lash points are outliers), refined by a
//     second ray pass from the fitted centre and a least-squares fit on the inliers.
// Confidence = share of the rays that support the ellipse x angular coverage x edge contrast.
// A blink is declared when no pupil is found and the dark area where the pupil last was has gone.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/core/channel.hpp"
#include "purkinje/track/frame_tracker.hpp"
#include "purkinje/track/track_state.hpp"

namespace purkinje::track {

struct PupilParams {
    // Pupil radius range in pixels; 0 = from the image: 3% and 30% of its shorter side.
    double min_radius_px = 0;
    double max_radius_px = 0;
    int ray_count = 72;               // rays per pass
    double inlier_tolerance_px = 1.0; // an edge point farther from the ellipse is an outlier
    double min_confidence = 0.5;      // below it a frame is not "tracked"
    // Blink: no pupil found and less than this share of the last pupil's area is still dark.
    double blink_dark_fraction = 0.35;
    // Scale for diameters in mm (e.g. from a ruler or an iris of known size); 0 = uncalibrated.
    double mm_per_px = 0;
};

struct PupilResult {
    TrackState state = TrackState::Lost;
    double confidence = 0;             // [0,1]
    cv::RotatedRect ellipse;           // full-image pixels; valid when state == Tracked (or low confidence)
    cv::Point2d centre_px{0, 0};
    double diameter_px = 0;            // major axis of the ellipse (the pupil's true diameter
                                       // under rotation of the eye)
    double diameter_mm = 0;            // 0 when uncalibrated
    bool found_ellipse = false;        // an ellipse was fitted (perhaps with low confidence)
    std::vector<cv::Point2f> edge_points;  // inlier edge points, for overlays
    int glint_rays = 0;                // rays dropped because a glint sat on the border
    double pupil_level = 0;            // grey level inside the pupil
    double iris_level = 0;             // grey level just outside its border
    double dark_fraction = 1;          // blink test: share of the last pupil's area still dark
};

// Single-frame detection, no history. `grey` is 8-bit single-channel. `search` (optional) limits
// the coarse search to a region, with the radius expected there (0 = any).
PupilResult detect_pupil(const cv::Mat& grey, const PupilParams& params,
                         const std::optional<cv::Rect>& search = std::nullopt,
                         double expected_radius_px = 0);

// Frame-to-frame tracker: searches near the last pupil, falls back to the whole frame, tells
// blinks from losses. One instance per video stream.
class PupilTracker {
public:
    explicit PupilTracker(PupilParams params = {});

    // Accepts grey, BGR or BGRA 8-bit frames; throws a BadInput Error naming the frame otherwise.
    PupilResult track(const cv::Mat& image, std::int64_t frame_index);
    void reset();
    const PupilParams& params() const { return params_; }

private:
    PupilParams params_;
    std::optional<PupilResult> last_good_;
    int frames_since_good_ = 0;
    double pupil_level_ = -1;  // grey level of the last tracked pupil
};

// The "pupil" channel (core/names.hpp): x, y, diameter, major, minor [px], angle [deg] and, when
// calibrated, diameter_mm [mm]; NaN with confidence 0 when the pupil was not found or in a blink.
Channel make_pupil_channel(double nominal_rate_hz, bool with_mm);
void append_pupil_sample(Channel& channel, double t_s, const PupilResult& result);

// Draws the ellipse, its centre, the edge points and the state on a BGR image.
void draw_pupil(cv::Mat& bgr, const PupilResult& result);

// Rows: x_px, y_px, diameter_px, diameter_mm (NaN when uncalibrated), major_px, minor_px, angle_deg.
std::unique_ptr<FrameTracker> make_pupil_frame_tracker(PupilParams params, double nominal_rate_hz);
}  // namespace purkinje::track
