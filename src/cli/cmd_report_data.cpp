#include "cmd_report_data.hpp"

namespace purkinje::cli {

std::string session_pdf(const store::Database& db, const Session& session) {
    const Patient patient = db.patient(session.patient_code);
    // The course up to and including this session only: a report of an old session does not show the future.
    auto history = report::patient_history(db, session.patient_code);
    for (auto& course : history)
        std::erase_if(course.points, [&](const auto& p) { return p.started_at > session.started_at; });
    return report::render_session_pdf(patient, session, history);
}

}  // namespace purkinje::cli
