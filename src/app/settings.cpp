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
    require_one_of(s.camera_kind, {"camera", "video", "simulated"}, path, "camera_kind");
    require_one_of(s.distance_unit, {"cm", "mm"}, path, "distance_unit");
    require_one_of(s.time_unit, {"ms", "s"}, path, "time_unit");
    if (s.camera_fps <= 0 || s.camera_fps > 1000) throw_bad_input(path.string() + ", field 'camera_fps'", "is out of range", "1 to 1000 Hz");
    if (s.font_size_px < 8 || s.font_size_px > 40) throw_bad_input(path.string() + ", field 'font_size_px'", "is out of range", "8 to 40 px");
    return s;
}

void save_settings(const Settings& s, const std::filesystem::path& path) {
    const nlohmann::json j = {{"database_path", s.database_path}, {"camera_kind", s.camera_kind},
                              {"camera_index", s.camera_index},   {"video_path", s.video_path},
                              {"camera_width", s.camera_width},   {"camera_height", s.camera_height},
                              {"camera_fps", s.camera_fps},       {"distance_unit", s.distance_unit},
                              {"time_unit", s.time_unit},         {"font_size_px", s.font_size_px}};
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
