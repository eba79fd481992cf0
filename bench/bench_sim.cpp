// Frames rendered per second by the simulator, per view and size (one core), and the cost of the
// plant models per simulated second. The demo needs a 640x480 face view faster than 120 fps.

#include <benchmark/benchmark.h>

#include "purkinje/sim/eye_renderer.hpp"
#include "purkinje/sim/movements.hpp"
#include "purkinje/sim/scene_renderers.hpp"

using namespace purkinje::sim;

static void BM_EyeFrame(benchmark::State& state) {
    EyeRenderSettings settings;
    settings.size = {int(state.range(0)), int(state.range(1))};
    const EyeCameraRenderer renderer(settings, 1);
    std::int64_t k = 0;
    for (auto _ : state) {
        EyePose pose;
        pose.h_deg = 15 * std::sin(0.01 * double(k));
        pose.v_deg = 8 * std::cos(0.013 * double(k));
        pose.vel_h_deg_s = (k % 10 == 0) ? 300 : 0;  // one frame in ten mid-saccade (motion blur)
        benchmark::DoNotOptimize(renderer.render(pose, k++));
    }
    state.counters["frames_per_s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EyeFrame)->Args({192, 192})->Args({320, 240})->Args({640, 480})->Unit(benchmark::kMillisecond);

static void BM_FaceFrame(benchmark::State& state) {
    SceneSettings settings;
    settings.size = {int(state.range(0)), int(state.range(1))};
    const FaceRenderer renderer(settings, 1);
    std::int64_t k = 0;
    for (auto _ : state) {
        FacePose pose;
        pose.head.yaw_deg = 20 * std::sin(0.02 * double(k));
        pose.gaze_h_deg = 10 * std::sin(0.05 * double(k));
        benchmark::DoNotOptimize(renderer.render(pose, double(k) / 120, k));
        ++k;
    }
    state.counters["frames_per_s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FaceFrame)->Args({320, 240})->Args({640, 480})->Args({1280, 720})->Unit(benchmark::kMillisecond);

static void BM_HandFrame(benchmark::State& state) {
    SceneSettings settings;
    settings.size = {int(state.range(0)), int(state.range(1))};
    settings.fingertip_aruco = true;
    const HandRenderer renderer(settings, 1);
    std::int64_t k = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(renderer.render(10 * std::sin(0.02 * double(k)), 5 * std::cos(0.03 * double(k)),
                                                 double(k) / 60, k));
        ++k;
    }
    state.counters["frames_per_s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HandFrame)->Args({320, 240})->Args({640, 480})->Unit(benchmark::kMillisecond);

static void BM_Movements(benchmark::State& state) {
    const Task task = Task(state.range(0));
    PatientParams patient;
    for (auto _ : state) benchmark::DoNotOptimize(simulate_movements(patient, task, 10.0, 3));
    state.SetLabel(std::string(to_string(task)) + ", 10 s simulated");
}
BENCHMARK(BM_Movements)
    ->Arg(int(Task::Saccades))
    ->Arg(int(Task::HeadImpulse))
    ->Arg(int(Task::FingerChase))
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
