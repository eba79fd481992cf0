#include "support/test_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <random>
#include <unistd.h>

namespace purkinje::test {

std::filesystem::path source_dir() { return PURKINJE_SOURCE_DIR; }
std::filesystem::path binary_dir() { return PURKINJE_BINARY_DIR; }

std::filesystem::path shared_data_dir() {
    if (const char* env = std::getenv("PURKINJE_DATA"); env && *env) return env;
    return source_dir() / ".." / "shared" / "data";
}

std::filesystem::path require_shared_data(const std::string& relative_path) {
    const auto path = shared_data_dir() / relative_path;
    if (!std::filesystem::exists(path)) {
        std::fprintf(stderr,
                     "SKIPPED: real recording %s is not here (set PURKINJE_DATA or place ../shared/data)\n",
                     path.string().c_str());
        std::fflush(stderr);
        std::_Exit(kSkipReturnCode);
    }
    return path;
}

ScratchDir::ScratchDir(const std::string& name) {
    std::random_device rd;
    path_ = binary_dir() / "test-scratch" /
            (name + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

}  // namespace purkinje::test
