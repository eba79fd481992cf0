#pragma once
#include <string>
#include <vector>

namespace purkinje::store {

struct Migration {
    int version;          // NNNN of the file name: the schema version after applying it
    const char* name;     // file name without .sql
    const char* sql;
};

// Every migration of db/migrations, in order of version.
const std::vector<Migration>& migrations();

}  // namespace purkinje::store
