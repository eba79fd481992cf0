// purkinje-cli db check|backup

#include <iostream>

#include "command.hpp"
#include "database_access.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::cli {
namespace {

const bool registered = register_command(90, [](CLI::App& app, GlobalOptions& options) {
    auto* db_command = app.add_subcommand("db", "Database maintenance: check, backup");
    db_command->require_subcommand(1);

    auto* check = db_command->add_subcommand(
        "check", "Integrity, foreign keys and schema version; exits non-zero on any problem");
    check->callback([&options] {
        const auto path = options.database();
        store::CheckReport report;
        try {
            // Read-only: checking never changes the file, even an old or damaged one.
            auto db = open_database(options, /*read_only=*/true);
            report = db.check();
        } catch (const Error& e) {
            std::cout << path.string() << ": NOT OK\n  " << e.what() << "\n";
            throw ExitWith{1};
        }
        std::cout << path.string() << ": schema version " << report.schema_version << " (this program: "
                  << report.expected_schema_version << ")\n";
        if (report.ok()) {
            std::cout << "integrity ok, foreign keys ok\n";
            return;
        }
        std::cout << "NOT OK: " << report.problems.size() << " problem(s)\n";
        for (const auto& problem : report.problems) std::cout << "  " << problem << "\n";
        throw ExitWith{1};
    });

    auto destination = std::make_shared<std::string>();
    auto* backup = db_command->add_subcommand(
        "backup", "Consistent copy through SQLite's online backup (safe while another program writes)");
    backup->add_option("file", *destination, "Where to write the copy (must not exist)")->required();
    backup->callback([destination, &options] {
        auto db = open_database(options);
        db.backup_to(*destination);
        db.audit("db.backup", *destination);
        std::cout << "backed up " << db.path().string() << " to " << *destination << "\n";
    });
});

}  // namespace
}  // namespace purkinje::cli
