#pragma once
// Tremor parameters from a power spectrum given as plain arrays (the signal module computes the Welch
// spectrum of the path residual; this module reads it in the clinic's terms).

#include <optional>
#include <vector>

namespace purkinje::model {

struct TremorBand {
    double low_hz = 2.0;    // cerebellar intention tremor lies at 2-5 Hz; the band is kept wider
    double high_hz = 8.0;
};

struct TremorParameters {
    double peak_frequency_hz = 0;     // frequency of the largest power in the band
    double band_power = 0;            // integral of the density over the band (unit^2)
    double amplitude = 0;             // sqrt(2 * band power): the amplitude of an equivalent sinusoid
    double band_fraction = 0;         // band power / total power
};

// `frequency_hz` increasing, `power_density` in unit^2/Hz (e.g. cm^2/Hz). Throws BadInput for
// mismatched sizes, non-finite or negative values, or a band outside the spectrum.
TremorParameters tremor_from_spectrum(const std::vector<double>& frequency_hz, const std::vector<double>& power_density,
                                      const TremorBand& band = {});

// Growth toward the target (intention tremor): amplitude late in the reach over amplitude early.
std::optional<double> tremor_growth(const TremorParameters& early, const TremorParameters& late);

}  // namespace purkinje::model
