// Speed of the trackers on one core (docs/performance.md, ## track).
// Pupil frames are crops/resizes of the real DeepVOG infrared video; when it is absent, the
// pupil benchmarks use a synthetic eye of the same size.

#include <filesystem>
#include <vector>

#include <benchmark/benchmark.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "purkinje/track/pupil.hpp"

using namespace purkinje::track;

namespace {

std::vector<cv::Mat> eye_frames(cv::Size size) {
    std::vector<cv::Mat> frames;
    const std::filesystem::path video = std::filesystem::path(PURKINJE_SOURCE_DIR) / "../shared/data/eye_video/deepvog_demo.mp4";
    cv::VideoCapture capture(video.string());
    cv::Mat frame, grey, resized;
    for (int i = 0; capture.read(frame) && frames.size() < 300; ++i) {
        if (i < 20) continue;  // the video starts dark
        cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
        if (size == grey.size()) {
            frames.push_back(grey.clone());
        } else {
            // The whole frame resized (a smaller sensor); a crop would cut the pupil off at times.
            cv::resize(grey, resized, size, 0, 0, cv::INTER_AREA);
            frames.push_back(resized.clone());
        }
    }
    if (frames.empty()) {
        cv::Mat eye(size, CV_8U, cv::Scalar(150));
        cv::circle(eye, {size.width / 2, size.height / 2}, size.height / 6, cv::Scalar(20), cv::FILLED);
        cv::GaussianBlur(eye, eye, {5, 5}, 1);
        frames.push_back(eye);
    }
    return frames;
}

void pupil_tracking(benchmark::State& state, cv::Size size) {
    const auto frames = eye_frames(size);
    PupilTracker tracker;
    std::int64_t index = 0;
    for (auto _ : state) {
        const PupilResult r = tracker.track(frames[index % frames.size()], index);
        benchmark::DoNotOptimize(r.centre_px);
        ++index;
    }
    state.counters["frames_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK_CAPTURE(pupil_tracking, 192x192, cv::Size(192, 192))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pupil_tracking, 320x240, cv::Size(320, 240))->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
