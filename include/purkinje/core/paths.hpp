#pragma once
// Where Purkinje finds its read-only assets and puts its default database.

#include <filesystem>

namespace purkinje {

// The assets folder (presets, norms, fonts, calibration targets): $PURKINJE_ASSETS when set, else
// the source tree's assets/ this build was made from.
std::filesystem::path assets_dir();

// Default database: $XDG_DATA_HOME/purkinje/purkinje.db, else ~/.local/share/purkinje/purkinje.db.
std::filesystem::path default_database_path();

}  // namespace purkinje
