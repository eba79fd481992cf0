#pragma once
// Robust location and spread shared by the detectors (internal to signal/): median and the MAD scaled
// to a normal SD (x 1.4826), which a few large values (saccades in a fixation's noise, movements in a
// rest's) do not drag.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace purkinje::signal::detail {

// The upper median (the element at size / 2 in order); NaN when empty. Reorders `values`.
inline double median_in_place(std::vector<double>& values) {
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    const auto mid = values.begin() + std::ptrdiff_t(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

struct RobustSpread {
    double median = std::numeric_limits<double>::quiet_NaN();
    double sd = std::numeric_limits<double>::quiet_NaN();  // 1.4826 * median absolute deviation
};

// Reorders `values` (and uses `scratch` for the deviations) to avoid copies of long series.
inline RobustSpread robust_spread(std::vector<double>& values, std::vector<double>& scratch) {
    RobustSpread r;
    if (values.empty()) return r;
    r.median = median_in_place(values);
    scratch.clear();
    for (double v : values) scratch.push_back(std::abs(v - r.median));
    r.sd = 1.4826 * median_in_place(scratch);
    // Quantised input (whole pixels, a still eye) can put over half the values on one level, so the MAD
    // collapses to (numerically) zero; then the RMS deviation from the median, which sees the steps
    // between levels, is the spread.
    double sum2 = 0;
    for (double d : scratch) sum2 += d * d;
    const double rms = std::sqrt(sum2 / double(scratch.size()));
    if (r.sd < 1e-3 * rms) r.sd = rms;
    return r;
}

}  // namespace purkinje::signal::detail
