#include "purkinje/model/tremor.hpp"

#include <cmath>

#include "purkinje/core/error.hpp"

namespace purkinje::model {

TremorParameters tremor_from_spectrum(const std::vector<double>& f, const std::vector<double>& p, const TremorBand& band) {
    if (f.size() != p.size() || f.size() < 3)
        throw_bad_input("tremor spectrum", "frequencies and power densities differ in number or are fewer than 3",
                        "one power density per frequency");
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (!std::isfinite(f[i]) || !std::isfinite(p[i]) || p[i] < 0)
            throw_bad_input("tremor spectrum: bin " + std::to_string(i), "frequency or power is not a finite, non-negative number");
        if (i > 0 && !(f[i] > f[i - 1])) throw_bad_input("tremor spectrum: bin " + std::to_string(i), "frequencies do not increase");
    }
    if (!(band.low_hz < band.high_hz) || band.high_hz < f.front() || band.low_hz > f.back())
        throw_bad_input("tremor band", "lies outside the spectrum or is empty");
    TremorParameters out;
    double total = 0, in_band = 0, best = -1;
    for (std::size_t i = 0; i + 1 < f.size(); ++i) {
        const double area = 0.5 * (p[i] + p[i + 1]) * (f[i + 1] - f[i]);  // trapezoid
        total += area;
        const double mid = 0.5 * (f[i] + f[i + 1]);
        if (mid >= band.low_hz && mid <= band.high_hz) in_band += area;
    }
    for (std::size_t i = 0; i < f.size(); ++i)
        if (f[i] >= band.low_hz && f[i] <= band.high_hz && p[i] > best) {
            best = p[i];
            out.peak_frequency_hz = f[i];
        }
    out.band_power = in_band;
    out.amplitude = std::sqrt(2 * in_band);
    out.band_fraction = total > 0 ? in_band / total : 0;
    return out;
}

std::optional<double> tremor_growth(const TremorParameters& early, const TremorParameters& late) {
    if (!(early.amplitude > 0)) return std::nullopt;
    return late.amplitude / early.amplitude;
}

}  // namespace purkinje::model
