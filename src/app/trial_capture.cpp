#include "trial_capture.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <functional>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/core/time.hpp"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace purkinje::app {
namespace {
constexpr std::size_t kTraceLength = 600;  // frames kept for the live traces

template <typename T>
void push_bounded(std::vector<T>& v, T value) {
    if (v.size() >= kTraceLength) v.erase(v.begin(), v.begin() + static_cast<long>(kTraceLength / 4));
    v.push_back(value);
}
// The encoder's queue is bounded by memory, not by time: on a busy machine the video falls behind
// during the trial and catches up after it (the trial ends once the video is written), instead of losing
// frames. 384 MiB hold a 12 s trial of 640x480 grey frames at 100 Hz (1200 x 300 kB) or 14 000 eye-camera
// frames (192x144); beyond it the newest frames are dropped and counted, as before.
constexpr std::size_t kVideoQueueBytes = std::size_t{384} << 20;
constexpr std::size_t kVideoQueueMinFrames = 8;  // whatever their size
constexpr int kVideoNiceIncrement = 10;           // about a tenth of a contended core's share

struct VideoEncoderOptions {
    double rate_hz = 0;
    std::string description;  // the source's describe() line, for the sidecar
    bool grey = false;        // store each frame's luminance (OpenedSource::video_grey)
};

// While the cameras run, the encoder yields the cores to them and the trackers (the live gaze and
// head, and the head-driven target, cannot wait; the video can, in its queue). Linux: the thread's own
// nice value; elsewhere it keeps the default priority. Once the cameras stop, the rest of the queue is
// encoded on the camera's worker at normal priority (a thread cannot take its priority back).
void lower_this_threads_priority() {
#ifdef __linux__
    errno = 0;
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    const int nice_now = getpriority(PRIO_PROCESS, tid);
    if (errno == 0) setpriority(PRIO_PROCESS, tid, std::min(19, nice_now + kVideoNiceIncrement));
#endif
}

// Writes the trial's frames to its lossless video, on a thread of its own during the trial.
class VideoEncoder {
public:
    VideoEncoder(std::filesystem::path folder, std::string stem, VideoEncoderOptions options)
        : folder_(std::move(folder)), stem_(std::move(stem)), options_(std::move(options)), thread_([this] { run(); }) {}
    ~VideoEncoder() { finish(); }

    void push(const capture::Frame& frame) {
        capture::Frame queued = frame;
        // Converted here, on the capture worker, so that the queue holds a third of the bytes.
        if (options_.grey && frame.image.channels() != 1)
            cv::cvtColor(frame.image, queued.image, frame.image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
        const std::size_t bytes = queued.image.total() * queued.image.elemSize();
        {
            std::lock_guard lock(mutex_);
            if (done_ || !problem_.empty()) return;
            if (queue_.size() >= kVideoQueueMinFrames && queued_bytes_ + bytes > kVideoQueueBytes) {
                ++dropped_;  // the newest frame is lost; the timestamps sidecar shows the gap
                return;
            }
            queued_bytes_ += bytes;
            queue_.push_back({std::move(queued), bytes});
            peak_queued_ = std::max(peak_queued_, static_cast<std::int64_t>(queue_.size()));
        }
        ready_.notify_one();
    }
    // Stops taking frames, encodes what is still queued on the calling thread (`left` is told how many
    // frames remain, every few frames) and closes the file; nullopt when nothing was written.
    std::optional<capture::RecordedVideo> finish(const std::function<void(std::int64_t left)>& left = {}) {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        ready_.notify_all();
        if (thread_.joinable()) thread_.join();
        for (std::int64_t n = 0; write_oldest(); ++n)
            if (left && n % 10 == 0) left(queued());
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
    // Frames waiting to be encoded now, and the most that waited at once.
    std::int64_t queued() const {
        std::lock_guard lock(mutex_);
        return static_cast<std::int64_t>(queue_.size());
    }
    std::int64_t peak_queued() const {
        std::lock_guard lock(mutex_);
        return peak_queued_;
    }

private:
    struct Queued {
        capture::Frame frame;
        std::size_t bytes = 0;
    };

    void run() {
        lower_this_threads_priority();
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [&] { return done_ || !queue_.empty(); });
                if (done_) return;  // finish() encodes the rest
            }
            if (!write_oldest()) return;
        }
    }

    // Encodes the oldest queued frame; false when there was none or writing failed. One thread at a
    // time: the encoder's own, then (after it joined) finish()'s caller.
    bool write_oldest() {
        capture::Frame frame;
        {
            std::lock_guard lock(mutex_);
            if (queue_.empty() || !problem_.empty()) return false;
            frame = queue_.front().frame;  // stays queued (and counted) until written
        }
        try {
            if (!writer_) {
                capture::RecordingOptions recording{stem_, {}, true};
                if (options_.grey)
                    recording.metadata["recorded_as"] =
                        "grey: the luminance of each camera frame (BT.601), stored losslessly; the camera's colour is not kept";
                writer_.emplace(folder_, frame.image.size(), frame.image.channels(), options_.rate_hz, options_.description,
                                recording);
            }
            writer_->write(frame);
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex_);
            problem_ = std::string("The trial video could not be written: ") + e.what();
            queue_.clear();
            queued_bytes_ = 0;
            return false;
        }
        std::lock_guard lock(mutex_);
        queued_bytes_ -= queue_.front().bytes;
        queue_.pop_front();
        return true;
    }

    std::filesystem::path folder_;
    std::string stem_;
    VideoEncoderOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Queued> queue_;
    std::size_t queued_bytes_ = 0;
    std::int64_t peak_queued_ = 0;
    bool done_ = false;
    bool finished_ = false;
    std::int64_t dropped_ = 0;
    std::string problem_;
    std::optional<capture::RecordingWriter> writer_;
    std::optional<capture::RecordedVideo> recorded_;
    std::thread thread_;  // last: starts once every member above exists
};

}  // namespace

struct TrialCapture::Camera {
    OpenedSource opened;
    std::unique_ptr<LiveTracking> tracking;  // set before the camera is published; thread-safe itself
    std::string stem;
    std::string role;                          // "camera", or "eye camera" / "head camera" in a paired trial
    TrialSnapshot snapshot;                    // under TrialCapture::mutex_
    std::optional<capture::RecordedVideo> video;
};

TrialCapture::TrialCapture(std::function<OpenedSource()> open, std::filesystem::path video_folder, std::string stem,
                           MakeTracking make_tracking)
    : TrialCapture(OpenSources([open = std::move(open)] {
                       std::vector<OpenedSource> one;
                       one.push_back(open());
                       return one;
                   }),
                   std::move(video_folder), std::move(stem), std::move(make_tracking)) {}

TrialCapture::TrialCapture(OpenSources open, std::filesystem::path video_folder, std::string stem, MakeTracking make_tracking)
    : open_(std::move(open)), make_tracking_(std::move(make_tracking)), folder_(std::move(video_folder)), stem_(std::move(stem)) {
    worker_ = std::thread([this] { run(); });
}

TrialCapture::~TrialCapture() {
    stop_requested_ = true;
    if (worker_.joinable()) worker_.join();
}

TrialSnapshot TrialCapture::snapshot() const {
    std::lock_guard lock(mutex_);
    if (cameras_.empty()) return snapshot_;
    TrialSnapshot s = cameras_.front()->snapshot;
    s.opening = snapshot_.opening;
    s.finished = snapshot_.finished;
    s.error = snapshot_.error;
    s.source_description = snapshot_.source_description;
    return s;
}

std::size_t TrialCapture::camera_count() const {
    std::lock_guard lock(mutex_);
    return cameras_.size();
}

TrialSnapshot TrialCapture::camera_snapshot(std::size_t k) const {
    std::lock_guard lock(mutex_);
    return k < cameras_.size() ? cameras_[k]->snapshot : TrialSnapshot{};
}

std::optional<capture::RecordedVideo> TrialCapture::video() const {
    std::lock_guard lock(mutex_);
    if (cameras_.empty()) return std::nullopt;
    return cameras_.front()->video;
}

std::vector<std::pair<std::string, capture::RecordedVideo>> TrialCapture::videos() const {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, capture::RecordedVideo>> out;
    for (const auto& c : cameras_)
        if (c->video && c->video->frames > 0) out.emplace_back(c->opened.view, *c->video);
    return out;
}

std::vector<StimulusEvent> TrialCapture::schedule() const {
    std::lock_guard lock(mutex_);
    return schedule_;
}

std::optional<TrackingSnapshot> TrialCapture::tracking(std::size_t camera) const {
    std::lock_guard lock(mutex_);
    if (camera >= cameras_.size() || !cameras_[camera]->tracking) return std::nullopt;
    return cameras_[camera]->tracking->snapshot();
}

std::vector<Channel> TrialCapture::channels() const {
    std::lock_guard lock(mutex_);
    std::vector<Channel> out;
    if (!snapshot_.finished) return out;
    for (const auto& c : cameras_)
        if (c->tracking)
            for (auto& channel : c->tracking->channels()) out.push_back(std::move(channel));
    return out;
}

void TrialCapture::run() {
    auto fail = [&](const std::string& message) {
        std::lock_guard lock(mutex_);
        snapshot_.error = message;
        snapshot_.opening = false;
        snapshot_.finished = true;
    };
    std::vector<OpenedSource> opened;
    try {
        opened = open_();
        if (opened.empty()) throw Error(ErrorKind::Internal, "no camera was opened", "trial");
    } catch (const std::exception& e) {
        fail(std::string("The camera could not be started: ") + e.what());
        return;
    }
    const bool paired = opened.size() > 1;
    std::vector<std::unique_ptr<Camera>> cameras;
    std::string description;
    for (auto& o : opened) {
        auto c = std::make_unique<Camera>();
        c->opened = std::move(o);
        c->stem = paired ? stem_ + "_" + c->opened.view : stem_;
        c->role = !paired ? "camera" : c->opened.view == "eye" ? "eye camera" : "head camera";
        if (make_tracking_) {
            try {
                c->tracking = make_tracking_(c->opened);
            } catch (const std::exception& e) {
                fail(std::string("The trackers could not be started: ") + e.what());
                return;
            }
        }
        c->snapshot.view = c->opened.view;
        c->snapshot.source_description = c->opened.source->describe();
        c->snapshot.opening = false;
        description += (description.empty() ? "" : "; ") + (paired ? c->role + ": " : std::string()) + c->snapshot.source_description;
        cameras.push_back(std::move(c));
    }
    {
        std::lock_guard lock(mutex_);
        snapshot_.source_description = description;
        schedule_ = cameras.front()->opened.schedule;
        snapshot_.opening = false;
        cameras_ = std::move(cameras);
    }
    // The live cameras of a paired trial are re-timed from here (see OpenedSource::on_trial_clock).
    const double trial_origin_steady_s = steady_now_s();
    std::vector<std::thread> others;
    for (std::size_t k = 1; k < cameras_.size(); ++k)
        others.emplace_back([this, k, trial_origin_steady_s] { run_camera(*cameras_[k], trial_origin_steady_s); });
    run_camera(*cameras_.front(), trial_origin_steady_s);
    for (auto& t : others) t.join();
    std::lock_guard lock(mutex_);
    for (const auto& c : cameras_)
        if (snapshot_.error.empty() && !c->snapshot.error.empty()) snapshot_.error = c->snapshot.error;
    snapshot_.finished = true;
}

void TrialCapture::run_camera(Camera& camera, double trial_origin_steady_s) {
    const bool retime = cameras_.size() > 1 && !camera.opened.on_trial_clock;
    std::string problem;
    try {
        LiveTracking* trackers = camera.tracking.get();
        capture::FrameSource& source = *camera.opened.source;
        capture::TimingMonitor timing(source.nominal_rate_hz());
        // The camera's queue stays short (the trackers want fresh frames); the video is encoded on its own
        // thread behind a queue bounded by memory (kVideoQueueBytes), so that an encoder slower than the
        // camera on a busy machine delays the video instead of the live view and the head-driven target.
        capture::CaptureOptions capture_options;
        capture_options.queue_capacity = static_cast<std::size_t>(std::max(8.0, source.nominal_rate_hz() / 4));
        VideoEncoderOptions video_options;
        video_options.rate_hz = source.nominal_rate_hz();
        video_options.description = source.describe();
        video_options.grey = camera.opened.video_grey;
        VideoEncoder encoder(folder_, camera.stem, std::move(video_options));
        capture::CaptureThread capture(source, capture_options);
        capture.start();
        double previous_t = -1;
        std::optional<double> clock_offset_s;
        auto& anchor = *camera.opened.steady_s_at_t0;
        while (!capture.finished()) {
            if (stop_requested_) capture.stop();
            auto frame = capture.pop(std::chrono::milliseconds(50));
            if (!frame) continue;
            // Capture time on the steady clock: the source's own anchor where it has one (the paced
            // simulator), else the first frame's arrival here.
            if (std::isnan(anchor.load())) anchor.store(steady_now_s() - frame->t_s);
            const double capture_steady_s = anchor.load() + frame->t_s;
            if (!clock_offset_s) clock_offset_s = retime ? anchor.load() - trial_origin_steady_s : 0.0;
            frame->t_s += *clock_offset_s;
            if (trackers) trackers->push(*frame, capture_steady_s);
            encoder.push(*frame);
            // A full disk or a broken writer: stop recording, keep what is written.
            problem = encoder.problem();
            if (!problem.empty()) capture.stop();
            timing.add(frame->index, frame->t_s);
            const double mean = cv::mean(frame->image)[0];
            std::lock_guard lock(mutex_);
            TrialSnapshot& snap = camera.snapshot;
            frame->image.copyTo(snap.latest);
            snap.latest_index = frame->index;
            snap.latest_t_s = frame->t_s;
            push_bounded(snap.t_s, frame->t_s);
            push_bounded(snap.interval_ms, previous_t < 0 ? NAN : (frame->t_s - previous_t) * 1000.0);
            push_bounded(snap.brightness, mean);
            snap.timing = timing.report();
            snap.stats = capture.stats();
            snap.video_dropped = encoder.dropped();
            snap.video_queued = encoder.queued();
            previous_t = frame->t_s;
            if (!problem.empty()) break;
        }
        capture.stop();
        const auto stats = capture.stats();
        if (problem.empty() && stats.source_state == capture::SourceState::Failed)
            problem = "The " + camera.role + " stopped during the trial (" + stats.source_error +
                      "); the frames recorded so far are kept.";
        // One camera gone ends the trial: the others stop now, keeping what they recorded.
        if (!problem.empty()) stop_requested_ = true;
        if (trackers) trackers->finish();  // tracks what is still queued
        // The video catches up after the camera stopped; the live screen shows how much is left.
        std::optional<capture::RecordedVideo> recorded = encoder.finish([&](std::int64_t left) {
            std::lock_guard lock(mutex_);
            camera.snapshot.video_queued = left;
        });
        if (problem.empty()) problem = encoder.problem();
        std::lock_guard lock(mutex_);
        camera.video = recorded;
        camera.snapshot.stats = stats;
        camera.snapshot.timing = timing.report();
        camera.snapshot.video_dropped = encoder.dropped();
        camera.snapshot.video_queued = 0;
        camera.snapshot.video_peak_queued = encoder.peak_queued();
    } catch (const std::exception& e) {
        problem = "The " + camera.role + " could not record: " + e.what();
        stop_requested_ = true;
    }
    std::lock_guard lock(mutex_);
    camera.snapshot.finished = true;
    camera.snapshot.error = problem;
}

}  // namespace purkinje::app
