#pragma once
// One trial being recorded, off the UI thread. A worker opens the trial's cameras (building a
// simulated patient takes a moment); each camera then runs on a thread of its own: capture::CaptureThread
// into its bounded queue, every frame to the camera's lossless video (with its timestamp sidecar) and to
// its trackers, and its timing. Several cameras (the eye and head cameras of the vestibular protocols)
// share the trial's clock. The UI only takes snapshots: the latest frame, frame rate, drops, and what
// went wrong. A camera that disappears, or the user's Stop, ends the whole trial; what every camera
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
    std::string view;                // the camera's view ("eye", "face", "hand")
    cv::Mat latest;                  // the newest frame (a copy the UI may keep)
    std::int64_t latest_index = -1;  // changes when a new frame arrived
    double latest_t_s = 0;
    capture::TimingReport timing;
    capture::CaptureStats stats;
    std::int64_t video_dropped = 0;  // frames the video encoder could not keep up with
    std::int64_t video_queued = 0;   // frames waiting to be encoded (after the trial: still to write)
    std::int64_t video_peak_queued = 0;  // after the trial: the most frames that waited at once
    std::vector<double> t_s, interval_ms, brightness;  // recent frames, for the live traces
    std::string source_description;
    bool opening = true;             // the source is still being set up
    bool finished = false;           // the worker is done (ended, stopped or failed)
    std::string error;               // why the trial could not run or ended early
};

// Builds the trial's trackers once the source is open (its rate and field of view are known then);
// may return nullptr (no trackers for this view). Runs on the worker thread.
using MakeTracking = std::function<std::unique_ptr<LiveTracking>(const OpenedSource&)>;

using OpenSources = std::function<std::vector<OpenedSource>()>;

class TrialCapture {
public:
    // `open` runs on the worker thread. The video goes to `video_folder`/`stem`.mkv; every frame also
    // goes to the trackers `make_tracking` builds (on their own thread).
    TrialCapture(std::function<OpenedSource()> open, std::filesystem::path video_folder, std::string stem,
                 MakeTracking make_tracking = {});
    // Several cameras in one trial (each its own video, `stem`_<view>.mkv, and trackers, made per camera).
    TrialCapture(OpenSources open, std::filesystem::path video_folder, std::string stem, MakeTracking make_tracking = {});
    ~TrialCapture();  // stops and joins
    TrialCapture(const TrialCapture&) = delete;
    TrialCapture& operator=(const TrialCapture&) = delete;

    void request_stop() { stop_requested_ = true; }
    // The trial as a whole: the first camera's frames and meters, `opening` until every camera opened,
    // `finished` once all are done, `error` the first problem of any camera.
    TrialSnapshot snapshot() const;
    // The cameras (0 until opened) and each one's own snapshot.
    std::size_t camera_count() const;
    TrialSnapshot camera_snapshot(std::size_t k) const;
    // After finished: the first camera's recorded video (nullopt when nothing was recorded), every
    // camera's that recorded (view, video), and the stimulus log.
    std::optional<capture::RecordedVideo> video() const;
    std::vector<std::pair<std::string, capture::RecordedVideo>> videos() const;
    std::vector<StimulusEvent> schedule() const;
    // A camera's trackers' live view (nullopt before the sources opened, or without trackers).
    std::optional<TrackingSnapshot> tracking(std::size_t camera = 0) const;
    // After finished: the tracked channels of every camera (empty without trackers).
    std::vector<Channel> channels() const;

private:
    struct Camera;
    void run();
    void run_camera(Camera& camera, double trial_origin_steady_s);

    OpenSources open_;
    MakeTracking make_tracking_;
    std::filesystem::path folder_;
    std::string stem_;
    std::atomic<bool> stop_requested_{false};
    mutable std::mutex mutex_;
    TrialSnapshot snapshot_;                       // before the cameras opened, and the trial's end state
    std::vector<std::unique_ptr<Camera>> cameras_;  // set once on the worker, under mutex_
    std::vector<StimulusEvent> schedule_;
    std::thread worker_;
};

}  // namespace purkinje::app
