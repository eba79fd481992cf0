#pragma once
// The command registry of purkinje-cli. Each command lives in its own cmd_*.cpp and registers
// itself at start-up, so the library's folders can each bring their commands without a central list.

#include <filesystem>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace purkinje::cli {

// Options every command shares.
struct GlobalOptions {
    std::string db_path;   // --db; empty means the default under $XDG_DATA_HOME/purkinje/
    std::filesystem::path database() const;
};

// Adds a subcommand (and its callback) to the application.
using CommandSetup = std::function<void(CLI::App& app, GlobalOptions& options)>;

// Registers a command; `order` sorts the help listing. Returns true so a namespace-scope constant
// can hold the call:  const bool registered = register_command(20, [](...) { ... });
bool register_command(int order, CommandSetup setup);

// Thrown by a command that has already said what went wrong and only needs a non-zero exit.
struct ExitWith {
    int code;
};

// Runs purkinje-cli; returns the process exit code (0 success, 1 error, CLI11's code for usage errors).
int run(int argc, char** argv);

}  // namespace purkinje::cli
