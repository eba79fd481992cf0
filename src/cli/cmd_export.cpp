// purkinje-cli export --session ID --csv DIR | --fhir FILE [--with-pdf]

#include <iostream>

#include "purkinje/report/pdf_report.hpp"
#include "purkinje/store/database.hpp"
#include "command.hpp"
#include "database_access.hpp"
#include "purkinje/interop/atomic_file.hpp"
#include "purkinje/interop/csv_export.hpp"
#include "purkinje/interop/fhir_export.hpp"
#include "purkinje/report/impression.hpp"

namespace purkinje::cli {
namespace {

struct ExportArgs {
    std::int64_t session = 0;
    std::string csv;
    std::string fhir;
    bool with_pdf = false;
};

const bool registered = register_command(61, [](CLI::App& app, GlobalOptions& options) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand("export", "Export a session as CSV files or as a FHIR R4 bundle");
    cmd->add_option("--session", args->session, "Session id")->required();
    auto* csv = cmd->add_option("--csv", args->csv, "Folder for the CSV files (created when missing)");
    auto* fhir = cmd->add_option("--fhir", args->fhir, "FHIR R4 JSON file to write");
    cmd->add_flag("--with-pdf", args->with_pdf, "Attach the PDF report to the FHIR DiagnosticReport");
    csv->excludes(fhir);
    cmd->callback([args, csv, fhir, &options] {
        if (csv->count() == 0 && fhir->count() == 0)
            throw CLI::ValidationError("export", "give --csv DIR or --fhir FILE");
        if (args->with_pdf && fhir->count() == 0)
            throw CLI::ValidationError("export", "--with-pdf goes with --fhir");
        auto db = open_database(options, true);
        const Session session = db.load_session(args->session);
        if (csv->count() > 0) {
            const auto files = interop::export_session_csv(session, args->csv);
            std::cout << "wrote " << files.size() << " CSV files to " << args->csv << "\n";
            return;
        }
        interop::FhirOptions fhir_options;
        fhir_options.conclusion = report::impression(session);
        if (args->with_pdf) fhir_options.pdf = report::render_stored_session_pdf(db, session);
        const auto bundle = interop::session_bundle(db.patient(session.patient_code), session, fhir_options);
        interop::write_file_atomically(args->fhir, bundle.dump(2) + "\n");
        std::cout << "wrote " << args->fhir << " (" << bundle["entry"].size() << " resources)\n";
    });
});

}  // namespace
}  // namespace purkinje::cli
