#pragma once
// Spectra of uniformly sampled movement: Welch's averaged periodogram, its peak and band power, and
// tremor amplitude as the band-passed displacement (Elble & McNames 2016: report tremor in the unit of
// the movement, from the band that holds it).

#include <cstddef>
#include <vector>

namespace purkinje::signal {

struct WelchOptions {
    double segment_s = 4.0;  // segment length; resolution = 1 / segment_s (shortened to the series)
    double overlap = 0.5;    // fraction of a segment shared with the next
};

struct PowerSpectrum {
    std::vector<double> frequency_hz;
    std::vector<double> density;  // one-sided power spectral density, (input unit)^2 / Hz
    double resolution_hz = 0;
    int segments = 0;
};

// Hann-windowed, mean-removed segments, one-sided density scaling (integrates to the variance).
// Throws BadInput for a non-finite sample (filter gaps first), fewer than 8 samples, or a bad rate.
PowerSpectrum welch_psd(const std::vector<double>& x, double rate_hz, const WelchOptions& options = {});

// Frequency of the largest density inside [low_hz, high_hz], refined between bins by fitting a parabola
// to the log density of the peak and its neighbours. NaN when the band holds no bin.
double peak_frequency(const PowerSpectrum& spectrum, double low_hz, double high_hz);

// Power (input unit squared) inside [low_hz, high_hz]: the density summed times the resolution.
double band_power(const PowerSpectrum& spectrum, double low_hz, double high_hz);

struct TremorAmplitude {
    double rms = 0;            // RMS of the band-passed displacement, input unit
    double peak_to_peak = 0;   // median excursion between successive extrema of the band-passed trace
    double peak_frequency_hz = 0;
    double band_low_hz = 0, band_high_hz = 0;
};

// Band-pass (zero-phase Butterworth, order 4 each side, flat to within 2% an octave inside the edges) then measure. Throws like welch_psd.
TremorAmplitude tremor_amplitude(const std::vector<double>& x, double rate_hz, double low_hz, double high_hz);

}  // namespace purkinje::signal
