#pragma once
// SHA-256 of a file, so the database can reference a raw video by content: a re-analysis years later
// can prove it read the very bytes that were recorded (OpenSSL's libcrypto does the hashing).

#include <filesystem>
#include <string>

namespace purkinje::capture {

// The lower-case hexadecimal SHA-256 of the file's bytes. Throws purkinje::Error naming the file when
// it cannot be read.
std::string sha256_file(const std::filesystem::path& path);

// The lower-case hexadecimal SHA-256 of a byte string (for tests and small records).
std::string sha256_bytes(const void* data, std::size_t size);

}  // namespace purkinje::capture
