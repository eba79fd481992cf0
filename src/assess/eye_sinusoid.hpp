#pragma once
// Gain and phase of an eye velocity against a sinusoidal drive (target for pursuit, head for the
// VOR), with saccades and quick phases taken out; shared by pursuit, VOR and VOR cancellation.

#include <optional>
#include <string>

#include "eye_common.hpp"
#include "purkinje/model/vor.hpp"

namespace purkinje::assess::detail {

struct SinusoidResponse {
    model::SinusoidalVorResult fit;
    int saccades = 0;          // saccades (catch-up, quick phases) inside the analysed window
    double seconds = 0;
    // What was fitted: the window's sample times, the drive's velocity and the eye velocity with its
    // saccades, PSO and blinks removed (NaN there), deg/s.
    std::vector<double> t_s, drive_velocity_dps, eye_velocity_dps;
};

// `drive_velocity` on the gaze samples' times; the window [from_s, to_s). Eye velocity is gaze x
// velocity with the saccades, PSO and blinks (+-20 ms) of `classes` removed: labels of the same
// samples as `gaze`, classified on the gaze itself or on a trace in which the slow movement is
// cancelled so that small saccades stand out of it (pursuit: the position error to the target).
SinusoidResponse eye_response(const AngleTrace& gaze,
                              const std::vector<double>& drive_velocity, double frequency_hz, double from_s,
                              double to_s, const signal::GazeClassification& classes);
inline SinusoidResponse eye_response(const AngleTrace& gaze, const std::vector<double>& drive_velocity,
                                     double frequency_hz, double from_s, double to_s) {
    return eye_response(gaze, drive_velocity, frequency_hz, from_s, to_s, classify(gaze));
}

// The sinusoidal head rotation of `protocol` (its head_sine event, from half a cycle after its start to
// the head_still event or the end): the eye's response to head velocity. Sinusoidal VOR and VOR
// cancellation analyse it; the review draws it.
SinusoidResponse head_sine_response(const Recording& recording, const std::string& protocol);

}  // namespace purkinje::assess::detail
