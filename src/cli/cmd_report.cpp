// purkinje-cli report --session ID --pdf FILE | --patient CODE --pdf FILE

#include <iostream>

#include "purkinje/report/pdf_report.hpp"
#include "purkinje/store/database.hpp"
#include "command.hpp"
#include "database_access.hpp"
#include "purkinje/interop/atomic_file.hpp"

namespace purkinje::cli {
namespace {

struct ReportArgs {
    std::int64_t session = 0;
    std::string patient;
    std::string pdf;
};

const bool registered = register_command(60, [](CLI::App& app, GlobalOptions& options) {
    auto args = std::make_shared<ReportArgs>();
    auto* cmd = app.add_subcommand("report", "Write the PDF report of a session, or a patient's course across sessions");
    auto* session = cmd->add_option("--session", args->session, "Session id: the report of one examination");
    auto* patient = cmd->add_option("--patient", args->patient, "Patient code: every metric across the sessions");
    session->excludes(patient);
    cmd->add_option("--pdf", args->pdf, "The PDF file to write")->required();
    cmd->callback([args, session, patient, &options] {
        if (session->count() == 0 && patient->count() == 0)
            throw CLI::ValidationError("report", "give --session ID or --patient CODE");
        auto db = open_database(options, true);
        std::string pdf;
        if (session->count() > 0) {
            pdf = report::render_stored_session_pdf(db, db.load_session(args->session));
        } else {
            const Patient p = db.patient(args->patient);
            pdf = report::render_longitudinal_pdf(p, report::patient_history(db, p.code));
        }
        interop::write_file_atomically(args->pdf, pdf);
        std::cout << "wrote " << args->pdf << " (" << pdf.size() << " bytes)\n";
    });
});

}  // namespace
}  // namespace purkinje::cli
