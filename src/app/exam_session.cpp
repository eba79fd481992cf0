#include "exam_session.hpp"

#include <algorithm>

#include "purkinje/core/error.hpp"
#include "purkinje/core/time.hpp"

namespace purkinje::app {
namespace {
std::string file_safe(std::string text) {
    for (char& c : text)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    return text;
}
}  // namespace

ExamSession::ExamSession(ExamPlan plan, std::filesystem::path database_folder)
    : plan_(std::move(plan)), database_folder_(std::move(database_folder)), started_at_(utc_now_iso8601()),
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
    trial_started_s_ = steady_now_s();
    running_ = std::make_unique<TrialCapture>(
        [choice, protocol, seconds, number] { return open_trial_source(choice, protocol, seconds, number); }, video_folder_, stem);
}

void ExamSession::stop_trial() {
    if (running_) running_->request_stop();
}

bool ExamSession::collect_finished() {
    if (!running_) return false;
    const TrialSnapshot snap = running_->snapshot();
    if (!snap.finished) return false;
    const auto video = running_->video();
    RecordedTrial recorded;
    recorded.source_description = snap.source_description;
    recorded.timing = snap.timing;
    recorded.problem = snap.error;
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
        const auto* entry = find_protocol(running_protocol_);
        t.videos.push_back(capture::to_trial_video(*video, entry ? entry->view : "eye", database_folder_));
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

std::int64_t ExamSession::save(store::Database& db) {
    if (saved_id_) return *saved_id_;
    if (running_) throw_bad_input("session", "has a trial still recording", "stop the trial first");
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
    saved_id_ = db.save_session(s);
    return *saved_id_;
}

}  // namespace purkinje::app
