// Speed of the signal stage: one hour of 500 Hz gaze classified (target: under 1 s on one core), and
// the filters and spectra on the same length. Results in docs/performance.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "purkinje/signal/filters.hpp"
#include "purkinje/signal/gaze_events.hpp"
#include "purkinje/signal/spectrum.hpp"

namespace {

struct Gaze {
    std::vector<double> t, x, y;
};

// Fixations of 150-500 ms joined by main-sequence saccades of 1-15 deg, 0.02 deg noise, and a 150 ms
// blink every ~10 s: the mix of a free-viewing recording.
const Gaze& hour_of_gaze() {
    static const Gaze g = [] {
        Gaze out;
        const double rate = 500;
        const std::size_t n = std::size_t(3600 * rate);
        out.t.resize(n);
        out.x.resize(n);
        out.y.resize(n);
        std::mt19937 rng(1);
        std::normal_distribution<double> noise(0, 0.02);
        std::uniform_real_distribution<double> fix(0.15, 0.5), amp(1, 15), dir(0, 2 * M_PI), blink(0, 1);
        double px = 0, py = 0;
        std::size_t i = 0;
        while (i < n) {
            const std::size_t fixation = std::size_t(fix(rng) * rate);
            const bool is_blink = blink(rng) < 0.03;
            for (std::size_t k = 0; k < fixation && i < n; ++k, ++i) {
                out.t[i] = double(i) / rate;
                const bool lost = is_blink && k > 20 && k < 95;
                out.x[i] = lost ? std::numeric_limits<double>::quiet_NaN() : px + noise(rng);
                out.y[i] = lost ? std::numeric_limits<double>::quiet_NaN() : py + noise(rng);
            }
            const double a = amp(rng), d = dir(rng);
            double tx = std::clamp(px + a * std::cos(d), -15.0, 15.0), ty = std::clamp(py + a * std::sin(d), -10.0, 10.0);
            const std::size_t len = std::size_t((2.2 * std::hypot(tx - px, ty - py) + 21) / 1000 * rate);
            for (std::size_t k = 0; k < len && i < n; ++k, ++i) {
                const double tau = double(k + 1) / double(len);
                const double s = tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
                out.t[i] = double(i) / rate;
                out.x[i] = px + s * (tx - px) + noise(rng);
                out.y[i] = py + s * (ty - py) + noise(rng);
            }
            px = tx;
            py = ty;
        }
        return out;
    }();
    return g;
}

void BM_ClassifyHourOfGaze500Hz(benchmark::State& state) {
    const Gaze& g = hour_of_gaze();
    std::size_t saccades = 0;
    for (auto _ : state) {
        const auto result = purkinje::signal::classify_gaze(g.t, g.x, g.y, {}, 500);
        saccades = result.count(purkinje::signal::EyeMovement::Saccade);
        benchmark::DoNotOptimize(result.labels.data());
    }
    state.counters["samples"] = double(g.t.size());
    state.counters["saccades"] = double(saccades);
}
BENCHMARK(BM_ClassifyHourOfGaze500Hz)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_SavitzkyGolayVelocityHour(benchmark::State& state) {
    const Gaze& g = hour_of_gaze();
    for (auto _ : state) {
        auto v = purkinje::signal::savitzky_golay_with_gaps(g.x, {11, 2}, 1, 0.002);
        benchmark::DoNotOptimize(v.data());
    }
}
BENCHMARK(BM_SavitzkyGolayVelocityHour)->Unit(benchmark::kMillisecond);

void BM_ButterworthFiltfiltHour(benchmark::State& state) {
    const Gaze& g = hour_of_gaze();
    for (auto _ : state) {
        auto v = purkinje::signal::butterworth_filtfilt_with_gaps(
            g.x, {purkinje::signal::FilterBand::LowPass, 4, 30, 0}, 500);
        benchmark::DoNotOptimize(v.data());
    }
}
BENCHMARK(BM_ButterworthFiltfiltHour)->Unit(benchmark::kMillisecond);

void BM_WelchTenMinutes250Hz(benchmark::State& state) {
    std::vector<double> x(150000);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(2 * M_PI * 4.2 * double(i) / 250);
    for (auto _ : state) {
        auto psd = purkinje::signal::welch_psd(x, 250);
        benchmark::DoNotOptimize(psd.density.data());
    }
}
BENCHMARK(BM_WelchTenMinutes250Hz)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
