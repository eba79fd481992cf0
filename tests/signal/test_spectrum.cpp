#include <cmath>
#include <doctest/doctest.h>
#include <random>

#include "purkinje/core/error.hpp"
#include "purkinje/signal/spectrum.hpp"

using namespace purkinje;
using namespace purkinje::signal;

TEST_CASE("Welch spectrum finds a 5.3 Hz tremor within 0.05 Hz and its power") {
    std::mt19937 rng(11);
    std::normal_distribution<double> noise(0, 0.05);
    const double rate = 500;
    std::vector<double> x(10000);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.5 * std::sin(2 * M_PI * 5.3 * double(i) / rate) + noise(rng);
    const auto psd = welch_psd(x, rate);
    CHECK(psd.resolution_hz == doctest::Approx(0.25));
    CHECK(psd.segments == 9);
    CHECK(std::abs(peak_frequency(psd, 2, 12) - 5.3) < 0.05);
    CHECK(band_power(psd, 4, 7) == doctest::Approx(0.125).epsilon(0.05));  // A^2 / 2
    double total = band_power(psd, 0, rate / 2), variance = 0;
    for (double v : x) variance += v * v;
    CHECK(total == doctest::Approx(variance / double(x.size())).epsilon(0.05));  // density integrates to variance
}

TEST_CASE("tremor amplitude is the band-passed displacement, drift removed") {
    const double rate = 250;
    std::vector<double> x(5000);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double t = double(i) / rate;
        x[i] = 0.8 * std::sin(2 * M_PI * 3.5 * t) + 5 * t;  // 3.5 Hz, 1.6 cm peak to peak, on a slow drift
    }
    const auto tremor = tremor_amplitude(x, rate, 2, 8);
    CHECK(tremor.peak_to_peak == doctest::Approx(1.6).epsilon(0.05));
    CHECK(tremor.rms == doctest::Approx(0.8 / std::sqrt(2.0)).epsilon(0.05));
    CHECK(std::abs(tremor.peak_frequency_hz - 3.5) < 0.1);
}

TEST_CASE("spectra refuse gaps and too-short series") {
    CHECK_THROWS_AS(welch_psd({1, 2, 3}, 100), Error);
    std::vector<double> x(100, 1.0);
    x[50] = std::nan("");
    CHECK_THROWS_AS(welch_psd(x, 100), Error);
    CHECK_THROWS_AS(welch_psd(std::vector<double>(100, 1.0), 0), Error);
}
