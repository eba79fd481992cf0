#include "cli_runner.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "support/test_support.hpp"

namespace purkinje::test {
namespace {
std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}
}  // namespace

CliResult run_cli(const std::vector<std::string>& args) {
    std::string command = shell_quote((binary_dir() / "bin" / "purkinje-cli").string());
    for (const auto& a : args) command += " " + shell_quote(a);
    command += " 2>&1";
    CliResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
        // The shell reports a program killed by a signal as 128 + signal.
        result.crashed = result.exit_code > 128;
    } else {
        result.crashed = true;
    }
    return result;
}

}  // namespace purkinje::test
