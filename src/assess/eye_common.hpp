#pragma once
// What the eye and head protocols share: gaze and head traces in degrees, their velocities, and the
// target events.

#include <vector>

#include "assess_internal.hpp"
#include "purkinje/signal/gaze_events.hpp"

namespace purkinje::assess::detail {

// On a uniform grid with gaps up to 75 ms bridged (conditioned_positions).
struct AngleTrace {
    std::vector<double> t_s, x_deg, y_deg;   // gaze x/y or head yaw/pitch
    std::vector<double> vx_deg_s, vy_deg_s;  // Savitzky-Golay derivative (NaN in gaps)
    double rate_hz = 0;
};

// Gaze ("x", "y") or head ("yaw", "pitch") channel with velocities; refuses slow recordings.
AngleTrace gaze_trace(const Recording& recording, const std::string& protocol, double min_rate_hz);
AngleTrace head_trace(const Recording& recording, const std::string& protocol, double min_rate_hz);
// The gaze trace's samples labelled by signal::classify_gaze; labels index the trace.
signal::GazeClassification classify(const AngleTrace& gaze, const signal::GazeClassifierOptions& options = {});
// Linear interpolation of a trace's x (or velocity) at the times of another (NaN outside).
std::vector<double> resample(const std::vector<double>& t_from, const std::vector<double>& v,
                             const std::vector<double>& t_to);

struct GazeTarget {
    double t_s = 0, until_s = 0;
    double h_deg = 0, v_deg = 0;
};
// Steps of the world-fixed "target" events shown before `end_s` (the recording's end), in order (the first
// is where the patient starts).
std::vector<GazeTarget> gaze_targets(const Recording& recording, double end_s);

}  // namespace purkinje::assess::detail
