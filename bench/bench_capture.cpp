// Capture path costs: what the capture thread and its bounded queue add per frame (640x480 grey and
// colour), and whether recording (FFV1) and hashing keep up with a 120-250 Hz camera.
// Results: docs/performance.md, section "capture".

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>
#include <opencv2/core.hpp>

#include "purkinje/capture/capture_thread.hpp"
#include "purkinje/capture/recording.hpp"
#include "purkinje/capture/sha256.hpp"

using namespace purkinje;
using namespace purkinje::capture;

namespace {

const cv::Size kVga{640, 480};

// Hands out a fresh copy of a pooled image per frame, as a camera backend hands out a fresh buffer
// (the queue itself never copies pixels). With `rate_hz` > 0 it paces itself like a camera and stamps each frame
// with the steady clock, so the consumer can measure how long the frame spent in the capture path.
class PoolSource final : public FrameSource {
public:
    PoolSource(int channels, std::int64_t count, double rate_hz) : count_(count), rate_hz_(rate_hz) {
        cv::RNG random(1);
        for (int i = 0; i < 4; ++i) {
            cv::Mat image(kVga, CV_8UC(channels));
            random.fill(image, cv::RNG::UNIFORM, 0, 256);
            pool_.push_back(image);
        }
        start_s_ = steady_now_s();
    }
    std::optional<Frame> next() override {
        if (index_ >= count_) {
            state_ = SourceState::Ended;
            return std::nullopt;
        }
        if (rate_hz_ > 0) {
            const double due = start_s_ + static_cast<double>(index_) / rate_hz_;
            while (steady_now_s() < due) std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
        Frame frame;
        frame.image = pool_[static_cast<std::size_t>(index_ % 4)].clone();
        frame.index = index_++;
        frame.t_s = steady_now_s();
        frame.origin = TimestampOrigin::SteadyClock;
        return frame;
    }
    SourceState state() const override { return state_; }
    double nominal_rate_hz() const override { return rate_hz_; }
    cv::Size frame_size() const override { return kVga; }
    std::string describe() const override { return "benchmark pool"; }

private:
    std::vector<cv::Mat> pool_;
    std::int64_t count_;
    double rate_hz_;
    std::int64_t index_ = 0;
    double start_s_ = 0;
    SourceState state_ = SourceState::Running;
};

// Baseline: the same source read directly on one thread, no capture thread, no queue.
void BM_DirectFrames(benchmark::State& state) {
    const int channels = static_cast<int>(state.range(0));
    std::int64_t frames = 0;
    for (auto _ : state) {
        PoolSource source(channels, 2000, 0);
        while (auto frame = source.next()) {
            benchmark::DoNotOptimize(frame->image.data);
            ++frames;
        }
    }
    state.counters["frames_per_s"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DirectFrames)->Arg(1)->Arg(3)->ArgName("channels")->Unit(benchmark::kMillisecond)->UseRealTime();

// Frames per second through source -> capture thread -> bounded queue (8) -> consumer, unpaced.
void BM_CaptureQueueThroughput(benchmark::State& state) {
    const int channels = static_cast<int>(state.range(0));
    std::int64_t delivered = 0, dropped = 0;
    for (auto _ : state) {
        PoolSource source(channels, 2000, 0);
        CaptureOptions options;
        options.queue_capacity = 8;
        CaptureThread capture(source, options);
        capture.start();
        while (!capture.finished()) {
            if (auto frame = capture.pop(std::chrono::milliseconds(10))) benchmark::DoNotOptimize(frame->image.data);
        }
        delivered += capture.stats().delivered;
        dropped += capture.stats().dropped;
    }
    state.counters["frames_per_s"] = benchmark::Counter(static_cast<double>(delivered + dropped), benchmark::Counter::kIsRate);
    state.counters["delivered_per_s"] = benchmark::Counter(static_cast<double>(delivered), benchmark::Counter::kIsRate);
    state.counters["dropped_fraction"] = static_cast<double>(dropped) / static_cast<double>(delivered + dropped);
}
BENCHMARK(BM_CaptureQueueThroughput)->Arg(1)->Arg(3)->ArgName("channels")->Unit(benchmark::kMillisecond)->UseRealTime();

// Time a frame spends between the source handing it out and the consumer receiving it, at a paced
// 500 Hz (faster than any camera Purkinje expects): the latency the capture path adds per frame.
void BM_CaptureQueueAddedLatency(benchmark::State& state) {
    const int channels = static_cast<int>(state.range(0));
    std::vector<double> latencies_us;
    for (auto _ : state) {
        PoolSource source(channels, 1000, 500);
        CaptureOptions options;
        options.queue_capacity = 8;
        CaptureThread capture(source, options);
        capture.start();
        while (!capture.finished()) {
            if (auto frame = capture.pop(std::chrono::milliseconds(10))) {
                latencies_us.push_back((steady_now_s() - frame->t_s) * 1e6);
            }
        }
    }
    std::sort(latencies_us.begin(), latencies_us.end());
    double sum = 0;
    for (double l : latencies_us) sum += l;
    state.counters["mean_added_us"] = sum / static_cast<double>(latencies_us.size());
    state.counters["median_added_us"] = latencies_us[latencies_us.size() / 2];
    state.counters["p99_added_us"] = latencies_us[latencies_us.size() * 99 / 100];
    state.counters["max_added_us"] = latencies_us.back();
}
BENCHMARK(BM_CaptureQueueAddedLatency)->Arg(1)->Arg(3)->ArgName("channels")->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// Lossless FFV1 recording of 640x480 frames: must beat the camera's rate or the recorder drops frames.
void BM_Ffv1Recording(benchmark::State& state) {
    const int channels = static_cast<int>(state.range(0));
    const auto folder = std::filesystem::temp_directory_path() / ("purkinje-bench-ffv1-" + std::to_string(channels));
    std::filesystem::remove_all(folder);
    cv::Mat image(kVga, CV_8UC(channels));
    // A smooth image with noise, closer to an eye than uniform noise (which FFV1 cannot compress).
    for (int y = 0; y < image.rows; ++y) {
        for (int x = 0; x < image.cols * channels; ++x) image.ptr<unsigned char>(y)[x] = static_cast<unsigned char>((x / 3 + y) / 4);
    }
    cv::Mat noise(kVga, CV_8UC(channels));
    cv::RNG(3).fill(noise, cv::RNG::NORMAL, 0, 4);
    image += noise;
    std::int64_t frames = 0;
    std::uintmax_t bytes = 0;
    int run = 0;
    for (auto _ : state) {
        RecordingOptions options;
        options.stem = "run" + std::to_string(run++);
        RecordingWriter writer(folder, kVga, channels, 120, "benchmark", options);
        Frame frame;
        frame.image = image;
        for (int i = 0; i < 120; ++i) {
            frame.index = i;
            frame.t_s = i / 120.0;
            writer.write(frame);
        }
        const auto recorded = writer.finish();
        frames += recorded.frames;
        bytes += std::filesystem::file_size(recorded.video);
    }
    state.counters["frames_per_s"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
    state.counters["kB_per_frame"] = static_cast<double>(bytes) / 1024.0 / static_cast<double>(frames);
    std::filesystem::remove_all(folder);
}
BENCHMARK(BM_Ffv1Recording)->Arg(1)->Arg(3)->ArgName("channels")->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Sha256File(benchmark::State& state) {
    const auto path = std::filesystem::temp_directory_path() / "purkinje-bench-sha256.bin";
    {
        std::vector<char> data(64 << 20, 'x');
        std::FILE* file = std::fopen(path.c_str(), "wb");
        std::fwrite(data.data(), 1, data.size(), file);
        std::fclose(file);
    }
    for (auto _ : state) benchmark::DoNotOptimize(sha256_file(path));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * (64 << 20));
    std::filesystem::remove(path);
}
BENCHMARK(BM_Sha256File)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
