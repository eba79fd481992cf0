#include "trial_capture.hpp"

#include <algorithm>
#include <opencv2/core.hpp>

#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {
constexpr std::size_t kTraceLength = 600;  // frames kept for the live traces

template <typename T>
void push_bounded(std::vector<T>& v, T value) {
    if (v.size() >= kTraceLength) v.erase(v.begin(), v.begin() + static_cast<long>(kTraceLength / 4));
    v.push_back(value);
}
}  // namespace

TrialCapture::TrialCapture(std::function<OpenedSource()> open, std::filesystem::path video_folder, std::string stem)
    : open_(std::move(open)), folder_(std::move(video_folder)), stem_(std::move(stem)) {
    worker_ = std::thread([this] { run(); });
}

TrialCapture::~TrialCapture() {
    stop_requested_ = true;
    if (worker_.joinable()) worker_.join();
}

TrialSnapshot TrialCapture::snapshot() const {
    std::lock_guard lock(mutex_);
    return snapshot_;
}

std::optional<capture::RecordedVideo> TrialCapture::video() const {
    std::lock_guard lock(mutex_);
    return video_;
}

std::vector<StimulusEvent> TrialCapture::schedule() const {
    std::lock_guard lock(mutex_);
    return schedule_;
}

void TrialCapture::run() {
    auto fail = [&](const std::string& message) {
        std::lock_guard lock(mutex_);
        snapshot_.error = message;
        snapshot_.opening = false;
        snapshot_.finished = true;
    };
    OpenedSource opened;
    try {
        opened = open_();
    } catch (const std::exception& e) {
        fail(std::string("The camera could not be started: ") + e.what());
        return;
    }
    {
        std::lock_guard lock(mutex_);
        snapshot_.source_description = opened.source->describe();
        schedule_ = opened.schedule;
        snapshot_.opening = false;
    }
    capture::FrameSource& source = *opened.source;
    capture::TimingMonitor timing(source.nominal_rate_hz());
    std::optional<capture::RecordingWriter> writer;
    // A recorded trial should keep every frame: the queue holds two seconds, so an encoder hiccup on a
    // busy machine delays the video instead of dropping frames from it.
    capture::CaptureOptions capture_options;
    capture_options.queue_capacity = static_cast<std::size_t>(std::max(8.0, source.nominal_rate_hz() * 2));
    capture::CaptureThread capture(source, capture_options);
    capture.start();
    std::string problem;
    double previous_t = -1;
    while (!capture.finished()) {
        if (stop_requested_) capture.stop();
        auto frame = capture.pop(std::chrono::milliseconds(50));
        if (!frame) continue;
        try {
            if (!writer)
                writer.emplace(folder_, frame->image.size(), frame->image.channels(), source.nominal_rate_hz(),
                               source.describe(), capture::RecordingOptions{stem_, {}, true});
            writer->write(*frame);
        } catch (const std::exception& e) {
            // A full disk or a broken writer: stop recording, keep what is written.
            problem = std::string("The trial video could not be written: ") + e.what();
            capture.stop();
        }
        timing.add(frame->index, frame->t_s);
        const double mean = cv::mean(frame->image)[0];
        std::lock_guard lock(mutex_);
        frame->image.copyTo(snapshot_.latest);
        snapshot_.latest_index = frame->index;
        snapshot_.latest_t_s = frame->t_s;
        push_bounded(snapshot_.t_s, frame->t_s);
        push_bounded(snapshot_.interval_ms, previous_t < 0 ? NAN : (frame->t_s - previous_t) * 1000.0);
        push_bounded(snapshot_.brightness, mean);
        snapshot_.timing = timing.report();
        snapshot_.stats = capture.stats();
        previous_t = frame->t_s;
        if (!problem.empty()) break;
    }
    capture.stop();
    std::optional<capture::RecordedVideo> recorded;
    if (writer) {
        try {
            recorded = writer->finish();
        } catch (const std::exception& e) {
            if (problem.empty()) problem = std::string("The trial video could not be closed: ") + e.what();
        }
    }
    const auto stats = capture.stats();
    if (problem.empty() && stats.source_state == capture::SourceState::Failed)
        problem = "The camera stopped during the trial (" + stats.source_error + "); the frames recorded so far are kept.";
    std::lock_guard lock(mutex_);
    video_ = recorded;
    snapshot_.stats = stats;
    snapshot_.timing = timing.report();
    snapshot_.finished = true;
    snapshot_.error = problem;
}

}  // namespace purkinje::app
