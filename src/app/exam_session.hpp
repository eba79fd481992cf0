#pragma once
// A session being examined: the plan chosen on the new-session screen, the trials recorded so far,
// and the trial being recorded now. The live screen drives it; saving hands it to the store whole.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
};

struct RecordedTrial {
    Trial trial;
    std::string source_description;
    capture::TimingReport timing;
    std::string problem;        // why it ended early, if it did
};

class ExamSession {
public:
    ExamSession(ExamPlan plan, std::filesystem::path database_folder);

    const ExamPlan& plan() const { return plan_; }
    std::size_t current_protocol() const { return current_; }
    void select_protocol(std::size_t index);
    const std::vector<RecordedTrial>& trials() const { return trials_; }
    int trials_of(const std::string& protocol) const;

    // Starts a trial of the current protocol (one at a time).
    void start_trial();
    void stop_trial();
    // The running trial, for the live view; nullptr when none.
    const TrialCapture* running() const { return running_.get(); }
    // Collects a finished trial into the list; call every UI frame. True when a trial ended (recorded
    // or not: then last_failure() says why nothing was recorded).
    bool collect_finished();
    const std::string& last_failure() const { return last_failure_; }
    // Removes the last trial of the current protocol (its video is deleted) so it can be recorded again.
    void redo_last_trial();

    // Saves the whole session in one transaction; on failure nothing is half-saved and the trials stay
    // here so saving can be tried again. Returns the session id.
    std::int64_t save(store::Database& db);
    std::optional<std::int64_t> saved_id() const { return saved_id_; }

private:
    ExamPlan plan_;
    std::filesystem::path database_folder_;
    std::filesystem::path video_folder_;
    std::string started_at_;
    std::size_t current_ = 0;
    double session_clock_start_s_ = 0;
    double trial_started_s_ = 0;
    std::vector<RecordedTrial> trials_;
    std::unique_ptr<TrialCapture> running_;
    std::string running_protocol_;
    std::optional<std::int64_t> saved_id_;
    std::string last_failure_;
};

}  // namespace purkinje::app
