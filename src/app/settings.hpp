#pragma once
// The settings a clinic sets once: the database file, the camera to use by default, and the units
// numbers are shown in. Kept as JSON in $XDG_CONFIG_HOME/purkinje/settings.json (or --settings).

#include <filesystem>
#include <string>
#include <vector>

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
    // The hand view's printed board: the reference marker lying in the movement plane (DICT_4X4_50 id,
    // printed side of its black square, and where its centre sits in the frame the hand targets are
    // given in), and the fingertip sticker's colour (OpenCV HSV: hue 0-179, saturation and value
    // 0-255; hue_low > hue_high wraps through red). Defaults: the virtual patient's board and sticker.
    int hand_reference_id = 10;
    double hand_reference_side_cm = 5.0;
    double hand_reference_x_cm = -25 + 5.0 * 8 / 6 / 2;
    double hand_reference_y_cm = -11 + 5.0 * 8 / 6 / 2;
    int sticker_hue_low = 50, sticker_hue_high = 78;
    int sticker_saturation_low = 110, sticker_value_low = 60;
    // The stimulus screen as measured with a tape: its visible picture (cm) and the patient's eyes'
    // distance from it (cm); they put targets at stated degrees and centimetres.
    double screen_width_cm = 52.0;
    double screen_height_cm = 32.5;
    double viewing_distance_cm = 57.0;
    // The ChArUco calibration is kept when its RMS reprojection error is at most this (px).
    double calibration_max_rms_px = 1.0;

    bool operator==(const Settings&) const = default;
};

// $XDG_CONFIG_HOME/purkinje/settings.json, else ~/.config/purkinje/settings.json.
std::filesystem::path default_settings_path();

// Every field out of its range, each in words naming the field; empty when all are usable.
std::vector<std::string> settings_problems(const Settings& settings);

// A camera format the recorder takes (kCameraFormat says it in words): 16 to 8192 px a side, 1 to
// 1000 Hz (NaN, which a typed "nan" gives, is refused). For the settings' camera defaults and the
// new-session form's eye and head cameras.
bool usable_camera_format(int width, int height, double fps);
inline constexpr const char* kCameraFormat = "16 to 8192 px a side, 1 to 1000 Hz";

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
