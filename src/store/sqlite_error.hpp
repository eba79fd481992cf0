#pragma once
#include <string>

#include <SQLiteCpp/Exception.h>

namespace purkinje::store {

// Turns an SQLite failure into a purkinje::Error a clinician can read: what was being done, with
// which file, and what SQLite's code means in plain words (disk full, damaged file, busy ...).
[[noreturn]] void throw_sqlite_error(const SQLite::Exception& e, const std::string& where,
                                     const std::string& doing);

}  // namespace purkinje::store
