#pragma once
// One trial being recorded, off the UI thread. A worker opens the source (building a simulated
// patient takes a moment), runs capture::CaptureThread into its bounded queue, writes every frame to
// the trial's lossless video, and keeps the timing. The UI only takes snapshots: the latest frame,
// frame rate, drops, and what went wrong. A camera that disappears ends the trial early; what was
// recorded up to then is kept.

#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "purkinje/capture/capture_thread.hpp"
#include "purkinje/capture/recording.hpp"
#include "purkinje/capture/timing.hpp"
#include "live_tracking.hpp"
#include "session_plan.hpp"

namespace purkinje::app {

struct TrialSnapshot {
    cv::Mat latest;                  // the newest frame (a copy the UI may keep)
    std::int64_t latest_index = -1;  // changes when a new frame arrived
    double latest_t_s = 0;
    capture::TimingReport timing;
    capture::CaptureStats stats;
    std::int64_t video_dropped = 0;  // frames the video encoder could not keep up with
    std::vector<double> t_s, interval_ms, brightness;  // recent frames, for the live traces
    std::string source_description;
    bool opening = true;             // the source is still being set up
    bool finished = false;           // the worker is done (ended, stopped or failed)
    std::string error;               // why the trial could not run or ended early
};

// Builds the trial's trackers once the source is open (its rate and field of view are known then);
// may return nullptr (no trackers for this view). Runs on the worker thread.
using MakeTracking = std::function<std::unique_ptr<LiveTracking>(const OpenedSource&)>;

class TrialCapture {
public:
    // `open` runs on the worker thread. The video goes to `video_folder`/`stem`.mkv; every frame also
    // goes to the trackers `make_tracking` builds (on their own thread).
    TrialCapture(std::function<OpenedSource()> open, std::filesystem::path video_folder, std::string stem,
                 MakeTracking make_tracking = {});
    ~TrialCapture();  // stops and joins
    TrialCapture(const TrialCapture&) = delete;
    TrialCapture& operator=(const TrialCapture&) = delete;

    void request_stop() { stop_requested_ = true; }
    TrialSnapshot snapshot() const;
    // After finished: the recorded video (nullopt when nothing was recorded) and the stimulus log.
    std::optional<capture::RecordedVideo> video() const;
    std::vector<StimulusEvent> schedule() const;
    // The trackers' live view (nullopt before the source opened, or without trackers).
    std::optional<TrackingSnapshot> tracking() const;
    // After finished: the tracked channels (empty without trackers).
    std::vector<Channel> channels() const;

private:
    void run();

    std::function<OpenedSource()> open_;
    MakeTracking make_tracking_;
    std::unique_ptr<LiveTracking> tracking_;  // set once on the worker, under mutex_
    std::filesystem::path folder_;
    std::string stem_;
    std::atomic<bool> stop_requested_{false};
    mutable std::mutex mutex_;
    TrialSnapshot snapshot_;
    std::optional<capture::RecordedVideo> video_;
    std::vector<StimulusEvent> schedule_;
    std::thread worker_;
};

}  // namespace purkinje::app
