#pragma once
// A session being examined: the plan chosen on the new-session screen, the trials recorded so far,
// and the trial being recorded now. The live screen drives it; saving hands it to the store whole.

#include <filesystem>
#include <functional>
#include <mutex>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calibration_setup.hpp"
#include "gaze_calibration.hpp"
#include "purkinje/assess/analysis.hpp"
#include "purkinje/core/session.hpp"
#include "purkinje/store/database.hpp"
#include "session_plan.hpp"
#include "trial_capture.hpp"

namespace purkinje::app {

struct ExamPlan {
    std::string patient_code;
    std::vector<std::string> protocols;   // in exam order
    SourceChoice source;
    double trial_seconds = 10;
    std::string examiner;
    TrackingCalibration calibration;      // intrinsics, hand board, screen plane (calibration_setup.hpp)
};

// Passes the trackers' head samples (worker thread) on to whoever listens now (the stimulus window,
// opened and closed on the UI thread).
class HeadRelay {
public:
    using Listener = std::function<void(double capture_steady_s, double yaw_deg_s_right)>;
    void set_listener(Listener listener) {
        std::lock_guard lock(mutex_);
        listener_ = std::move(listener);
    }
    void forward(double t_s, double yaw_deg_s) {
        std::lock_guard lock(mutex_);
        if (listener_) listener_(t_s, yaw_deg_s);
    }

private:
    std::mutex mutex_;
    Listener listener_;
};

// The hand view's printed board with the settings' defaults, the virtual patient's
// (sim/scene_renderers.hpp): the green fingertip sticker, and the reference marker (id 10, 5 cm) whose
// centre sits at (-21.67, -7.67) cm in the plane the targets are given in.
TrackingSetup hand_board_setup();

// The trackers of `view` for a trial (built on its worker once the source is open), with the view's
// gaze calibration when there is one; head samples go to `relay`.
MakeTracking tracking_for(const std::string& view, std::optional<track::GazeCalibration> gaze, std::shared_ptr<HeadRelay> relay,
                          bool calibrating = false, const TrackingCalibration& calibration = {});

struct RecordedTrial {
    Trial trial;
    std::string source_description;
    capture::TimingReport timing;
    std::string problem;        // why it ended early, if it did
    // The trackers' counts at the end, summed over the trial's cameras (frames received, tracked,
    // skipped; time per frame).
    std::int64_t tracker_received = 0, tracker_tracked = 0, tracker_skipped = 0;
    double tracker_ms_per_frame = 0;
    std::int64_t video_dropped = 0;
    std::int64_t video_peak_queued = 0;  // the most frames one camera's video had waiting to be encoded
};

class ExamSession {
public:
    ExamSession(ExamPlan plan, std::filesystem::path database_folder);

    const ExamPlan& plan() const { return plan_; }
    // Different for every session object of this run (a pointer may be reused).
    std::uint64_t serial() const { return serial_; }
    std::size_t current_protocol() const { return current_; }
    void select_protocol(std::size_t index);
    const std::vector<RecordedTrial>& trials() const { return trials_; }
    int trials_of(const std::string& protocol) const;

    // Starts a trial of the current protocol (one at a time).
    void start_trial();
    void stop_trial();
    // The 9-point gaze calibration of the current protocol's view (eye or face); replaces the view's
    // earlier one when it succeeds. Runs like a trial (stop_trial stops it), is not stored as one.
    void start_calibration();
    bool calibrating() const { return running_ && calibrating_; }
    const std::optional<GazeCalibrationResult>& calibration(const std::string& view) const;
    const std::string& calibration_message() const { return calibration_message_; }
    // The hand plane from the stimulus screen's homography, for the trials from now on (nullopt: the
    // hand board's reference marker again).
    void set_screen_plane(std::optional<track::PlaneScale> plane) { plan_.calibration.screen_plane = std::move(plane); }
    std::shared_ptr<HeadRelay> head_relay() const { return head_relay_; }
    // The running trial, for the live view; nullptr when none.
    const TrialCapture* running() const { return running_.get(); }
    // Collects a finished trial into the list; call every UI frame. True when a trial ended (recorded
    // or not: then last_failure() says why nothing was recorded).
    bool collect_finished();
    const std::string& last_failure() const { return last_failure_; }
    // Removes the last trial of the current protocol (its video is deleted) so it can be recorded again.
    void redo_last_trial();

    // The session as it would be stored (without an analysis).
    Session record() const;
    // Saves the whole session in one transaction, with its analysis when given; on failure nothing is
    // half-saved and the trials stay here so saving can be tried again. Returns the session id.
    std::int64_t save(store::Database& db, const assess::SessionAnalysis* analysis = nullptr);
    std::optional<std::int64_t> saved_id() const { return saved_id_; }

private:
    ExamPlan plan_;
    std::uint64_t serial_;
    std::filesystem::path database_folder_;
    std::filesystem::path video_folder_;
    std::string started_at_;
    std::size_t current_ = 0;
    double session_clock_start_s_ = 0;
    double trial_started_s_ = 0;
    std::vector<RecordedTrial> trials_;
    std::unique_ptr<TrialCapture> running_;
    std::string running_protocol_;
    bool calibrating_ = false;
    std::vector<StimulusEvent> calibration_schedule_;
    std::optional<GazeCalibrationResult> eye_calibration_, face_calibration_;
    std::string calibration_message_;
    std::shared_ptr<HeadRelay> head_relay_ = std::make_shared<HeadRelay>();
    std::optional<std::int64_t> saved_id_;
    std::string last_failure_;
};

}  // namespace purkinje::app
