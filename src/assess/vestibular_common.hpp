#pragma once
// Head impulses cut out of continuous head and gaze traces, each analysed by model::analyse_head_impulse,
// and their per-side summary; shared by head impulses, VOR adaptation and vendor imports.

#include <optional>
#include <string>
#include <vector>

#include "assess_internal.hpp"
#include "purkinje/model/vor.hpp"

namespace purkinje::assess::detail {

struct Impulse {
    double t_s = 0;              // head velocity peak
    std::string side;            // "left" / "right": the direction the head turned (canal tested)
    model::HeadImpulseAnalysis analysis;
    // The window the analysis saw (peak - 150 ms to peak + 450 ms), for plots: head yaw velocity and
    // compensatory-positive eye velocity, deg/s, at `rate_hz`.
    double rate_hz = 0;
    std::vector<double> head_velocity_dps, eye_velocity_dps;
};

// Impulses near the "head_impulse" events (or, without events, every head velocity peak above
// 100 deg/s). Head yaw is left-positive and gaze x right-positive (names.hpp), so gaze velocity is
// already compensatory-positive. Throws Unsupported below 100 Hz.
std::vector<Impulse> impulses_from_recording(const Recording& recording, const std::string& protocol);
// An imported impulse ("head_velocity" yaw and "eye_velocity" x channels, compensatory-positive eye).
std::optional<Impulse> impulse_from_velocity_channels(const Recording& recording);

// Findings per side: gains by every definition, catch-up saccades, PR score; asymmetry.
void add_impulse_findings(const std::vector<Impulse>& impulses, FindingList& f, ProtocolAnalysis& out);

inline constexpr double kMinImpulseRateHz = 100;

}  // namespace purkinje::assess::detail
