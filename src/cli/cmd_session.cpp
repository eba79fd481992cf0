// purkinje-cli session list|show

#include <iostream>

#include "command.hpp"
#include "database_access.hpp"
#include "session_print.hpp"
#include "table.hpp"

namespace purkinje::cli {
namespace {

struct SessionArgs {
    std::string patient;
    std::int64_t id = 0;
    std::string version;
};

const bool registered = register_command(20, [](CLI::App& app, GlobalOptions& options) {
    auto args = std::make_shared<SessionArgs>();
    auto* session = app.add_subcommand("session", "List and show examination sessions");
    session->require_subcommand(1);

    auto* list = session->add_subcommand("list", "List sessions, oldest first");
    list->add_option("--patient", args->patient, "Only this patient's sessions");
    list->callback([args, &options] {
        auto db = open_database(options);
        TextTable table({"session", "patient", "started (UTC)", "examiner", "trials", "analysis", "findings", "abnormal"});
        for (const auto& s : db.list_sessions(args->patient))
            table.add({std::to_string(s.id), s.patient_code, s.started_at, s.examiner, std::to_string(s.trial_count),
                       s.latest_analysis_version.empty() ? "-" : s.latest_analysis_version,
                       std::to_string(s.finding_count), std::to_string(s.abnormal_count)});
        if (table.empty()) std::cout << "no sessions\n"; else table.print(std::cout);
    });

    auto* show = session->add_subcommand("show", "Show a session: trials, channels, findings, model fits");
    show->add_option("id", args->id, "Session id")->required();
    show->add_option("--analysis", args->version, "Algorithm version of the analysis to show (default: latest)");
    show->callback([args, &options] {
        auto db = open_database(options);
        const Session s = db.load_session(args->id, args->version.empty() ? std::nullopt
                                                                           : std::optional<std::string>(args->version));
        print_session(std::cout, s);
        const auto versions = db.analyses(s.id);
        if (versions.size() > 1) {
            std::cout << "\nanalyses of this session:";
            for (const auto& a : versions) std::cout << " " << a.algorithm_version << " (" << a.created_at << ")";
            std::cout << "\n";
        }
    });
});

}  // namespace
}  // namespace purkinje::cli
