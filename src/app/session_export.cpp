#include "session_export.hpp"

#include <algorithm>

#include "purkinje/core/error.hpp"
#include "purkinje/interop/atomic_file.hpp"
#include "purkinje/interop/csv_export.hpp"
#include "purkinje/interop/fhir_export.hpp"
#include "purkinje/report/impression.hpp"
#include "purkinje/report/pdf_report.hpp"

namespace purkinje::app {

std::future<ExportJobResult> start_session_export(const store::Database& db, std::int64_t session_id,
                                                  const std::vector<std::string>& kinds) {
    Session session;
    Patient patient;
    std::string pdf;
    try {
        session = db.load_session(session_id);
        patient = db.patient(session.patient_code);
        // Rendered here, where the database is at hand; the worker only writes files.
        if (std::find(kinds.begin(), kinds.end(), "pdf") != kinds.end()) pdf = report::render_stored_session_pdf(db, session);
    } catch (const Error& e) {
        std::promise<ExportJobResult> failed;
        failed.set_value({{}, std::string("The session could not be read for the export: ") + e.what()});
        return failed.get_future();
    }
    const auto folder = db.path().parent_path() / "exports";
    return std::async(std::launch::async, [=, session = std::move(session), patient = std::move(patient),
                                           pdf = std::move(pdf)] {
        ExportJobResult result;
        const std::string stem = patient.code + "_session" + std::to_string(session_id);
        try {
            std::filesystem::create_directories(folder);
            for (const auto& kind : kinds) {
                if (kind == "pdf") {
                    const auto path = folder / (stem + ".pdf");
                    interop::write_file_atomically(path, pdf);
                    result.files.push_back(path);
                } else if (kind == "csv") {
                    for (auto& p : interop::export_session_csv(session, folder / (stem + "_csv"))) result.files.push_back(p);
                } else if (kind == "fhir") {
                    const auto path = folder / (stem + ".fhir.json");
                    interop::FhirOptions fhir;
                    fhir.conclusion = report::impression(session);
                    interop::write_file_atomically(path, interop::session_bundle(patient, session, fhir).dump(2));
                    result.files.push_back(path);
                }
            }
        } catch (const std::exception& e) {
            result.error = std::string("The export failed; files already written are kept. ") + e.what();
        }
        return result;
    });
}

void collect_session_export(std::future<ExportJobResult>& job, ExportJobResult& result, StatusLine& status) {
    if (!job.valid() || job.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    result = job.get();
    if (!result.error.empty()) status.error(result.error);
    else if (!result.files.empty())
        status.info("Exported " + std::to_string(result.files.size()) + " file(s) to " +
                    result.files.front().parent_path().string() + " (first: " + result.files.front().filename().string() + ").");
}

}  // namespace purkinje::app
