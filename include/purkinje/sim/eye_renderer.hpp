#pragma once
// The close-up infrared eye camera (head-mounted, 120-250 Hz): a dark pupil ellipse foreshortened
// as the eye turns, iris texture, corneal glints of two infrared LEDs, eyelids and lashes, blinks,
// and the camera's faults (sensor noise, motion blur, defocus, uneven illumination), each with a
// strength from 0 (off) to 1 (typical) and beyond.
//
// Geometry (orthographic camera on the eye's optical axis at straight-ahead gaze, so the true
// pupil centre is exactly the projection of the 3-D pupil centre): the eye rotates about a centre
// imaged at `rotation_centre_px`; the apparent pupil lies 10.5 mm in front of it, the cornea's
// centre of curvature 5.6 mm (radius 7.8 mm). The image is the eye as seen from the camera with
// rightward gaze moving the pupil to the image right and upward gaze to the image top.
// Shapes are filled as anti-aliased polygons in 8-bit fixed point (1/256 px), so their centres
// are sub-pixel exact.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace purkinje::sim {

struct EyeRenderSettings {
    cv::Size size{320, 240};                 // 192x192 up to 640x480
    double px_per_mm = 0;                    // 0: size.width / 28 (the palpebral fissure fills the view)
    cv::Point2d rotation_centre_px{-1, -1};  // negative: the image centre
    // Effect strengths: 0 off, 1 typical.
    double iris_texture = 1.0;
    double glints = 1.0;
    double eyelids = 1.0;                    // 0: lids wide open; 1: upper lid over the iris top
    double lashes = 1.0;
    double sensor_noise = 1.0;               // 1: SD 3 grey levels
    double motion_blur = 1.0;                // 1: 4 ms exposure
    double defocus = 0.0;                    // 1: Gaussian blur of sigma 1.5 px at 320 px width
    double uneven_illumination = 1.0;        // 1: 35 % fall-off across the image

    // A setting with every effect off (iris texture, glints, lids, lashes, noise, blur, defocus,
    // illumination): a clean dark pupil on a plain iris, for accuracy tests.
    static EyeRenderSettings clean(cv::Size size);
};

// The state of the eye at the frame's capture time (from the truth channels).
struct EyePose {
    double h_deg = 0;               // eye in head, right positive
    double v_deg = 0;               // up positive
    double vel_h_deg_s = 0;         // for motion blur
    double vel_v_deg_s = 0;
    double eyelid_closure = 0;      // 0 open, 1 closed (blink)
    double pupil_diameter_mm = 4;
};

// Ground truth of one rendered eye frame.
struct EyeFrameTruth {
    double gaze_h_deg = 0;
    double gaze_v_deg = 0;
    cv::Point2d pupil_centre_px;
    // The pupil outline: centre, size = (2 x semi-axis along `angle`, 2 x the other), angle in
    // degrees from the image x axis toward +y (cv::RotatedRect, as cv::ellipse draws it).
    cv::RotatedRect pupil_ellipse;
    double pupil_diameter_px = 0;   // 2 x the unforeshortened radius
    double eyelid_closure = 0;
    bool blink = false;             // closure >= 0.5: the pupil is not to be measured
    double pupil_visible_fraction = 1;  // share of the pupil area not covered by a lid
    std::vector<cv::Point2d> glints_px;
};

class EyeCameraRenderer {
public:
    // `seed` fixes this patient's iris texture and lashes and the per-frame noise.
    explicit EyeCameraRenderer(EyeRenderSettings settings = {}, std::uint64_t seed = 1);

    const EyeRenderSettings& settings() const { return settings_; }
    double px_per_mm() const { return px_per_mm_; }

    // Geometry only: where the pupil, its outline and the glints are for this pose.
    EyeFrameTruth truth(const EyePose& pose) const;

    // An 8-bit single-channel frame. `frame_index` picks the sensor noise (a per-seed bank of
    // noise images, shifted per frame), so a frame depends on (seed, pose, frame_index) only, never
    // on the order frames are asked for.
    cv::Mat render(const EyePose& pose, std::int64_t frame_index, EyeFrameTruth* truth = nullptr) const;

private:
    EyeRenderSettings settings_;
    std::uint64_t seed_;
    double px_per_mm_;
    cv::Point2d centre_;
    cv::Mat illumination_;                 // multiplicative field, 255 = 1
    std::vector<cv::Mat> noise_up_, noise_down_;  // sensor noise bank (see scene_common)
    std::vector<double> iris_spoke_angle_, iris_spoke_level_, iris_spoke_width_;
    std::vector<double> lash_position_, lash_length_, lash_tilt_;
};

}  // namespace purkinje::sim
