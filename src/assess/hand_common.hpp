#pragma once
// What the hand protocols share: the hand trace in cm, the target jumps, and the primary movement
// after each jump.

#include <optional>
#include <vector>

#include "assess_internal.hpp"
#include "purkinje/signal/reach.hpp"

namespace purkinje::assess::detail {

struct HandTrace {
    std::vector<double> t_s, x_cm, y_cm;
    double rate_hz = 0;
};
// Displacement about the mean along the principal axis of (x, y), where the points spread most (the
// movement's own axis); NaN where either coordinate is missing.
std::vector<double> along_principal_axis(const std::vector<double>& x, const std::vector<double>& y);

// The "hand" channel in cm (x, y) on a uniform grid, gaps up to 75 ms bridged and longer ones NaN
// (conditioned_positions); refuses rates below `min_rate_hz`.
HandTrace hand_trace(const Recording& recording, const AnalysisOptions& options,
                     const std::string& protocol, double min_rate_hz);

struct TargetJump {
    double t_s = 0;
    double x_cm = 0, y_cm = 0;
    double from_x_cm = 0, from_y_cm = 0;   // the previous target
    double until_s = 0;                    // the next jump (or the end of the recording)
};
// From "hand_target" events (else the changes of the "target" channel); the first target (where
// the finger waits at the start) is not a jump.
std::vector<TargetJump> target_jumps(const Recording& recording, const HandTrace& hand);

struct Pointing {
    TargetJump jump;
    signal::Reach primary;           // the first movement after the jump
    double endpoint_error_cm = 0;    // primary endpoint to target
    double overshoot_cm = 0;         // along the start->target line: + beyond, - short of the target
    double reaction_time_ms = 0;
};
// The primary movement of each jump (jumps without a movement are left out).
std::vector<Pointing> primary_movements(const HandTrace& hand, const std::vector<TargetJump>& jumps);

// Jumps the hand answered at all: it came within a third of the distance of the target before the
// next jump (SARA's "unable to perform 5 pointing movements" is scored on this count).
int pointings_made(const HandTrace& hand, const std::vector<TargetJump>& jumps);

// The trace between two times, for the reach model.
ReachSegment reach_segment(const HandTrace& hand, const TargetJump& jump, double from_s, double to_s);

}  // namespace purkinje::assess::detail
