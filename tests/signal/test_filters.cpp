#include <cmath>
#include <doctest/doctest.h>
#include <limits>
#include <numeric>
#include <random>

#include "purkinje/core/error.hpp"
#include "purkinje/signal/filters.hpp"

using namespace purkinje;
using namespace purkinje::signal;

TEST_CASE("Savitzky-Golay reproduces a quadratic and its derivatives exactly, edges included") {
    const double dt = 0.002;
    std::vector<double> x(50);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double t = double(i) * dt;
        x[i] = 3 + 2 * t - 40 * t * t;
    }
    const SavitzkyGolay sg{11, 2};
    const auto y = savitzky_golay(x, sg, 0, dt);
    const auto v = savitzky_golay(x, sg, 1, dt);
    const auto a = savitzky_golay(x, sg, 2, dt);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double t = double(i) * dt;
        CHECK(y[i] == doctest::Approx(x[i]).epsilon(1e-9));
        CHECK(v[i] == doctest::Approx(2 - 80 * t).epsilon(1e-7));
        CHECK(a[i] == doctest::Approx(-80).epsilon(1e-6));
    }
}

TEST_CASE("Savitzky-Golay smoothing weights sum to one and derivative weights to zero") {
    const auto w0 = savitzky_golay_weights({7, 2}, 0, 1.0);
    const auto w1 = savitzky_golay_weights({7, 2}, 1, 1.0);
    CHECK(std::accumulate(w0.begin(), w0.end(), 0.0) == doctest::Approx(1.0));
    CHECK(std::accumulate(w1.begin(), w1.end(), 0.0) == doctest::Approx(0.0));
    // The textbook 7-point quadratic smoother: (-2, 3, 6, 7, 6, 3, -2) / 21.
    CHECK(w0[0] == doctest::Approx(-2.0 / 21));
    CHECK(w0[3] == doctest::Approx(7.0 / 21));
    CHECK_THROWS_AS(savitzky_golay_weights({6, 2}, 0, 1.0), Error);
}

TEST_CASE("Savitzky-Golay with gaps leaves the gap missing and filters each side on its own") {
    std::vector<double> x(40, 1.0);
    for (std::size_t i = 15; i < 20; ++i) x[i] = std::numeric_limits<double>::quiet_NaN();
    const auto y = savitzky_golay_with_gaps(x, {7, 2}, 0, 1.0);
    CHECK(std::isnan(y[17]));
    CHECK(y[14] == doctest::Approx(1.0));
    CHECK(y[20] == doctest::Approx(1.0));
}

TEST_CASE("zero-phase Butterworth: passes a slow sine untouched in phase, removes a fast one") {
    const double rate = 500;
    std::vector<double> slow(2000), mixed(2000);
    for (std::size_t i = 0; i < slow.size(); ++i) {
        const double t = double(i) / rate;
        slow[i] = std::sin(2 * M_PI * 2 * t);
        mixed[i] = slow[i] + 0.5 * std::sin(2 * M_PI * 80 * t);
    }
    const auto y = butterworth_filtfilt(mixed, {FilterBand::LowPass, 4, 20, 0}, rate);
    double worst = 0;
    for (std::size_t i = 100; i < 1900; ++i) worst = std::max(worst, std::abs(y[i] - slow[i]));
    CHECK(worst < 0.01);  // no phase lag: the filtered trace lies on the slow sine
}

TEST_CASE("Butterworth band-pass keeps a 4 Hz tremor and removes drift and noise") {
    const double rate = 250;
    std::vector<double> x(2500), tremor(2500);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double t = double(i) / rate;
        tremor[i] = 0.3 * std::sin(2 * M_PI * 4 * t);
        x[i] = tremor[i] + 2 * t + 0.2 * std::sin(2 * M_PI * 40 * t);
    }
    const auto y = butterworth_filtfilt(x, {FilterBand::BandPass, 2, 1, 16}, rate);
    double worst = 0;
    for (std::size_t i = 500; i < 2000; ++i) worst = std::max(worst, std::abs(y[i] - tremor[i]));
    CHECK(worst < 0.03);
}

TEST_CASE("Butterworth refuses cut-offs outside the band the sample rate allows") {
    CHECK_THROWS_AS(butterworth_sections({FilterBand::LowPass, 2, 300, 0}, 500), Error);
    CHECK_THROWS_AS(butterworth_sections({FilterBand::BandPass, 2, 8, 4}, 500), Error);
    CHECK_THROWS_AS(butterworth_filtfilt({1.0, std::nan(""), 2.0, 3.0}, {FilterBand::LowPass, 2, 10, 0}, 500),
                    Error);
}
