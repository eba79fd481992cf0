#pragma once
// What the report and export commands read from the database for one session or one patient.

#include <string>
#include <vector>

#include "purkinje/report/pdf_report.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::cli {

// Every metric of the patient across the latest analyses of their sessions, oldest first.
std::vector<report::MetricCourse> patient_history(const store::Database& db, const std::string& patient_code);

// The session's PDF (with the longitudinal page when the patient has earlier sessions).
std::string session_pdf(const store::Database& db, const Session& session);

}  // namespace purkinje::cli
