#pragma once
// Review of a stored session, protocol by protocol: the recorded channels plotted with the stimulus
// targets laid over them, the model fits of the protocol with their intervals and quality, the
// findings with value, unit, normal range, flag, the norm's citation and the method; accepting or
// rejecting trials (with a note), the clinician's comment, and export (PDF, CSV, FHIR).
// Re-analysis runs assess's session analysis over the accepted trials on a worker and stores it as a
// new analysis version beside the old ones.

#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "session_export.hpp"
#include "purkinje/assess/analysis.hpp"
#include "purkinje/assess/fit_overlay.hpp"
#include "purkinje/core/session.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::app {

class ReviewScreen {
public:
    ReviewScreen(store::Database& db, AppState& state);
    void draw();
    // Loads the session named by state.review_session_id; false with a status message on failure.
    bool reload();

    // Driven by the scripted walk as by the widgets; each false with a status message on failure.
    bool select_protocol(const std::string& protocol);
    bool set_trial_accepted(int trial_index, bool accepted, const std::string& note);
    bool save_comment(const std::string& comment);
    void export_session(const std::vector<std::string>& kinds);
    bool export_running() const { return export_job_.valid(); }
    const ExportJobResult& last_export() const { return last_export_; }

    // Analyses the accepted trials again on a worker; the result is stored when it is done.
    void reanalyse();
    bool reanalysis_running() const { return analysis_job_.valid(); }

    const std::optional<Session>& session() const { return session_; }
    // The model fits laid over the data of the shown protocol (assess::fit_overlays, on a worker).
    bool overlays_pending() const { return overlay_job_.valid(); }
    const std::vector<assess::FitOverlay>& overlays() const { return overlays_; }
    const std::vector<std::string>& protocols() const { return protocols_; }

private:
    void draw_header();
    void draw_trials(const std::string& protocol);
    void draw_plots(const std::string& protocol);
    void draw_findings(const std::string& protocol);
    void draw_fits(const std::string& protocol);
    void draw_comment();
    void update_overlays(const std::string& protocol);
    void draw_overlays(float plot_h);
    void collect_analysis();

    store::Database& db_;
    AppState& state_;
    std::int64_t loaded_id_ = 0;
    int seen_generation_ = -1;
    std::optional<Session> session_;
    std::vector<std::string> protocols_;   // in exam order, from the trials and the findings
    int protocol_index_ = 0;
    std::vector<std::string> notes_;       // the note being edited per trial (index = trial.index)
    std::string comment_;                  // the comment being edited
    std::future<ExportJobResult> export_job_;
    ExportJobResult last_export_;
    std::future<assess::SessionAnalysis> analysis_job_;
    std::int64_t analysis_session_id_ = 0;
    std::vector<std::string> analysis_notes_;   // what the last re-analysis could not measure, and why
    struct OverlayResult {
        std::vector<assess::FitOverlay> overlays;
        std::vector<std::string> notes;
    };
    std::future<OverlayResult> overlay_job_;
    std::string overlay_key_;                   // session, generation and protocol the overlays are of
    std::vector<assess::FitOverlay> overlays_;
    std::vector<std::string> overlay_notes_;
};

}  // namespace purkinje::app
