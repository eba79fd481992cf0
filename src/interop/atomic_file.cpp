#include "purkinje/interop/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "purkinje/core/error.hpp"

namespace purkinje::interop {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what, int error_number) {
    throw Error(ErrorKind::Storage, what + ": " + std::strerror(error_number), file.string());
}

}  // namespace

void write_file_atomically(const std::filesystem::path& destination, std::string_view bytes) {
    const auto folder = destination.has_parent_path() ? destination.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(folder))
        throw Error(ErrorKind::NotFound, "the folder to write into does not exist", folder.string(),
                    "an existing folder");
    // The temporary name is unique per process, so two exports of the same file cannot interleave.
    const auto temporary = folder / ("." + destination.filename().string() + ".partial-" + std::to_string(::getpid()));
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail(destination, "cannot create the file", errno);
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error_number = errno;
            ::close(fd);
            ::unlink(temporary.c_str());
            fail(destination, "cannot write the file", error_number);
        }
        written += static_cast<std::size_t>(n);
    }
    const int synced = ::fsync(fd), sync_error = errno;
    const int closed = ::close(fd), close_error = errno;
    if (synced != 0 || closed != 0) {
        const int error_number = synced != 0 ? sync_error : close_error;
        ::unlink(temporary.c_str());
        fail(destination, "cannot flush the file to the disk", error_number);
    }
    if (::rename(temporary.c_str(), destination.c_str()) != 0) {
        const int error_number = errno;
        ::unlink(temporary.c_str());
        fail(destination, "cannot move the finished file into place", error_number);
    }
}

}  // namespace purkinje::interop
