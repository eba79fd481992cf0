#include "cmd_report_data.hpp"

namespace purkinje::cli {

std::vector<report::MetricCourse> patient_history(const store::Database& db, const std::string& patient_code) {
    std::vector<report::MetricCourse> history;
    for (const auto& metric : db.metrics_of_patient(patient_code)) {
        report::MetricCourse course;
        course.metric = metric;
        for (const auto& point : db.metric_series(patient_code, metric))
            course.points.push_back({point.session_id, point.started_at, point.finding});
        history.push_back(std::move(course));
    }
    return history;
}

std::string session_pdf(const store::Database& db, const Session& session) {
    const Patient patient = db.patient(session.patient_code);
    // The course up to and including this session only: a report of an old session does not show the future.
    auto history = patient_history(db, session.patient_code);
    for (auto& course : history)
        std::erase_if(course.points, [&](const auto& p) { return p.started_at > session.started_at; });
    return report::render_session_pdf(patient, session, history);
}

}  // namespace purkinje::cli
