#pragma once
// Where Purkinje finds its read-only assets and puts its default database.

#include <filesystem>
#include <string>

namespace purkinje {

// The assets folder (presets, norms, fonts, calibration targets): $PURKINJE_ASSETS when set, else
// the source tree's assets/ this build was made from.
std::filesystem::path assets_dir();

// Default database: $XDG_DATA_HOME/purkinje/purkinje.db, else ~/.local/share/purkinje/purkinje.db.
std::filesystem::path default_database_path();

// A name (patient code, protocol, channel, file stem) as part of a file name: anything but letters,
// digits, '-' and '_' becomes '_', so a stored name can never point outside its folder.
std::string file_safe(std::string name);

}  // namespace purkinje
