#include "database_access.hpp"

#include <cstdlib>
#include <filesystem>

namespace purkinje::cli {

store::Database open_database(const GlobalOptions& options, bool read_only) {
    const auto path = options.database();
    if (options.db_path.empty() && !read_only) std::filesystem::create_directories(path.parent_path());
    store::OpenOptions open;
    open.read_only = read_only;
    open.create_if_missing = !read_only;
    const char* user = std::getenv("USER");
    open.actor = std::string(user && *user ? user : "unknown") + " (purkinje-cli)";
    return store::Database::open(path, open);
}

}  // namespace purkinje::cli
