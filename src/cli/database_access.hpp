#pragma once
#include "command.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::cli {

// Opens the database named by --db (or the default one, whose folder is created when missing).
store::Database open_database(const GlobalOptions& options, bool read_only = false);

}  // namespace purkinje::cli
