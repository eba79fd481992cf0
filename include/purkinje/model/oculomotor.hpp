#pragma once
// Saccades and gaze holding, from plain descriptions of detected saccades and fixation drift (the
// signal module detects them; this module judges them).

#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/finding.hpp"

namespace purkinje::model {

// ---- saccades ---------------------------------------------------------------------------------------

struct SaccadeDescription {
    double onset_s = 0;
    double offset_s = 0;
    double amplitude_deg = 0;       // signed, along the target step
    double peak_velocity_dps = 0;   // magnitude
};

struct SaccadeTrial {
    double target_onset_s = 0;
    double target_step_deg = 0;     // signed
    std::vector<SaccadeDescription> saccades;  // those after the target step, in time order
};

struct SaccadeTrialOptions {
    double anticipation_limit_ms = 80;    // faster responses are anticipations, not reactions
    double maximum_latency_ms = 700;
    double corrective_window_ms = 500;    // after the primary saccade's offset
};

struct SaccadeTrialMetrics {
    std::optional<double> latency_ms;      // primary saccade onset minus target onset
    std::optional<double> gain;            // primary amplitude / target step ("primary_gain")
    std::optional<double> final_gain;      // primary plus corrective saccades / target step
    int corrective_saccades = 0;           // in the direction of the remaining error
    bool anticipatory = false;
};

SaccadeTrialMetrics saccade_trial_metrics(const SaccadeTrial& trial, const SaccadeTrialOptions& options = {});

// Main sequence V = Vmax (1 - exp(-A / C)) over |amplitude| and peak velocity (Ceres least squares).
struct MainSequenceFit {
    double vmax_dps = 0;
    double c_deg = 0;
    ModelFit fit;  // "saccade_main_sequence": Vmax_dps and C_deg with 95% intervals
};

// Throws BadInput for fewer than 5 saccades, mismatched sizes, or non-positive values.
MainSequenceFit fit_main_sequence(const std::vector<double>& amplitude_deg, const std::vector<double>& peak_velocity_dps);

// ---- gaze holding ------------------------------------------------------------------------------------

// One eccentric fixation: eye position samples between saccades.
struct GazeHoldSegment {
    std::vector<double> t_s;
    std::vector<double> position_deg;   // horizontal (or vertical) eye position, 0 = straight ahead
};

// Leaky neural integrator: drift velocity = -(position - null) / tau. tau is fitted as the slope of
// drift velocity (per segment, least squares) on mean eccentricity. A healthy integrator leaks with
// tau > 20 s (Leigh & Zee, The Neurology of Eye Movements, 5th ed. 2015); a slope whose interval
// includes zero leaves tau not identifiable ("no measurable leak").
struct GazeHoldingFit {
    std::optional<double> time_constant_s;
    double null_position_deg = 0;
    ModelFit fit;  // "leaky_integrator": tau_s (with interval on the leak rate turned into tau), null_deg
    std::vector<double> drift_velocity_dps;  // per segment
};

GazeHoldingFit fit_gaze_holding(const std::vector<GazeHoldSegment>& segments);

}  // namespace purkinje::model
