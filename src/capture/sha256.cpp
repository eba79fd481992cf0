#include "purkinje/capture/sha256.hpp"

#include <array>
#include <cstdio>
#include <memory>

#include <openssl/evp.h>

#include "purkinje/core/error.hpp"

namespace purkinje::capture {
namespace {

struct DigestContextDeleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextDeleter>;

DigestContext start_sha256() {
    DigestContext context(EVP_MD_CTX_new());
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
        throw Error(ErrorKind::Internal, "OpenSSL could not start a SHA-256 digest");
    }
    return context;
}

std::string finish_hex(EVP_MD_CTX* context) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context, digest.data(), &length) != 1) {
        throw Error(ErrorKind::Internal, "OpenSSL could not finish a SHA-256 digest");
    }
    static const char* hex = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        text += hex[digest[i] >> 4];
        text += hex[digest[i] & 0x0f];
    }
    return text;
}

}  // namespace

std::string sha256_bytes(const void* data, std::size_t size) {
    auto context = start_sha256();
    if (EVP_DigestUpdate(context.get(), data, size) != 1) {
        throw Error(ErrorKind::Internal, "OpenSSL could not hash a byte string");
    }
    return finish_hex(context.get());
}

std::string sha256_file(const std::filesystem::path& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw_not_found(path.string(), "the file to hash cannot be opened");
    auto context = start_sha256();
    std::array<unsigned char, 1 << 16> buffer{};
    while (true) {
        const std::size_t read = std::fread(buffer.data(), 1, buffer.size(), file.get());
        if (read > 0 && EVP_DigestUpdate(context.get(), buffer.data(), read) != 1) {
            throw Error(ErrorKind::Internal, "OpenSSL could not hash the file", path.string());
        }
        if (read < buffer.size()) {
            if (std::ferror(file.get())) {
                throw Error(ErrorKind::Storage, "the file could not be read to the end for hashing", path.string());
            }
            break;
        }
    }
    return finish_hex(context.get());
}

}  // namespace purkinje::capture
