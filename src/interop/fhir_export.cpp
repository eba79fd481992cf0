#include "purkinje/interop/fhir_export.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>

#include "purkinje/interop/csv_export.hpp"

namespace purkinje::interop {
namespace {

using nlohmann::json;

std::uint64_t fnv1a(const std::string& text, std::uint64_t seed) {
    std::uint64_t hash = seed;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

json quantity(double value, const std::string& unit) {
    json q = {{"value", value}};
    if (const auto ucum = ucum_unit(unit)) {
        q["unit"] = ucum->display;
        q["system"] = kUcumSystem;
        q["code"] = ucum->code;
    } else if (!unit.empty()) {
        q["unit"] = unit;
    }
    return q;
}

json interpretation(Flag flag) {
    const char* code = flag == Flag::High ? "H" : flag == Flag::Low ? "L" : "N";
    const char* display = flag == Flag::High ? "High" : flag == Flag::Low ? "Low" : "Normal";
    return json::array({{{"coding", json::array({{{"system", kInterpretationSystem}, {"code", code},
                                                  {"display", display}}})}}});
}

std::string label_of(const Finding& f) { return f.label.empty() ? f.metric : f.label; }

json observation(const Finding& f, const std::string& id, const std::string& patient_ref, const Session& s) {
    json o = {{"resourceType", "Observation"},
              {"id", id},
              {"status", "final"},
              {"category", json::array({{{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"},
                                                                  {"code", "exam"},
                                                                  {"display", "Exam"}}})}}})},
              {"code", {{"coding", json::array({{{"system", kMetricSystem}, {"code", f.metric}, {"display", label_of(f)}}})},
                        {"text", label_of(f)}}},
              {"subject", {{"reference", patient_ref}}}};
    if (!s.started_at.empty()) o["effectiveDateTime"] = s.started_at;
    if (std::isfinite(f.value)) {
        o["valueQuantity"] = quantity(f.value, f.unit);
    } else {
        o["dataAbsentReason"] = {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/data-absent-reason"},
                                                          {"code", "not-a-number"}}})}};
    }
    if (f.flag != Flag::NotJudged) o["interpretation"] = interpretation(f.flag);
    if (!f.method.empty()) o["method"] = {{"text", f.method}};
    if (f.normal.low || f.normal.high) {
        json range = json::object();
        if (f.normal.low) range["low"] = quantity(*f.normal.low, f.unit);
        if (f.normal.high) range["high"] = quantity(*f.normal.high, f.unit);
        if (!f.normal.citation.empty()) range["text"] = "Normal range: " + f.normal.citation;
        o["referenceRange"] = json::array({range});
    }
    if (f.ci_low && f.ci_high) {
        const auto unit = ucum_unit(f.unit);
        const std::string u = unit ? (unit->code == "1" ? "" : " " + unit->display) : " " + f.unit;
        o["note"] = json::array(
            {{{"text", "95% interval " + csv_number(*f.ci_low) + " to " + csv_number(*f.ci_high) + u}}});
    }
    return o;
}

}  // namespace

std::optional<UcumUnit> ucum_unit(const std::string& unit) {
    static const std::map<std::string, UcumUnit> table = {
        {"deg", {"deg", "deg"}},       {"deg/s", {"deg/s", "deg/s"}}, {"deg/s2", {"deg/s2", "deg/s2"}},
        {"cm", {"cm", "cm"}},          {"cm/s", {"cm/s", "cm/s"}},    {"mm", {"mm", "mm"}},
        {"Hz", {"Hz", "Hz"}},          {"ms", {"ms", "ms"}},          {"s", {"s", "s"}},
        {"1", {"1", "ratio"}},         {"%", {"%", "%"}},             {"px", {"{px}", "px"}},
        {"cm2", {"cm2", "cm2"}},       {"cm2/Hz", {"cm2/Hz", "cm2/Hz"}},
    };
    const auto it = table.find(unit);
    if (it != table.end()) return it->second;
    // UCUM annotations ("{score}", "{count}") are valid UCUM units of 1.
    if (unit.size() > 2 && unit.front() == '{' && unit.back() == '}' && unit.find_first_of("{}", 1) == unit.size() - 1)
        return UcumUnit{unit, unit.substr(1, unit.size() - 2)};
    return std::nullopt;
}

std::string base64(const std::string& bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const std::uint32_t n = (std::uint32_t(std::uint8_t(bytes[i])) << 16) |
                                (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8) | std::uint8_t(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += alphabet[(n >> shift) & 63];
    }
    if (i < bytes.size()) {
        std::uint32_t n = std::uint32_t(std::uint8_t(bytes[i])) << 16;
        if (i + 1 < bytes.size()) n |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string uuid_from_name(const std::string& name) {
    std::uint64_t hi = fnv1a(name, 0xcbf29ce484222325ULL), lo = fnv1a(name, 0x84222325cbf29ce4ULL ^ hi);
    hi = (hi & ~0xF000ULL) | 0x8000ULL;                      // version 8
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC variant
    char text[37];
    std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", unsigned(hi >> 32), unsigned((hi >> 16) & 0xFFFF),
                  unsigned(hi & 0xFFFF), unsigned(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    return text;
}

nlohmann::json session_bundle(const Patient& patient, const Session& session, const FhirOptions& options) {
    const std::string session_key = patient.code + "/" + std::to_string(session.id) + "/" + session.started_at + "/" +
                                    session.analysis_version;
    const std::string patient_id = uuid_from_name("patient:" + patient.code);
    const std::string report_id = uuid_from_name("report:" + session_key);
    const std::string patient_ref = "urn:uuid:" + patient_id;

    json patient_resource = {{"resourceType", "Patient"},
                             {"id", patient_id},
                             {"identifier", json::array({{{"system", kPatientCodeSystem}, {"value", patient.code}}})},
                             {"gender", patient.sex.empty() ? "unknown" : patient.sex}};
    json entries = json::array({{{"fullUrl", patient_ref}, {"resource", patient_resource}}});

    json results = json::array();
    std::vector<json> observations;
    for (std::size_t i = 0; i < session.findings.size(); ++i) {
        const std::string id = uuid_from_name("finding:" + session_key + "/" + std::to_string(i) + "/" +
                                              session.findings[i].metric);
        observations.push_back({{"fullUrl", "urn:uuid:" + id},
                                {"resource", observation(session.findings[i], id, patient_ref, session)}});
        results.push_back({{"reference", "urn:uuid:" + id}});
    }

    json report = {{"resourceType", "DiagnosticReport"},
                   {"id", report_id},
                   {"status", "final"},
                   {"code", {{"text", "Cerebellar motor examination (Purkinje)"}}},
                   {"subject", {{"reference", patient_ref}}}};
    if (!session.started_at.empty()) report["effectiveDateTime"] = session.started_at;
    if (!session.examiner.empty()) report["performer"] = json::array({{{"display", session.examiner}}});
    if (!results.empty()) report["result"] = results;
    if (!options.conclusion.empty()) report["conclusion"] = options.conclusion;
    if (options.pdf)
        report["presentedForm"] = json::array({{{"contentType", "application/pdf"},
                                                {"data", base64(*options.pdf)},
                                                {"title", "Purkinje report " + patient.code + " session " +
                                                              std::to_string(session.id)}}});
    entries.push_back({{"fullUrl", "urn:uuid:" + report_id}, {"resource", report}});
    for (auto& o : observations) entries.push_back(std::move(o));

    return {{"resourceType", "Bundle"},
            {"id", uuid_from_name("bundle:" + session_key)},
            {"type", "collection"},
            {"entry", entries}};
}

}  // namespace purkinje::interop
