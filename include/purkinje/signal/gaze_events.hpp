#pragma once
// Eye-movement classification: every gaze sample labelled fixation, saccade, post-saccadic
// oscillation (PSO), smooth pursuit, blink/missing or undefined, and the events those labels make.
//
// Method (docs/signal.md): an adaptive velocity threshold in the manner of Nystrom & Holmqvist (2010),
// estimated from each recording's own noise (median and MAD), finds saccade peaks in the eye's speed
// relative to its own slow movement (a saccade during pursuit is measured against the pursuit); onsets
// are walked back to an onset threshold, offsets forward to the first deep velocity minimum or to the
// minimum where the eye turns back against the saccade; PSO is the oscillation that follows within
// 40 ms; the rest is fixation or smooth pursuit, pursuit being
// slow movement sustained over a second, or undefined where the data support neither. Nothing is
// tuned per recording; the constants below are the same for every recording (chosen on lund2013, with
// a held-out check in docs/validation.md).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "purkinje/core/channel.hpp"
#include "purkinje/signal/conditioning.hpp"

namespace purkinje::signal {

// Codes as in the lund2013 annotations and the `classify` CSV (0 where those use 6 for undefined).
enum class EyeMovement : std::uint8_t {
    Undefined = 0,
    Fixation = 1,
    Saccade = 2,
    PostSaccadicOscillation = 3,
    SmoothPursuit = 4,
    Blink = 5,  // blink or any loss of the eye
};
const char* to_string(EyeMovement kind);  // "fixation", "saccade", "pso", "smooth_pursuit", "blink", "undefined"

struct GazeEvent {
    EyeMovement kind = EyeMovement::Undefined;
    std::size_t onset_index = 0;   // first sample (index into the classified input)
    std::size_t offset_index = 0;  // last sample, inclusive
    double onset_s = 0, offset_s = 0;
    // Saccades: where the eye starts to move, found by following the rising speed back down to the
    // noise floor; it precedes `onset_s` (where the speed clears the onset threshold, the expert coders'
    // convention the labels follow) by a few ms. Use it for latencies. Other events: equal to onset_s.
    double movement_onset_s = 0;
    double duration_ms = 0;
    double amplitude_deg = 0;        // straight distance from the onset to the offset position
    double peak_velocity_deg_s = 0;  // peak of the Savitzky-Golay speed inside the event
    double direction_deg = 0;        // atan2(dy, dx) of the displacement, in the input's axes
    double start_x_deg = 0, start_y_deg = 0, end_x_deg = 0, end_y_deg = 0;
};

struct GazeClassifierOptions {
    ConditioningOptions conditioning;
    double velocity_window_s = 0.010;        // Savitzky-Golay window (order 2) for velocity
    double initial_peak_threshold_deg_s = 100;  // start of the adaptive threshold iteration
    double peak_threshold_sds = 8;           // peak threshold = median + k * robust SD of speed below it
    double onset_threshold_sds = 4;          // onset threshold = median + k * robust SD
    double movement_onset_floor_sds = 2;     // movement onset: down the flank to median + k * robust SD
    double offset_peak_fraction = 0.25;      // a velocity minimum this far below the peak ends a saccade
    double pso_max_peak_ratio = 0.8;         // a smaller peak within the PSO window is oscillation
    // The eye moving back against the saccade after a velocity minimum is oscillation whatever its
    // speed: the saccade ends at that minimum and the returning movement is PSO.
    bool oscillation_by_direction = true;
    double min_saccade_duration_s = 0.012;
    double max_saccade_velocity_deg_s = 1000;  // faster is an artefact (blink, pupil occlusion)
    double noise_window_s = 0.040;           // local noise before a saccade (its offset threshold)
    double pso_window_s = 0.040;             // PSO must start within this time after a saccade
    double blink_margin_s = 0.030;           // samples this close to a long gap are disturbed by it
    double pursuit_lowpass_hz = 2;          // low-pass for the fixation/pursuit decision
    double min_pursuit_velocity_deg_s = 2.0;    // slow-phase speed above which the eye may be pursuing
    double pursuit_window_s = 1.0;              // window over which pursuit must be sustained
    double sustained_pursuit_velocity_deg_s = 1.5;  // de-saccaded speed over that window
    double min_fixation_duration_s = 0.100;  // shorter slow stretches take their neighbours' label
    // Slow-phase (pursuit) velocity: running median of the velocity outside a first pass's saccades,
    // PSO and blinks over this window; saccades are then found in the speed relative to it. 0 = one
    // pass on the plain speed (the eye assumed still between saccades).
    double slow_phase_window_s = 0.300;
    // Undefined (code 0): a slow stretch between two events shorter than this (too short to be a
    // fixation), a sample whose velocity cannot be computed, and each `noisy_window_s` block of a slow
    // stretch whose median relative speed is above the recording's peak threshold (noise far above the
    // recording's own level, not a fixation; 0 = no such check).
    double min_slow_phase_duration_s = 0.040;
    double noisy_window_s = 0.100;
};

// The thresholds a recording produced, kept with its labels so a number can say how it was made.
// Peak and onset thresholds and the noise figures are for the speed relative to the slow phase (the
// plain speed when slow_phase_window_s = 0).
struct GazeThresholds {
    double peak_velocity_deg_s = 0;
    double onset_velocity_deg_s = 0;
    double noise_median_deg_s = 0, noise_sd_deg_s = 0;  // median and 1.4826 MAD of the sub-threshold speed
    double pursuit_velocity_deg_s = 0;
    int iterations = 0;
};

struct GazeClassification {
    std::vector<EyeMovement> labels;      // one per input sample
    std::vector<GazeEvent> events;        // in time order, one per run of equal labels
    std::vector<double> speed_deg_s;      // per input sample (NaN where missing)
    GazeThresholds thresholds;
    double rate_hz = 0;
    bool resampled = false;

    std::size_t count(EyeMovement kind) const;  // number of events of that kind
};

// Input in degrees of visual angle; `confidence` may be empty; rate_hz <= 0 = from the time stamps.
// Throws BadInput for non-increasing or non-finite time, mismatched lengths, fewer than 2 samples.
GazeClassification classify_gaze(const std::vector<double>& t_s, const std::vector<double>& x_deg,
                                 const std::vector<double>& y_deg, const std::vector<float>& confidence,
                                 double rate_hz, const GazeClassifierOptions& options = {});

// The same for a gaze Channel with components "x" and "y" in degrees.
GazeClassification classify_gaze(const Channel& gaze, const GazeClassifierOptions& options = {});

}  // namespace purkinje::signal
