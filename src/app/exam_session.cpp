#include "exam_session.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/core/paths.hpp"
#include "purkinje/core/time.hpp"

namespace purkinje::app {
namespace {
constexpr double kCalibrationDwellS = 1.2;
std::atomic<std::uint64_t> session_serials{0};

}  // namespace

MakeTracking tracking_for(const std::string& view, std::optional<track::GazeCalibration> gaze, std::shared_ptr<HeadRelay> relay,
                          bool calibrating, const TrackingCalibration& calibration) {
    return [view, gaze, relay, calibrating, calibration](const OpenedSource& opened) {
        TrackingSetup setup;
        apply_calibration(calibration, setup);
        setup.view = view;
        setup.rate_hz = opened.source->nominal_rate_hz();
        setup.gaze = gaze;
        setup.calibrating = calibrating;
        setup.headband = virtual_patient_headband();
        setup.horizontal_fov_deg = opened.horizontal_fov_deg;
        // 50 ms may wait (3 frames at 60 Hz): a tracker that falls behind skips frames (gaps in the
        // channel, counted) rather than letting the live view and the head-driven target lag. A queue of
        // half a second was measured to put the VOR target ~0.5 s behind at 120 Hz on a loaded machine.
        const auto capacity = static_cast<std::size_t>(std::max(2.0, std::ceil(setup.rate_hz * 0.05)));
        return std::make_unique<LiveTracking>(setup, [relay](double t, double v) { relay->forward(t, v); }, capacity);
    };
}

TrackingSetup hand_board_setup() {
    TrackingSetup setup;
    apply_calibration(TrackingCalibration{}, setup);
    setup.view = "hand";
    return setup;
}

ExamSession::ExamSession(ExamPlan plan, std::filesystem::path database_folder)
    : plan_(std::move(plan)), serial_(++session_serials), database_folder_(std::move(database_folder)), started_at_(utc_now_iso8601()),
      session_clock_start_s_(steady_now_s()) {
    if (plan_.protocols.empty()) throw_bad_input("new session", "has no protocol chosen", "at least one protocol");
    // Videos live beside the database, so that database and videos move together.
    std::string stamp = started_at_;
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    video_folder_ = database_folder_ / "videos" / (file_safe(plan_.patient_code) + "_" + stamp);
}

void ExamSession::select_protocol(std::size_t index) {
    if (running_ || index >= plan_.protocols.size()) return;
    current_ = index;
}

int ExamSession::trials_of(const std::string& protocol) const {
    return static_cast<int>(std::count_if(trials_.begin(), trials_.end(),
                                          [&](const RecordedTrial& t) { return t.trial.protocol == protocol; }));
}

void ExamSession::start_trial() {
    if (running_ || saved_id_) return;
    const std::string protocol = plan_.protocols[current_];
    const int number = trials_of(protocol) + 1;
    const std::string stem = file_safe(protocol) + "_" + std::to_string(number);
    const SourceChoice choice = plan_.source;
    const double seconds = plan_.trial_seconds;
    running_protocol_ = protocol;
    calibrating_ = false;
    trial_started_s_ = steady_now_s();
    const auto& calibration = this->calibration(gaze_view(choice, protocol));
    const std::optional<track::GazeCalibration> gaze = calibration ? std::optional(calibration->calibration) : std::nullopt;
    const bool paired = records_eye_and_head(choice, protocol);
    // Each camera its trackers: beside an eye camera the face camera tracks the head only, with the head
    // camera's own ChArUco intrinsics (none: the flagged field-of-view guess), never the eye camera's.
    TrackingCalibration head_camera_calibration = plan_.calibration;
    head_camera_calibration.intrinsics = plan_.calibration.head_camera_intrinsics;
    MakeTracking trackers = [gaze, paired, relay = head_relay_, camera_calibration = plan_.calibration,
                             head_camera_calibration](const OpenedSource& opened) {
        if (paired && opened.view == "face") return tracking_for("head", std::nullopt, relay, false, head_camera_calibration)(opened);
        return tracking_for(opened.view, gaze, relay, false, camera_calibration)(opened);
    };
    running_ = std::make_unique<TrialCapture>(
        OpenSources([choice, protocol, seconds, number] { return open_trial_sources(choice, protocol, seconds, number); }),
        video_folder_, stem, std::move(trackers));
}

void ExamSession::start_calibration() {
    if (running_ || saved_id_) return;
    const std::string protocol = plan_.protocols[current_];
    const std::string view = gaze_view(plan_.source, protocol);
    if (view == "hand") {
        calibration_message_ = "The hand view needs no gaze calibration: its centimetres come from the reference marker.";
        return;
    }
    calibration_schedule_ = nine_point_schedule(kCalibrationDwellS);
    const double seconds = kCalibrationDwellS * 9;
    const SourceChoice choice = plan_.source;
    const auto schedule = calibration_schedule_;
    // The virtual patient fixates the nine targets as in a saccade task (in the protocol's view).
    const std::string task = names::kSaccades;
    running_protocol_ = protocol;
    calibrating_ = true;
    calibration_message_ = "Calibrating: the patient follows nine targets.";
    running_ = std::make_unique<TrialCapture>(
        [choice, task, seconds, schedule, view] { return open_trial_source(choice, task, seconds, 0, schedule, view); },
        video_folder_ / "calibration", file_safe(view) + "_calibration", tracking_for(view, std::nullopt, head_relay_, true, plan_.calibration));
}

const std::optional<GazeCalibrationResult>& ExamSession::calibration(const std::string& view) const {
    return view == "face" ? face_calibration_ : eye_calibration_;
}

void ExamSession::stop_trial() {
    if (running_) running_->request_stop();
}

bool ExamSession::collect_finished() {
    if (!running_) return false;
    const TrialSnapshot snap = running_->snapshot();
    if (!snap.finished) return false;
    if (calibrating_) {
        const std::string view = gaze_view(plan_.source, running_protocol_);
        const auto channels = running_->channels();
        const std::string raw = view == "face" ? kEyeOffsetChannel : names::kPupil;
        const auto found = std::find_if(channels.begin(), channels.end(), [&](const Channel& c) { return c.name == raw; });
        try {
            if (found == channels.end())
                throw_bad_input("gaze calibration", snap.error.empty() ? "recorded no eye positions" : snap.error,
                                "a camera that delivers frames");
            auto result = fit_gaze_calibration(*found, calibration_schedule_, view);
            calibration_message_ = "Gaze calibrated: " + result.method + ".";
            (view == "face" ? face_calibration_ : eye_calibration_) = std::move(result);
        } catch (const std::exception& e) {
            calibration_message_ = std::string("The gaze calibration failed, the earlier one (if any) is kept: ") + e.what();
        }
        calibrating_ = false;
        running_.reset();
        return true;
    }
    const auto video = running_->video();
    RecordedTrial recorded;
    recorded.source_description = snap.source_description;
    recorded.timing = snap.timing;
    recorded.problem = snap.error;
    for (std::size_t k = 0; k < running_->camera_count(); ++k) {
        recorded.video_dropped += running_->camera_snapshot(k).video_dropped;
        recorded.video_peak_queued = std::max(recorded.video_peak_queued, running_->camera_snapshot(k).video_peak_queued);
        if (const auto tracking = running_->tracking(k)) {
            recorded.tracker_received += tracking->received;
            recorded.tracker_tracked += tracking->tracked;
            recorded.tracker_skipped += tracking->dropped;
            recorded.tracker_ms_per_frame += tracking->mean_ms_per_frame;
        }
    }
    last_failure_.clear();
    if (!video || video->frames == 0)
        last_failure_ = snap.error.empty() ? "The trial ended before the camera gave a frame." : snap.error;
    if (video && video->frames > 0) {
        Trial& t = recorded.trial;
        t.index = trials_.empty() ? 0 : trials_.back().trial.index + 1;
        t.protocol = running_protocol_;
        t.condition = plan_.source.kind == SourceKind::Simulated ? "virtual patient: " + plan_.source.patient_preset : "";
        t.start_s = trial_started_s_ - session_clock_start_s_;
        t.recording.events = running_->schedule();
        t.recording.channels = running_->channels();
        for (const auto& [view, recorded_video] : running_->videos())
            t.videos.push_back(capture::to_trial_video(recorded_video, view, database_folder_));
        if (!snap.error.empty()) t.note = snap.error;
        trials_.push_back(std::move(recorded));
    }
    running_.reset();
    return true;
}

void ExamSession::redo_last_trial() {
    if (running_ || saved_id_) return;
    const std::string& protocol = plan_.protocols[current_];
    for (auto it = trials_.rbegin(); it != trials_.rend(); ++it)
        if (it->trial.protocol == protocol) {
            std::error_code ec;
            for (const auto& v : it->trial.videos) {
                std::filesystem::remove(database_folder_ / v.path, ec);
                std::filesystem::remove(database_folder_ / v.timestamps_path, ec);
            }
            trials_.erase(std::next(it).base());
            return;
        }
}

Session ExamSession::record() const {
    Session s;
    s.patient_code = plan_.patient_code;
    s.started_at = started_at_;
    s.examiner = plan_.examiner;
    s.software_version = software_version();
    if (!trials_.empty()) {
        s.camera = trials_.front().source_description;
        s.camera_fps = trials_.front().timing.measured_rate_hz;
    }
    for (const auto& t : trials_) s.trials.push_back(t.trial);
    for (const auto* c : {&eye_calibration_, &face_calibration_})
        if (*c) s.camera += "; " + (*c)->method;
    s.camera += "; " + calibration_summary(plan_.calibration);
    return s;
}

std::int64_t ExamSession::save(store::Database& db, const assess::SessionAnalysis* analysis) {
    if (saved_id_) return *saved_id_;
    if (running_) throw_bad_input("session", "has a trial still recording", "stop the trial first");
    Session s = record();
    if (analysis) assess::attach(*analysis, s);
    saved_id_ = db.save_session(s);
    return *saved_id_;
}

}  // namespace purkinje::app
