#pragma once
// Writing an export so that no reader ever sees half a file: the bytes go to a temporary file in the
// destination's folder, are flushed to the disk, and the file is renamed over the destination.

#include <filesystem>
#include <string_view>

namespace purkinje::interop {

// Throws a Storage error naming the file when the folder is missing or not writable or the disk is
// full; the temporary file is removed and an existing destination is left as it was.
void write_file_atomically(const std::filesystem::path& destination, std::string_view bytes);

}  // namespace purkinje::interop
