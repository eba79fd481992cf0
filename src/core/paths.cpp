#include "purkinje/core/paths.hpp"

#include <cctype>
#include <cstdlib>

namespace purkinje {

std::filesystem::path assets_dir() {
    if (const char* env = std::getenv("PURKINJE_ASSETS"); env && *env) return env;
    return std::filesystem::path(PURKINJE_SOURCE_DIR) / "assets";
}

std::filesystem::path default_database_path() {
    std::filesystem::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
        base = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        base = std::filesystem::path(home) / ".local" / "share";
    } else {
        base = std::filesystem::current_path();
    }
    return base / "purkinje" / "purkinje.db";
}

std::string file_safe(std::string name) {
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    return name;
}

}  // namespace purkinje
