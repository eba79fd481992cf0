#include "settings.hpp"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {

template <typename T>
void read_field(const nlohmann::json& j, const char* key, T& out, const std::filesystem::path& path) {
    if (!j.contains(key)) return;
    try {
        out = j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw_bad_input(path.string() + ", field '" + key + "'", "has the wrong type");
    }
}

void require_one_of(const std::string& value, std::initializer_list<const char*> allowed, const std::filesystem::path& path,
                    const char* key) {
    std::string list;
    for (const char* a : allowed) {
        if (value == a) return;
        list += list.empty() ? a : std::string(", ") + a;
    }
    throw_bad_input(path.string() + ", field '" + key + "'", "'" + value + "' is not a known choice", list);
}

}  // namespace

bool usable_camera_format(int width, int height, double fps) {
    return fps >= 1 && fps <= 1000 && width >= 16 && height >= 16 && width <= 8192 && height <= 8192;
}

std::vector<std::string> settings_problems(const Settings& s) {
    std::vector<std::string> out;
    auto need = [&out](bool ok, std::string what) {
        if (!ok) out.push_back(std::move(what));
    };
    // NaN fails every comparison, so each check is written as "in range" and negated.
    auto within = [](double v, double low, double high) { return v >= low && v <= high; };
    need(usable_camera_format(s.camera_width, s.camera_height, s.camera_fps), std::string("camera size and rate: ") + kCameraFormat);
    need(within(s.font_size_px, 8, 40), "font size: 8 to 40 px");
    need(s.hand_reference_id >= 0 && s.hand_reference_id < 50,
         "hand board reference marker id: 0 to 49 (DICT_4X4_50)");
    need(s.hand_reference_id < 0 || s.hand_reference_id > 3,
         "hand board reference marker id: 0-3 are the stimulus screen's corner markers; use another id");
    need(within(s.hand_reference_side_cm, 0.5, 30), "hand board reference marker side: 0.5 to 30 cm");
    need(within(s.hand_reference_x_cm, -200, 200) && within(s.hand_reference_y_cm, -200, 200),
         "hand board reference marker centre: -200 to 200 cm");
    need(within(s.sticker_hue_low, 0, 179) && within(s.sticker_hue_high, 0, 179), "sticker hue: 0 to 179 (OpenCV HSV)");
    need(within(s.sticker_saturation_low, 0, 255) && within(s.sticker_value_low, 0, 255),
         "sticker saturation and value minimum: 0 to 255");
    need(s.sticker_saturation_low >= 40,
         "sticker saturation minimum: at least 40 (a greyer sticker cannot be told from skin and shadows)");
    need(within(s.screen_width_cm, 5, 500) && within(s.screen_height_cm, 5, 500), "stimulus screen size: 5 to 500 cm");
    need(within(s.viewing_distance_cm, 10, 500), "viewing distance: 10 to 500 cm");
    need(within(s.calibration_max_rms_px, 0.05, 10), "camera calibration threshold: 0.05 to 10 px RMS");
    return out;
}

std::filesystem::path default_settings_path() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "purkinje" / "settings.json";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / ".config" / "purkinje" / "settings.json";
}

Settings load_settings(const std::filesystem::path& path) {
    Settings s;
    std::ifstream in(path);
    if (!in) return s;
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw_bad_input(path.string(), "is not valid JSON (" + std::string(e.what()) + ")", "a settings file written by Purkinje");
    }
    if (!j.is_object()) throw_bad_input(path.string(), "does not hold a JSON object");
    read_field(j, "database_path", s.database_path, path);
    read_field(j, "camera_kind", s.camera_kind, path);
    read_field(j, "camera_index", s.camera_index, path);
    read_field(j, "video_path", s.video_path, path);
    read_field(j, "camera_width", s.camera_width, path);
    read_field(j, "camera_height", s.camera_height, path);
    read_field(j, "camera_fps", s.camera_fps, path);
    read_field(j, "distance_unit", s.distance_unit, path);
    read_field(j, "time_unit", s.time_unit, path);
    read_field(j, "font_size_px", s.font_size_px, path);
    read_field(j, "hand_reference_id", s.hand_reference_id, path);
    read_field(j, "hand_reference_side_cm", s.hand_reference_side_cm, path);
    read_field(j, "hand_reference_x_cm", s.hand_reference_x_cm, path);
    read_field(j, "hand_reference_y_cm", s.hand_reference_y_cm, path);
    read_field(j, "sticker_hue_low", s.sticker_hue_low, path);
    read_field(j, "sticker_hue_high", s.sticker_hue_high, path);
    read_field(j, "sticker_saturation_low", s.sticker_saturation_low, path);
    read_field(j, "sticker_value_low", s.sticker_value_low, path);
    read_field(j, "screen_width_cm", s.screen_width_cm, path);
    read_field(j, "screen_height_cm", s.screen_height_cm, path);
    read_field(j, "viewing_distance_cm", s.viewing_distance_cm, path);
    read_field(j, "calibration_max_rms_px", s.calibration_max_rms_px, path);
    require_one_of(s.camera_kind, {"camera", "video", "simulated"}, path, "camera_kind");
    require_one_of(s.distance_unit, {"cm", "mm"}, path, "distance_unit");
    require_one_of(s.time_unit, {"ms", "s"}, path, "time_unit");
    if (const auto problems = settings_problems(s); !problems.empty())
        throw_bad_input(path.string(), problems.front());
    return s;
}

void save_settings(const Settings& s, const std::filesystem::path& path) {
    const nlohmann::json j = {{"database_path", s.database_path}, {"camera_kind", s.camera_kind},
                              {"camera_index", s.camera_index},   {"video_path", s.video_path},
                              {"camera_width", s.camera_width},   {"camera_height", s.camera_height},
                              {"camera_fps", s.camera_fps},       {"distance_unit", s.distance_unit},
                              {"time_unit", s.time_unit},         {"font_size_px", s.font_size_px},
                              {"hand_reference_id", s.hand_reference_id},
                              {"hand_reference_side_cm", s.hand_reference_side_cm},
                              {"hand_reference_x_cm", s.hand_reference_x_cm},
                              {"hand_reference_y_cm", s.hand_reference_y_cm},
                              {"sticker_hue_low", s.sticker_hue_low},
                              {"sticker_hue_high", s.sticker_hue_high},
                              {"sticker_saturation_low", s.sticker_saturation_low},
                              {"sticker_value_low", s.sticker_value_low},
                              {"screen_width_cm", s.screen_width_cm},
                              {"screen_height_cm", s.screen_height_cm},
                              {"viewing_distance_cm", s.viewing_distance_cm},
                              {"calibration_max_rms_px", s.calibration_max_rms_px}};
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    const auto temporary = std::filesystem::path(path.string() + ".tmp");
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << j.dump(2) << '\n';
        out.flush();
        if (!out)
            throw Error(ErrorKind::Storage, "could not write the settings (is the disk full or read-only?)",
                        temporary.string(), "a writable folder");
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw Error(ErrorKind::Storage, "could not replace the settings file: " + ec.message(), path.string());
}

DisplayValue to_display(double value, const std::string& unit, const Settings& settings) {
    if (unit == "cm" && settings.distance_unit == "mm") return {value * 10.0, "mm"};
    if (unit == "cm/s" && settings.distance_unit == "mm") return {value * 10.0, "mm/s"};
    if (unit == "ms" && settings.time_unit == "s") return {value / 1000.0, "s"};
    if (unit == "s" && settings.time_unit == "ms") return {value * 1000.0, "ms"};
    return {value, unit};
}

}  // namespace purkinje::app
