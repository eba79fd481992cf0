#pragma once
// Errors a clinician can read. Every failure that reaches a person says what went wrong, where
// (the file, the field, the frame) and what was expected, in plain words; the developer's detail
// rides along for the log.

#include <stdexcept>
#include <string>

namespace purkinje {

enum class ErrorKind {
    BadInput,        // a file or value from outside is not what Purkinje can use
    NotFound,        // a patient, session, file or device that does not exist
    Storage,         // the database refused or failed
    Unsupported,     // the data cannot support what was asked (e.g. too slow a camera)
    Device,          // a camera or display failed
    Internal,        // a bug: a promise inside Purkinje was broken
};

const char* to_string(ErrorKind kind);

class Error : public std::runtime_error {
public:
    // `message`: the whole sentence a clinician reads. `where`: file, field or frame it concerns
    // (may be empty). `expected`: what would have been acceptable (may be empty).
    Error(ErrorKind kind, std::string message, std::string where = {}, std::string expected = {});

    ErrorKind kind() const noexcept { return kind_; }
    const std::string& message() const noexcept { return message_; }
    const std::string& where() const noexcept { return where_; }
    const std::string& expected() const noexcept { return expected_; }

private:
    static std::string compose(const std::string& message, const std::string& where,
                               const std::string& expected);
    ErrorKind kind_;
    std::string message_;
    std::string where_;
    std::string expected_;
};

// Shorthands for the common kinds, so call sites read as sentences.
[[noreturn]] void throw_bad_input(const std::string& where, const std::string& message,
                                  const std::string& expected = {});
[[noreturn]] void throw_not_found(const std::string& where, const std::string& message);

}  // namespace purkinje
