#include "purkinje/signal/spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <string>

#include <unsupported/Eigen/FFT>

#include "purkinje/core/error.hpp"
#include "purkinje/signal/filters.hpp"
#include "robust.hpp"

namespace purkinje::signal {
namespace {

void check_series(const std::vector<double>& x, double rate_hz, const char* what) {
    if (!(rate_hz > 0) || !std::isfinite(rate_hz))
        throw_bad_input(std::string(what) + " sample rate", "is not a positive number", "Hz > 0");
    if (x.size() < 8)
        throw_bad_input(what, "has " + std::to_string(x.size()) + " samples", "at least 8 samples");
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i]))
            throw_bad_input(std::string(what) + ", sample " + std::to_string(i), "is not a number",
                            "a finite series (bridge or cut out gaps first)");
}

}  // namespace

PowerSpectrum welch_psd(const std::vector<double>& x, double rate_hz, const WelchOptions& options) {
    check_series(x, rate_hz, "spectrum input");
    if (!(options.overlap >= 0 && options.overlap < 1))
        throw_bad_input("Welch overlap", std::to_string(options.overlap), "a fraction in [0, 1)");
    std::size_t len = std::size_t(std::lround(options.segment_s * rate_hz));
    len = std::clamp<std::size_t>(len, 8, x.size());
    const std::size_t step = std::max<std::size_t>(1, std::size_t(double(len) * (1 - options.overlap)));
    std::vector<double> window(len);
    double window_power = 0;
    for (std::size_t i = 0; i < len; ++i) {
        window[i] = 0.5 - 0.5 * std::cos(2 * M_PI * double(i) / double(len));  // periodic Hann
        window_power += window[i] * window[i];
    }
    const std::size_t bins = len / 2 + 1;
    PowerSpectrum out;
    out.resolution_hz = rate_hz / double(len);
    out.frequency_hz.resize(bins);
    out.density.assign(bins, 0.0);
    for (std::size_t k = 0; k < bins; ++k) out.frequency_hz[k] = double(k) * out.resolution_hz;
    Eigen::FFT<double> fft;
    std::vector<double> segment(len);
    std::vector<std::complex<double>> spectrum;
    for (std::size_t start = 0; start + len <= x.size(); start += step) {
        double mean = 0;
        for (std::size_t i = 0; i < len; ++i) mean += x[start + i];
        mean /= double(len);
        for (std::size_t i = 0; i < len; ++i) segment[i] = (x[start + i] - mean) * window[i];
        fft.fwd(spectrum, segment);
        for (std::size_t k = 0; k < bins; ++k) {
            const double scale = (k == 0 || (len % 2 == 0 && k == len / 2)) ? 1.0 : 2.0;
            out.density[k] += scale * std::norm(spectrum[k]) / (rate_hz * window_power);
        }
        ++out.segments;
    }
    for (double& d : out.density) d /= double(out.segments);
    return out;
}

double peak_frequency(const PowerSpectrum& s, double low_hz, double high_hz) {
    std::size_t best = s.density.size();
    for (std::size_t k = 0; k < s.density.size(); ++k)
        if (s.frequency_hz[k] >= low_hz && s.frequency_hz[k] <= high_hz &&
            (best == s.density.size() || s.density[k] > s.density[best]))
            best = k;
    if (best == s.density.size()) return std::numeric_limits<double>::quiet_NaN();
    if (best == 0 || best + 1 >= s.density.size()) return s.frequency_hz[best];
    const double tiny = 1e-300;
    const double a = std::log(s.density[best - 1] + tiny), b = std::log(s.density[best] + tiny),
                 c = std::log(s.density[best + 1] + tiny);
    const double denominator = a - 2 * b + c;
    const double shift = denominator < 0 ? 0.5 * (a - c) / denominator : 0.0;
    return s.frequency_hz[best] + std::clamp(shift, -0.5, 0.5) * s.resolution_hz;
}

double band_power(const PowerSpectrum& s, double low_hz, double high_hz) {
    double sum = 0;
    for (std::size_t k = 0; k < s.density.size(); ++k)
        if (s.frequency_hz[k] >= low_hz && s.frequency_hz[k] <= high_hz) sum += s.density[k];
    return sum * s.resolution_hz;
}

TremorAmplitude tremor_amplitude(const std::vector<double>& x, double rate_hz, double low_hz, double high_hz) {
    check_series(x, rate_hz, "tremor input");
    const auto band = butterworth_filtfilt(x, {FilterBand::BandPass, 4, low_hz, high_hz}, rate_hz);
    TremorAmplitude out;
    out.band_low_hz = low_hz;
    out.band_high_hz = high_hz;
    double sum2 = 0;
    for (double v : band) sum2 += v * v;
    out.rms = std::sqrt(sum2 / double(band.size()));
    std::vector<double> extrema, excursions;
    for (std::size_t i = 1; i + 1 < band.size(); ++i)
        if ((band[i] > band[i - 1] && band[i] >= band[i + 1]) || (band[i] < band[i - 1] && band[i] <= band[i + 1]))
            extrema.push_back(band[i]);
    for (std::size_t i = 1; i < extrema.size(); ++i) excursions.push_back(std::abs(extrema[i] - extrema[i - 1]));
    if (!excursions.empty()) out.peak_to_peak = detail::median_in_place(excursions);
    out.peak_frequency_hz = peak_frequency(welch_psd(x, rate_hz), low_hz, high_hz);
    return out;
}

}  // namespace purkinje::signal
