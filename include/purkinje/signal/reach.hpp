#pragma once
// Limb movements: reaches (finger chase, nose-finger; SARA items 5 and 6) segmented from a hand or
// fingertip trajectory, and cycles of alternating movements (SARA item 7).
//
// Positions are in any length unit (cm for a calibrated hand marker); speeds and distances come back in
// that unit (per second). Missing samples are NaN; gaps of up to 75 ms are bridged, longer gaps end a
// movement.

#include <cstddef>
#include <vector>

namespace purkinje::signal {

struct ReachOptions {
    double lowpass_hz = 10;            // zero-phase Butterworth on position before differentiation
    double onset_fraction = 0.05;      // onset/offset where speed falls below this fraction of the peak
    double min_peak_speed = 0;         // unit/s; 0 = from the recording's noise (median + 10 robust SD)
    double submovement_prominence = 0.1;  // a speed peak counts when its dip on both sides is this deep (of peak)
    double min_duration_s = 0.1;
};

struct Reach {
    std::size_t onset_index = 0, peak_index = 0, offset_index = 0;
    double onset_s = 0, peak_s = 0, offset_s = 0;
    double duration_s = 0;
    double peak_speed = 0;              // unit/s
    double time_to_peak_s = 0;          // onset to peak speed
    double start_x = 0, start_y = 0;
    double end_x = 0, end_y = 0;        // endpoint: position at offset
    double path_length = 0;             // along the filtered trajectory
    double straight_distance = 0;       // start to endpoint
    double path_length_ratio = 0;       // path / straight (1 = perfectly straight)
    int submovements = 0;               // speed peaks (1 = a single smooth movement)
};

// Reaches in time order. Throws BadInput on non-increasing or non-finite time or mismatched lengths.
std::vector<Reach> segment_reaches(const std::vector<double>& t_s, const std::vector<double>& x,
                                   const std::vector<double>& y, const ReachOptions& options = {});

// Time from the reach's onset until the hand first comes within `radius` of the target; NaN if never.
double time_to_target_s(const Reach& reach, const std::vector<double>& t_s, const std::vector<double>& x,
                        const std::vector<double>& y, double target_x, double target_y, double radius);

struct CycleOptions {
    double lowpass_hz = 10;
    double hysteresis_fraction = 0.2;  // an extremum counts once the trace turns back by this fraction of its range
    double min_cycle_s = 0.08;         // faster is noise (human alternation tops out near 10 Hz)
};

struct Cycle {
    std::size_t start_index = 0, end_index = 0;  // successive maxima
    double period_s = 0;
    double amplitude = 0;  // maximum to the minimum within the cycle, input unit
};

struct CycleSummary {
    std::vector<Cycle> cycles;
    double rate_hz = 0;                  // cycles per second (1 / mean period)
    double period_cv = 0;                // SD / mean of the cycle durations (dysdiadochokinesia)
    double amplitude_decrement = 0;      // fitted loss of amplitude from first to last cycle, fraction of the first
    double mean_amplitude = 0;
};

// One angle or position of an alternating movement (pronation-supination angle, tapping height).
CycleSummary detect_cycles(const std::vector<double>& t_s, const std::vector<double>& value,
                           const CycleOptions& options = {});

}  // namespace purkinje::signal
