#pragma once
// The settings a clinic sets once: the database file, the camera to use by default, and the units
// numbers are shown in. Kept as JSON in $XDG_CONFIG_HOME/purkinje/settings.json (or --settings).

#include <filesystem>
#include <string>

namespace purkinje::app {

struct Settings {
    std::string database_path;            // empty = the default database path
    // Camera defaults for a new session.
    std::string camera_kind = "simulated";  // "camera", "video", "simulated"
    int camera_index = 0;                 // /dev/videoN for "camera"
    std::string video_path;               // for "video"
    int camera_width = 640;
    int camera_height = 480;
    double camera_fps = 60.0;
    // Display units (stored values are always in the library's units: cm, ms, deg).
    std::string distance_unit = "cm";     // "cm" or "mm"
    std::string time_unit = "ms";         // "ms" or "s"
    float font_size_px = 16.0f;

    bool operator==(const Settings&) const = default;
};

// $XDG_CONFIG_HOME/purkinje/settings.json, else ~/.config/purkinje/settings.json.
std::filesystem::path default_settings_path();

// Reads the settings; a missing file gives the defaults. A broken file is a BadInput error naming
// the file and the field.
Settings load_settings(const std::filesystem::path& path);
// Writes atomically (temporary file, then rename), so a full disk never leaves half a file.
void save_settings(const Settings& settings, const std::filesystem::path& path);

// A stored value converted to the display units chosen in the settings.
struct DisplayValue {
    double value = 0;
    std::string unit;
};
DisplayValue to_display(double value, const std::string& unit, const Settings& settings);

}  // namespace purkinje::app
