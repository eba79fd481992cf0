#pragma once
// What the report and export commands read from the database for one session or one patient.

#include <string>
#include <vector>

#include "purkinje/report/pdf_report.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::cli {

// The session's PDF (with the longitudinal page when the patient has earlier sessions).
std::string session_pdf(const store::Database& db, const Session& session);

}  // namespace purkinje::cli
