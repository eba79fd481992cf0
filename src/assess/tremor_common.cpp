#include "tremor_common.hpp"

#include <cmath>

namespace purkinje::assess::detail {

TremorMeasure measure_tremor(const HandTrace& hand, const std::vector<std::pair<double, double>>& pieces,
                             double low_hz, double high_hz) {
    TremorMeasure m;
    std::vector<double> x, y;
    for (const auto& [from, to] : pieces) {
        std::vector<double> px, py;
        for (std::size_t i = 0; i < hand.t_s.size(); ++i)
            if (hand.t_s[i] >= from && hand.t_s[i] < to && std::isfinite(hand.x_cm[i]) && std::isfinite(hand.y_cm[i]))
                px.push_back(hand.x_cm[i]), py.push_back(hand.y_cm[i]);
        if (px.size() < 8) continue;
        // Linear detrend per piece: a slow drift is not tremor, and joins would otherwise jump.
        for (auto* v : {&px, &py}) {
            const double n = double(v->size());
            double st = 0, sv = 0, stt = 0, stv = 0;
            for (std::size_t i = 0; i < v->size(); ++i) st += i, sv += (*v)[i], stt += double(i) * i, stv += i * (*v)[i];
            const double slope = (n * stv - st * sv) / (n * stt - st * st);
            const double icpt = (sv - slope * st) / n;
            for (std::size_t i = 0; i < v->size(); ++i) (*v)[i] -= icpt + slope * double(i);
        }
        x.insert(x.end(), px.begin(), px.end());
        y.insert(y.end(), py.begin(), py.end());
    }
    m.seconds = double(x.size()) / hand.rate_hz;
    if (x.size() < std::size_t(2 * hand.rate_hz)) {
        m.why_not = "less than 2 s of steady hand trace to measure tremor on";
        return m;
    }
    // The displacement along its principal axis (the pieces are already mean-free).
    const auto along = along_principal_axis(x, y);
    const double high = std::min(high_hz, 0.45 * hand.rate_hz);
    const auto spectrum = signal::welch_psd(along, hand.rate_hz, {std::min(4.0, m.seconds), 0.5});
    const auto amplitude = signal::tremor_amplitude(along, hand.rate_hz, low_hz, high);
    m.measured = true;
    m.peak_hz = signal::peak_frequency(spectrum, low_hz, high);
    m.amplitude_cm = amplitude.peak_to_peak;
    m.rms_cm = amplitude.rms;
    m.band_power_cm2 = signal::band_power(spectrum, low_hz, high);
    return m;
}

}  // namespace purkinje::assess::detail
