// Speed of the model fits (docs/performance.md): one patient's reach fit (10 reaches of 2 s at
// 120 Hz), a two-state fit of 300 trials, and the analysis of one head impulse.

#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>

#include "purkinje/model/reach_model.hpp"
#include "purkinje/model/two_state.hpp"
#include "purkinje/model/vor.hpp"

using namespace purkinje::model;

namespace {
std::vector<Reach> reaches(const ReachModelParams& truth, unsigned seed) {
    ReachSampling sampling;
    sampling.seed = seed;
    sampling.random_direction = false;
    sampling.force_noise_cm_s2 = 20;  // a healthy arm's force noise (0.3 N on 1.5 kg), as the virtual patient's
    return sample_model_reaches(truth, sampling);
}

// delta, w, Delta_s, Kp, Kv, duration_s (20 cm), duration_per_cm_s: the virtual patient's range.
const ReachModelParams kPatients[] = {
    {0.30, 0.80, 0.06, 300, 30, 0.57, 0.012}, {-0.25, 0.70, 0.08, 250, 25, 0.55, 0.010},
    {0.20, 0.82, 0.06, 300, 30, 0.72, 0.012}, {0.10, 0.90, 0.07, 350, 35, 0.57, 0.012},
    {0.0, 1.0, 0.06, 300, 30, 0.57, 0.012}};

void BM_ReachFit_10Reaches_2s_120Hz(benchmark::State& state) {
    const auto data = reaches(kPatients[state.range(0)], 11);
    for (auto _ : state) benchmark::DoNotOptimize(fit_reach_model(data));
}
BENCHMARK(BM_ReachFit_10Reaches_2s_120Hz)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

AdaptationSeries series300() {
    AdaptationSeries s;
    for (int n = 0; n < 300; ++n) s.perturbation.push_back(n >= 30 && n < 230 ? 1.0 : 0.0);
    const auto x = simulate_two_state({0.92, 0.12, 0.996, 0.025}, s.perturbation);
    std::mt19937 rng(1);
    std::normal_distribution<double> noise(0, 0.03);
    for (double v : x) s.adaptation.push_back(v + noise(rng));
    return s;
}

void BM_TwoStateFit_300Trials(benchmark::State& state) {
    const auto s = series300();
    TwoStateOptions options;
    options.bootstrap_resamples = 0;
    for (auto _ : state) benchmark::DoNotOptimize(fit_two_state(s, options));
}
BENCHMARK(BM_TwoStateFit_300Trials)->Unit(benchmark::kMillisecond);

void BM_TwoStateFit_300Trials_Bootstrap200(benchmark::State& state) {
    const auto s = series300();
    for (auto _ : state) benchmark::DoNotOptimize(fit_two_state(s));
}
BENCHMARK(BM_TwoStateFit_300Trials_Bootstrap200)->Unit(benchmark::kMillisecond);

void BM_HeadImpulse_175Samples(benchmark::State& state) {
    HeadImpulseTrace t;
    for (int i = 0; i < 175; ++i) {
        const double ms = i * 4.0;
        const double h = ms > 120 && ms < 270 ? 200 * std::sin(std::numbers::pi * (ms - 120) / 150) : 0.0;
        t.head_velocity_dps.push_back(h);
        t.eye_velocity_dps.push_back(0.5 * h + 180 * std::exp(-0.5 * std::pow((ms - 230) / 7.0, 2)));
    }
    for (auto _ : state) benchmark::DoNotOptimize(analyse_head_impulse(t));
}
BENCHMARK(BM_HeadImpulse_175Samples)->Unit(benchmark::kMicrosecond);
}  // namespace

BENCHMARK_MAIN();
