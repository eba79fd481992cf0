#pragma once
// Exporting a stored session for the medical record: the PDF report (report), CSV tables and a FHIR
// R4 bundle (interop), written atomically beside the database in exports/. Runs off the UI thread.

#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::app {

struct ExportJobResult {
    std::vector<std::filesystem::path> files;
    std::string error;   // empty when every file was written
};

// Loads what the export needs on the calling thread (the database connection stays on it), then
// renders and writes on a worker. `kinds` holds any of "pdf", "csv", "fhir".
std::future<ExportJobResult> start_session_export(const store::Database& db, std::int64_t session_id,
                                                  const std::vector<std::string>& kinds);

// Once the export is done (checked without waiting): takes its result into `result` and tells the
// user on the status line what was written or why not. Call every frame.
void collect_session_export(std::future<ExportJobResult>& job, ExportJobResult& result, StatusLine& status);

}  // namespace purkinje::app
