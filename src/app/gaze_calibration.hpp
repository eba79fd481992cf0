#pragma once
// The 9-point gaze calibration of a session's eye camera (or face view): the patient fixates nine
// targets in turn; the median pupil centre (or eye offset within the face) over the settled part of
// each fixation, against the target's angle, gives track::GazeCalibration's map to eye-in-head
// degrees. Shown to the clinician as the targets and where the calibrated fixations land.

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/core/channel.hpp"
#include "purkinje/track/face_eye.hpp"

namespace purkinje::app {

// Nine targets (centre, +-15 deg horizontal, +-10 deg vertical), `dwell_s` each, as "target" events.
std::vector<StimulusEvent> nine_point_schedule(double dwell_s);

struct GazeCalibrationResult {
    track::GazeCalibration calibration;
    std::string view;                       // "eye" (pupil centre, px) or "face" (eye offset)
    std::vector<cv::Point2d> targets_deg;   // the targets that were fixated
    std::vector<cv::Point2d> fixations_deg; // where the calibrated map puts each fixation
    double rms_deg = 0;
    std::string method;                     // for the session record
};

// From the raw channel of a calibration recording ("pupil" x, y px, or "eye_offset" x, y) and the
// schedule it was recorded with. Each fixation's first `settle_s` (the saccade to it) is left out.
// Throws a BadInput Error naming the target when a fixation was not tracked well enough.
GazeCalibrationResult fit_gaze_calibration(const Channel& raw, const std::vector<StimulusEvent>& schedule,
                                           const std::string& view, double settle_s = 0.5);

}  // namespace purkinje::app
