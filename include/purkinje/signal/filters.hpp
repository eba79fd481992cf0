#pragma once
// Filters for uniformly sampled series: Savitzky-Golay smoothing and derivatives, and zero-phase
// Butterworth filtering (forward-backward, as MATLAB/SciPy filtfilt).
//
// Both work on one contiguous run of finite samples. Series with gaps are filtered run by run
// (`for_each_finite_run`), so a filter never smears a blink into the neighbouring samples.

#include <cstddef>
#include <functional>
#include <vector>

namespace purkinje::signal {

// Savitzky-Golay: a polynomial of `order` is fitted by least squares to each window of
// `window` samples (odd, > order) and evaluated (or differentiated `derivative` times) at the
// centre. Edges use the fit of the first/last full window evaluated off-centre, so the output has
// the input's length without padding artefacts. `dt_s` scales derivatives to units per second.
struct SavitzkyGolay {
    int window = 11;
    int order = 2;
};

// Convolution weights for the centre sample (length `window`), derivative order 0, 1 or 2.
std::vector<double> savitzky_golay_weights(const SavitzkyGolay& params, int derivative, double dt_s);

// Filters one run of finite samples. Runs shorter than the window use the largest odd window that
// fits (and at least order + 1 samples); shorter still, the output is NaN.
std::vector<double> savitzky_golay(const std::vector<double>& x, const SavitzkyGolay& params,
                                   int derivative = 0, double dt_s = 1.0);

// Same, on a series with NaN gaps: each finite run is filtered on its own; gaps stay NaN.
std::vector<double> savitzky_golay_with_gaps(const std::vector<double>& x, const SavitzkyGolay& params,
                                             int derivative = 0, double dt_s = 1.0);

// One second-order section b0 + b1 z^-1 + b2 z^-2 over 1 + a1 z^-1 + a2 z^-2.
struct Biquad {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

enum class FilterBand { LowPass, HighPass, BandPass };

// Digital Butterworth design by the bilinear transform with pre-warped cut-off(s), as cascaded
// second-order sections. Band-pass is the cascade of a high-pass at `low_hz` and a low-pass at
// `high_hz`, each of `order`. Throws BadInput when a cut-off is not inside (0, rate/2).
struct Butterworth {
    FilterBand band = FilterBand::LowPass;
    int order = 2;
    double low_hz = 0;   // cut-off of LowPass/HighPass, lower edge of BandPass
    double high_hz = 0;  // upper edge of BandPass (unused otherwise)
};
std::vector<Biquad> butterworth_sections(const Butterworth& design, double rate_hz);

// Zero-phase filtering of one run of finite samples: odd reflection padding at both ends, steady-state
// initial conditions, forward then backward. The magnitude response is the design's squared.
std::vector<double> butterworth_filtfilt(const std::vector<double>& x, const Butterworth& design,
                                         double rate_hz);

// Same, on a series with NaN gaps, run by run; runs of fewer than 4 samples are left unfiltered.
std::vector<double> butterworth_filtfilt_with_gaps(const std::vector<double>& x, const Butterworth& design,
                                                   double rate_hz);

// Calls `f(begin, end)` for each maximal run [begin, end) of finite values.
void for_each_finite_run(const std::vector<double>& x,
                         const std::function<void(std::size_t, std::size_t)>& f);

}  // namespace purkinje::signal
