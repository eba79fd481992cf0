#pragma once
// Helpers shared by the test suites: where the real recordings are, scratch folders, skipping.

#include <filesystem>
#include <string>

namespace purkinje::test {

// Exit code CTest reads as "skipped" (SKIP_RETURN_CODE 77 on every suite).
inline constexpr int kSkipReturnCode = 77;

// The folder of real recordings: $PURKINJE_DATA when set, else ../shared/data next to the project.
std::filesystem::path shared_data_dir();

// The path of a real recording under the shared data folder. When that folder is absent (a clone
// elsewhere) the test reports itself skipped to CTest by exiting with 77; it never passes silently.
std::filesystem::path require_shared_data(const std::string& relative_path);

// A fresh, empty folder under the build tree, removed when the object goes out of scope.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// The source tree and the build tree of this build.
std::filesystem::path source_dir();
std::filesystem::path binary_dir();

}  // namespace purkinje::test
