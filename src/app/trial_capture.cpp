#include "trial_capture.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <opencv2/core.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/core/time.hpp"

namespace purkinje::app {
namespace {
constexpr std::size_t kTraceLength = 600;  // frames kept for the live traces

template <typename T>
void push_bounded(std::vector<T>& v, T value) {
    if (v.size() >= kTraceLength) v.erase(v.begin(), v.begin() + static_cast<long>(kTraceLength / 4));
    v.push_back(value);
}
// Writes the trial's frames to its lossless video on a thread of its own.
class VideoEncoder {
public:
    VideoEncoder(std::filesystem::path folder, std::string stem, double rate_hz, std::string description, std::size_t capacity)
        : folder_(std::move(folder)), stem_(std::move(stem)), rate_hz_(rate_hz), description_(std::move(description)),
          capacity_(capacity), thread_([this] { run(); }) {}
    ~VideoEncoder() { finish(); }

    void push(const capture::Frame& frame) {
        {
            std::lock_guard lock(mutex_);
            if (done_ || !problem_.empty()) return;
            if (queue_.size() >= capacity_) {
                ++dropped_;  // the newest frame is lost; the timestamps sidecar shows the gap
                return;
            }
            queue_.push_back(frame);
        }
        ready_.notify_one();
    }
    // Encodes what is queued and closes the file; nullopt when nothing was written.
    std::optional<capture::RecordedVideo> finish() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        ready_.notify_all();
        if (thread_.joinable()) thread_.join();
        if (!writer_ || finished_) return recorded_;
        finished_ = true;
        try {
            recorded_ = writer_->finish();
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex_);
            if (problem_.empty()) problem_ = std::string("The trial video could not be closed: ") + e.what();
        }
        return recorded_;
    }
    std::string problem() const {
        std::lock_guard lock(mutex_);
        return problem_;
    }
    std::int64_t dropped() const {
        std::lock_guard lock(mutex_);
        return dropped_;
    }

private:
    void run() {
        for (;;) {
            capture::Frame frame;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [&] { return done_ || !queue_.empty(); });
                if (queue_.empty() || !problem_.empty()) return;
                frame = std::move(queue_.front());
                queue_.pop_front();
            }
            try {
                if (!writer_)
                    writer_.emplace(folder_, frame.image.size(), frame.image.channels(), rate_hz_, description_,
                                    capture::RecordingOptions{stem_, {}, true});
                writer_->write(frame);
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex_);
                problem_ = std::string("The trial video could not be written: ") + e.what();
                queue_.clear();
            }
        }
    }

    std::filesystem::path folder_;
    std::string stem_;
    double rate_hz_;
    std::string description_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<capture::Frame> queue_;
    bool done_ = false;
    bool finished_ = false;
    std::int64_t dropped_ = 0;
    std::string problem_;
    std::optional<capture::RecordingWriter> writer_;
    std::optional<capture::RecordedVideo> recorded_;
    std::thread thread_;  // last: starts once every member above exists
};

}  // namespace

TrialCapture::TrialCapture(std::function<OpenedSource()> open, std::filesystem::path video_folder, std::string stem,
                           MakeTracking make_tracking)
    : open_(std::move(open)), make_tracking_(std::move(make_tracking)), folder_(std::move(video_folder)), stem_(std::move(stem)) {
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

std::optional<TrackingSnapshot> TrialCapture::tracking() const {
    std::lock_guard lock(mutex_);
    if (!tracking_) return std::nullopt;
    return tracking_->snapshot();
}

std::vector<Channel> TrialCapture::channels() const {
    std::lock_guard lock(mutex_);
    if (!tracking_ || !snapshot_.finished) return {};
    return tracking_->channels();
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
    std::unique_ptr<LiveTracking> tracking;
    if (make_tracking_) {
        try {
            tracking = make_tracking_(opened);
        } catch (const std::exception& e) {
            fail(std::string("The trackers could not be started: ") + e.what());
            return;
        }
    }
    {
        std::lock_guard lock(mutex_);
        snapshot_.source_description = opened.source->describe();
        schedule_ = opened.schedule;
        snapshot_.opening = false;
        tracking_ = std::move(tracking);
    }
    LiveTracking* trackers = tracking_.get();  // owned until this object goes; only this thread feeds it
    capture::FrameSource& source = *opened.source;
    capture::TimingMonitor timing(source.nominal_rate_hz());
    // The camera's queue stays short (the trackers want fresh frames); the video is encoded on its own
    // thread behind a two-second queue, so that an encoder hiccup on a busy machine delays the video
    // instead of the live view and the head-driven target.
    capture::CaptureOptions capture_options;
    capture_options.queue_capacity = static_cast<std::size_t>(std::max(8.0, source.nominal_rate_hz() / 4));
    VideoEncoder encoder(folder_, stem_, source.nominal_rate_hz(), source.describe(),
                         static_cast<std::size_t>(std::max(8.0, source.nominal_rate_hz() * 2)));
    capture::CaptureThread capture(source, capture_options);
    capture.start();
    std::string problem;
    double previous_t = -1;
    while (!capture.finished()) {
        if (stop_requested_) capture.stop();
        auto frame = capture.pop(std::chrono::milliseconds(50));
        if (!frame) continue;
        if (trackers) {
            // Capture time on the steady clock: the source's own anchor where it has one (the paced
            // simulator), else the first frame's arrival here.
            if (std::isnan(opened.steady_s_at_t0->load())) opened.steady_s_at_t0->store(steady_now_s() - frame->t_s);
            trackers->push(*frame, opened.steady_s_at_t0->load() + frame->t_s);
        }
        encoder.push(*frame);
        // A full disk or a broken writer: stop recording, keep what is written.
        problem = encoder.problem();
        if (!problem.empty()) capture.stop();
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
        snapshot_.video_dropped = encoder.dropped();
        previous_t = frame->t_s;
        if (!problem.empty()) break;
    }
    capture.stop();
    if (trackers) trackers->finish();  // tracks what is still queued
    std::optional<capture::RecordedVideo> recorded = encoder.finish();
    if (problem.empty()) problem = encoder.problem();
    const auto stats = capture.stats();
    if (problem.empty() && stats.source_state == capture::SourceState::Failed)
        problem = "The camera stopped during the trial (" + stats.source_error + "); the frames recorded so far are kept.";
    std::lock_guard lock(mutex_);
    video_ = recorded;
    snapshot_.stats = stats;
    snapshot_.timing = timing.report();
    snapshot_.video_dropped = encoder.dropped();
    snapshot_.finished = true;
    snapshot_.error = problem;
}

}  // namespace purkinje::app
