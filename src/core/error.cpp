#include "purkinje/core/error.hpp"

namespace purkinje {

const char* to_string(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::BadInput: return "bad input";
        case ErrorKind::NotFound: return "not found";
        case ErrorKind::Storage: return "storage";
        case ErrorKind::Unsupported: return "unsupported";
        case ErrorKind::Device: return "device";
        case ErrorKind::Internal: return "internal";
    }
    return "unknown";
}

Error::Error(ErrorKind kind, std::string message, std::string where, std::string expected)
    : std::runtime_error(compose(message, where, expected)),
      kind_(kind),
      message_(std::move(message)),
      where_(std::move(where)),
      expected_(std::move(expected)) {}

std::string Error::compose(const std::string& message, const std::string& where,
                           const std::string& expected) {
    std::string text;
    if (!where.empty()) text += where + ": ";
    text += message;
    if (!expected.empty()) text += " (expected " + expected + ")";
    return text;
}

void throw_bad_input(const std::string& where, const std::string& message,
                     const std::string& expected) {
    throw Error(ErrorKind::BadInput, message, where, expected);
}

void throw_not_found(const std::string& where, const std::string& message) {
    throw Error(ErrorKind::NotFound, message, where);
}

}  // namespace purkinje
