#pragma once
// Conditioning of a gaze (or any 2-D position) series before analysis: screen pixels to degrees of
// visual angle, irregular time stamps onto a uniform grid, gaps from blinks and track loss marked,
// short gaps bridged by linear interpolation, long gaps never bridged.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace purkinje::signal {

// The screen the gaze was measured on, and the eye's distance from it.
struct ScreenGeometry {
    double width_px = 0, height_px = 0;
    double width_m = 0, height_m = 0;
    double distance_m = 0;
    // Throws BadInput naming the field when a value is not a positive finite number.
    void validate() const;
};

// deg = atan(offset_px * metres_per_px / distance_m), offsets from the screen centre, each axis with its
// own pixel pitch (a non-square pixel stays correct). NaN stays NaN. y keeps the screen's direction
// (down positive on most trackers).
void pixels_to_degrees(const ScreenGeometry& screen, std::vector<double>& x, std::vector<double>& y);

struct ConditioningOptions {
    double max_bridged_gap_s = 0.075;   // gaps up to this long are interpolated; longer stay missing
    double min_confidence = 0.5;        // samples below are treated as missing
    double irregular_tolerance = 0.25;  // an interval off the nominal one by more (fraction) = irregular
};

// A stretch of missing samples on the uniform grid: [begin, end) grid indices.
struct Gap {
    std::size_t begin = 0, end = 0;
    double duration_s = 0;  // from the last sample before to the first after, minus one interval
    bool bridged = false;   // true: interpolated (short gap inside a recording)
};

struct ConditionedSeries {
    double rate_hz = 0;
    bool resampled = false;          // false: input was already uniform and is used sample for sample
    std::vector<double> t_s;         // uniform grid
    std::vector<double> x, y;        // NaN inside unbridged gaps
    std::vector<std::uint8_t> measured;  // 1 = a real sample (or a resampled one between two real ones)
    std::vector<Gap> gaps;
    std::vector<std::size_t> grid_index_of_input;  // resampled only: each input sample's nearest grid sample

    // The grid sample of an input sample (the same index when the input was already uniform).
    std::size_t grid_index(std::size_t input_index) const;

    std::size_t size() const { return t_s.size(); }
};

// `t_s` strictly increasing and finite (BadInput naming the sample otherwise); x and y may hold NaN
// (missing). `confidence` may be empty (all 1). `rate_hz` <= 0: the median interval decides the rate.
ConditionedSeries condition_series(const std::vector<double>& t_s, const std::vector<double>& x,
                                   const std::vector<double>& y, const std::vector<float>& confidence,
                                   double rate_hz, const ConditioningOptions& options = {});

}  // namespace purkinje::signal
