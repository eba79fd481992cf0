// Per-frame cost of the lossless FFV1 video a trial keeps, on the virtual patient's own frames (the
// paired VOR trial's cameras: the 192x144 infrared eye camera and the 640x480 face camera with the
// headband; and 320x240), grey against colour. A trial's video keeps up only when a frame is encoded
// in less than the camera's frame interval on the core the encoder gets (10 ms at 100 Hz, 4 ms at 250 Hz).
// Results: docs/performance.md, section "app".

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <opencv2/imgproc.hpp>

#include "purkinje/capture/recording.hpp"
#include "purkinje/sim/patient.hpp"
#include "purkinje/sim/simulated_source.hpp"

using namespace purkinje;

namespace {

constexpr int kFrames = 60;

// kFrames consecutive frames of a head-impulse trial of the virtual patient (vestibular loss preset),
// in `view` at `size`, as `channels` (the face view's BGR frames converted to grey as the app stores them).
std::vector<cv::Mat> patient_frames(sim::View view, cv::Size size, int channels) {
    sim::SimulationConfig config;
    config.patient = sim::load_named_preset("unilateral_vestibular_loss");
    config.task = *sim::task_for_protocol("head_impulse");
    config.view = view;
    config.size = size;
    config.fps = 100;
    config.seconds = 2.5;
    sim::SimulatedSource source(config);
    std::vector<cv::Mat> frames;
    for (int i = 0; i < 2 * kFrames && frames.size() < static_cast<std::size_t>(kFrames); ++i) {
        auto frame = source.next();
        if (!frame) break;
        if (i < 60) continue;  // past the first second, the head moving
        cv::Mat image = frame->image;
        if (channels == 1 && image.channels() == 3) cv::cvtColor(image, image, cv::COLOR_BGR2GRAY);
        if (channels == 3 && image.channels() == 1) cv::cvtColor(image, image, cv::COLOR_GRAY2BGR);
        frames.push_back(image);
    }
    return frames;
}

// Args: width, height, channels, view (0 eye, 1 face).
void BM_TrialVideoFfv1(benchmark::State& state) {
    const cv::Size size(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    const int channels = static_cast<int>(state.range(2));
    const auto view = state.range(3) == 0 ? sim::View::Eye : sim::View::Face;
    const auto frames = patient_frames(view, size, channels);
    if (frames.empty()) {
        state.SkipWithError("the virtual patient rendered no frames");
        return;
    }
    const auto folder = std::filesystem::temp_directory_path() /
                        ("purkinje-bench-trial-video-" + std::to_string(size.width) + "-" + std::to_string(channels));
    std::filesystem::remove_all(folder);
    std::int64_t written = 0;
    std::uintmax_t bytes = 0;
    int run = 0;
    double encoding_s = 0;
    for (auto _ : state) {
        const auto started = std::chrono::steady_clock::now();
        capture::RecordingOptions options;
        options.stem = "run" + std::to_string(run++);
        capture::RecordingWriter writer(folder, size, channels, 100, "benchmark", options);
        capture::Frame frame;
        for (std::size_t i = 0; i < frames.size(); ++i) {
            frame.image = frames[i];
            frame.index = static_cast<std::int64_t>(i);
            frame.t_s = static_cast<double>(i) / 100.0;
            writer.write(frame);
        }
        const auto recorded = writer.finish();
        encoding_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        written += recorded.frames;
        bytes += std::filesystem::file_size(recorded.video);
    }
    state.counters["ms_per_frame"] = encoding_s * 1000.0 / static_cast<double>(written);
    state.counters["kB_per_frame"] = static_cast<double>(bytes) / 1024.0 / static_cast<double>(written);
    std::filesystem::remove_all(folder);
}
BENCHMARK(BM_TrialVideoFfv1)
    ->ArgNames({"w", "h", "channels", "face"})
    ->Args({640, 480, 3, 1})
    ->Args({640, 480, 1, 1})
    ->Args({320, 240, 3, 1})
    ->Args({320, 240, 1, 1})
    ->Args({192, 144, 1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
