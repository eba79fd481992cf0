// Preset files: every field named, every field required, nothing unknown.

#include "purkinje/sim/patient.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/core/paths.hpp"

namespace purkinje::sim {
namespace {

using nlohmann::json;

template <class Group>
json group_to_json(Group group) {
    json out = json::object();
    group.visit([&](const char* name, double& value, const char*, const char*) { out[name] = value; });
    return out;
}

template <class Group>
void group_from_json(const json& in, Group& group, const std::string& where, const std::string& section) {
    if (!in.contains(section))
        throw_bad_input(where + ", field '" + section + "'", "is missing", "an object of parameters");
    const json& obj = in.at(section);
    if (!obj.is_object())
        throw_bad_input(where + ", field '" + section + "'", "is not an object", "an object of parameters");
    std::vector<std::string> known;
    group.visit([&](const char* name, double& value, const char* unit, const char*) {
        known.emplace_back(name);
        const std::string field = where + ", field '" + section + "." + name + "'";
        if (!obj.contains(name)) throw_bad_input(field, "is missing", std::string("a number in ") + unit);
        const json& v = obj.at(name);
        if (!v.is_number() || !std::isfinite(v.get<double>()))
            throw_bad_input(field, "is not a finite number (" + v.dump() + ")", std::string("a number in ") + unit);
        value = v.get<double>();
    });
    for (const auto& [key, _] : obj.items())
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw_bad_input(where + ", field '" + section + "." + key + "'", "is not a parameter of the simulator",
                            "only the documented fields (docs/simulator.md)");
}

void check_ranges(const PatientParams& p, const std::string& where) {
    const auto positive = [&](double v, const char* field) {
        if (!(v > 0)) throw_bad_input(where + ", field '" + field + "'", "must be positive", "> 0");
    };
    const auto unit_interval = [&](double v, const char* field) {
        if (!(v >= 0 && v <= 1)) throw_bad_input(where + ", field '" + field + "'", "is outside [0, 1]", "0 to 1");
    };
    positive(p.eye.main_sequence_vmax_deg_s, "eye.main_sequence_vmax_deg_s");
    positive(p.eye.main_sequence_c_deg, "eye.main_sequence_c_deg");
    positive(p.eye.pursuit_time_constant_ms, "eye.pursuit_time_constant_ms");
    positive(p.eye.gaze_holding_tau_s, "eye.gaze_holding_tau_s");
    positive(p.eye.blink_duration_ms, "eye.blink_duration_ms");
    positive(p.eye.pupil_diameter_mm, "eye.pupil_diameter_mm");
    unit_interval(p.vestibular.covert_saccade_fraction, "vestibular.covert_saccade_fraction");
    unit_interval(p.vestibular.vor_cancellation, "vestibular.vor_cancellation");
    unit_interval(p.vestibular.adaptation_a_fast, "vestibular.adaptation_a_fast");
    unit_interval(p.vestibular.adaptation_a_slow, "vestibular.adaptation_a_slow");
    positive(p.limb.mass_kg, "limb.mass_kg");
    positive(p.limb.activation_tau_ms, "limb.activation_tau_ms");
    positive(p.limb.feedback_delay_ms, "limb.feedback_delay_ms");
    positive(p.limb.reach_time_s, "limb.reach_time_s");
    positive(p.limb.alternation_rate_hz, "limb.alternation_rate_hz");
    unit_interval(p.limb.forward_model_weight_w, "limb.forward_model_weight_w");
    if (!(p.limb.inertia_error_delta > -0.9))
        throw_bad_input(where + ", field 'limb.inertia_error_delta'", "is at or below -0.9", "> -0.9");
}

}  // namespace

bool PatientParams::operator==(const PatientParams& other) const {
    return preset_to_json(*this) == preset_to_json(other);
}

std::string preset_to_json(const PatientParams& params) {
    json out;
    out["name"] = params.name;
    out["description"] = params.description;
    out["eye"] = group_to_json(params.eye);
    out["vestibular"] = group_to_json(params.vestibular);
    out["limb"] = group_to_json(params.limb);
    return out.dump(2) + "\n";
}

PatientParams preset_from_json(const std::string& text, const std::string& where) {
    json in;
    try {
        in = json::parse(text);
    } catch (const json::parse_error& e) {
        throw_bad_input(where, std::string("is not valid JSON: ") + e.what(), "a preset object");
    }
    if (!in.is_object()) throw_bad_input(where, "is not a JSON object", "a preset object");
    PatientParams p;
    for (const char* field : {"name", "description"}) {
        if (!in.contains(field) || !in.at(field).is_string())
            throw_bad_input(where + ", field '" + field + "'", "is missing or not text", "a string");
    }
    p.name = in.at("name").get<std::string>();
    p.description = in.at("description").get<std::string>();
    group_from_json(in, p.eye, where, "eye");
    group_from_json(in, p.vestibular, where, "vestibular");
    group_from_json(in, p.limb, where, "limb");
    for (const auto& [key, _] : in.items())
        if (key != "name" && key != "description" && key != "eye" && key != "vestibular" && key != "limb")
            throw_bad_input(where + ", field '" + key + "'", "is not a section of a preset",
                            "name, description, eye, vestibular, limb");
    check_ranges(p, where);
    return p;
}

PatientParams load_preset(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw_not_found(file.string(), "the preset file cannot be opened");
    std::stringstream text;
    text << in.rdbuf();
    return preset_from_json(text.str(), file.string());
}

std::vector<std::string> preset_names() {
    std::vector<std::string> names;
    const auto dir = assets_dir() / "presets";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json" && entry.path().stem().string().rfind("course_", 0) != 0)
            names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

PatientParams load_named_preset(const std::string& name) {
    const auto file = assets_dir() / "presets" / (name + ".json");
    if (!std::filesystem::exists(file)) {
        std::string known;
        for (const auto& n : preset_names()) known += (known.empty() ? "" : ", ") + n;
        throw Error(ErrorKind::NotFound, "there is no patient preset called '" + name + "'",
                    file.string(), known);
    }
    return load_preset(file);
}

PatientParams interpolate(const PatientParams& from, const PatientParams& to, double alpha) {
    if (alpha <= 0) return from;
    if (alpha >= 1) return to;
    PatientParams out = from;
    out.name = from.name + "->" + to.name;
    out.description = "interpolated " + std::to_string(alpha) + " of the way from " + from.name + " to " + to.name;
    const auto blend = [alpha](auto& out_group, auto to_group) {
        std::vector<double> targets;
        to_group.visit([&](const char*, double& v, const char*, const char*) { targets.push_back(v); });
        std::size_t k = 0;
        out_group.visit([&](const char*, double& v, const char*, const char*) {
            v = v + alpha * (targets[k++] - v);
        });
    };
    blend(out.eye, to.eye);
    blend(out.vestibular, to.vestibular);
    blend(out.limb, to.limb);
    return out;
}

PatientParams RehabilitationCourse::at_session(int session) const {
    if (waypoints.empty()) throw Error(ErrorKind::BadInput, "a rehabilitation course has no presets", "course");
    if (session <= waypoints.front().session) return waypoints.front().patient;
    for (std::size_t k = 1; k < waypoints.size(); ++k) {
        if (session <= waypoints[k].session) {
            const auto& a = waypoints[k - 1];
            const auto& b = waypoints[k];
            const double alpha = double(session - a.session) / double(b.session - a.session);
            return interpolate(a.patient, b.patient, alpha);
        }
    }
    return waypoints.back().patient;
}

RehabilitationCourse load_course(const std::filesystem::path& file) {
    const std::string where = file.string();
    std::ifstream in(file);
    if (!in) throw_not_found(where, "the course file cannot be opened");
    json doc;
    try {
        doc = json::parse(in);
    } catch (const json::parse_error& e) {
        throw_bad_input(where, std::string("is not valid JSON: ") + e.what(), "a course object");
    }
    if (!doc.is_object() || !doc.contains("sessions") || !doc.at("sessions").is_array())
        throw_bad_input(where + ", field 'sessions'", "is missing or not a list",
                        "[{\"session\": 0, \"preset\": \"...\"}, ...]");
    RehabilitationCourse course;
    int k = 0;
    for (const auto& item : doc.at("sessions")) {
        const std::string field = where + ", field 'sessions[" + std::to_string(k++) + "]'";
        if (!item.is_object() || !item.contains("session") || !item.at("session").is_number_integer() ||
            !item.contains("preset") || !item.at("preset").is_string())
            throw_bad_input(field, "is not {\"session\": integer, \"preset\": name}");
        const int session = item.at("session").get<int>();
        if (!course.waypoints.empty() && session <= course.waypoints.back().session)
            throw_bad_input(field, "session numbers do not increase", "increasing session numbers");
        course.waypoints.push_back({session, load_named_preset(item.at("preset").get<std::string>())});
    }
    if (course.waypoints.empty()) throw_bad_input(where + ", field 'sessions'", "is empty", "at least one preset");
    return course;
}

}  // namespace purkinje::sim
