#pragma once
// Tremor of a hand trace: the displacement about its own mean along the axis where it moves most,
// its Welch spectrum peak and its band-passed amplitude (signal::tremor_amplitude).

#include <string>
#include <vector>

#include "hand_common.hpp"
#include "purkinje/signal/spectrum.hpp"

namespace purkinje::assess::detail {

struct TremorMeasure {
    bool measured = false;
    double peak_hz = 0;
    double amplitude_cm = 0;     // peak-to-peak (median excursion between extrema), band-passed
    double rms_cm = 0;
    double band_power_cm2 = 0;
    double seconds = 0;          // of trace used
    std::string why_not;         // when not measured
};

// Pieces [from_s, to_s) of the trace are each made mean-free, joined, projected on their principal
// axis and analysed in [low_hz, high_hz] (the high edge is lowered below Nyquist when needed).
TremorMeasure measure_tremor(const HandTrace& hand, const std::vector<std::pair<double, double>>& pieces,
                             double low_hz, double high_hz);

}  // namespace purkinje::assess::detail
