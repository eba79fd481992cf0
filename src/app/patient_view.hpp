#pragma once
// One patient: their sessions with dates and headline findings, the course of each metric across
// sessions (normal band, 95% intervals, minimal detectable change around the first session), and
// two sessions compared side by side.

#include <optional>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "longitudinal.hpp"
#include "session_export.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::app {

class PatientView {
public:
    PatientView(store::Database& db, AppState& state);
    void draw();
    void reload();

    const std::vector<SessionFindings>& sessions() const { return sessions_; }
    const std::vector<std::string>& metrics() const { return metrics_; }
    // Exports a session (PDF, CSV, FHIR) on a worker; the result shows when it is done.
    void export_session(std::int64_t session_id, const std::vector<std::string>& kinds);
    bool export_running() const { return export_job_.valid(); }
    const ExportJobResult& last_export() const { return last_export_; }

private:
    void draw_header();
    void draw_sessions();
    void draw_course();
    void draw_comparison();

    store::Database& db_;
    AppState& state_;
    std::string loaded_code_;
    int seen_generation_ = -1;
    std::optional<Patient> patient_;
    std::vector<SessionFindings> sessions_;
    std::vector<std::string> metrics_;
    int metric_index_ = 0;
    int earlier_ = 0, later_ = 0;
    std::future<ExportJobResult> export_job_;
    ExportJobResult last_export_;
};

}  // namespace purkinje::app
