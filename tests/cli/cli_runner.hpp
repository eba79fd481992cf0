#pragma once
// Runs the real purkinje-cli binary and captures what it prints and how it exits.

#include <string>
#include <vector>

namespace purkinje::test {

struct CliResult {
    int exit_code = -1;      // the process's exit status; -1 when it did not exit normally
    bool crashed = false;    // ended by a signal (a crash)
    std::string output;      // stdout and stderr together
};

CliResult run_cli(const std::vector<std::string>& args);

}  // namespace purkinje::test
