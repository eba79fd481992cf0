#include <algorithm>
#include <cstdio>
#include <iostream>
#include <utility>
#include <vector>

#include "command.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/paths.hpp"
#include "purkinje/core/session.hpp"

namespace purkinje::cli {
namespace {
std::vector<std::pair<int, CommandSetup>>& registry() {
    static std::vector<std::pair<int, CommandSetup>> commands;
    return commands;
}
}  // namespace

std::filesystem::path GlobalOptions::database() const {
    return db_path.empty() ? default_database_path() : std::filesystem::path(db_path);
}

bool register_command(int order, CommandSetup setup) {
    registry().emplace_back(order, std::move(setup));
    return true;
}

int run(int argc, char** argv) {
    CLI::App app{"purkinje-cli: the command-line face of Purkinje, the bedside cerebellar exam"};
    app.set_version_flag("--version", std::string("purkinje ") + software_version());
    app.require_subcommand(1);
    app.fallthrough();  // lets `--db` stand after the subcommand, as in `db check --db FILE`
    GlobalOptions options;
    app.add_option("--db", options.db_path,
                   "SQLite database (default: $XDG_DATA_HOME/purkinje/purkinje.db)");
    auto& commands = registry();
    std::stable_sort(commands.begin(), commands.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [order, setup] : commands) setup(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const ExitWith& exit) {
        return exit.code;
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace purkinje::cli

int main(int argc, char** argv) { return purkinje::cli::run(argc, argv); }
