#include "purkinje/interop/ics_impulse.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>

#include <pugixml.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/core/time.hpp"

namespace purkinje::interop {
namespace {

struct TestSettings {
    std::string test_type;
    std::string started_at;
    double frame_rate_hz = 0;
    std::string list_separator = ";";
    std::string decimal_separator = ",";
};

std::string trim(std::string_view s) {
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string_view::npos) return {};
    const auto b = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(a, b - a + 1));
}

class FieldReader {
public:
    FieldReader(const std::filesystem::path& file, std::string impulse) : file_(file.string()), impulse_(std::move(impulse)) {}

    [[noreturn]] void fail(const std::string& field, const std::string& message, const std::string& expected) const {
        throw_bad_input(file_ + ", " + impulse_ + ", field " + field, message, expected);
    }

    std::string text(const pugi::xml_node& node, const char* field) const {
        const pugi::xml_node child = node.child(field);
        if (!child) fail(field, "the field is missing", "a <" + std::string(field) + "> element");
        return trim(child.child_value());
    }

    double number(const std::string& field, std::string value, const std::string& decimal) const {
        if (!decimal.empty() && decimal != ".") {
            for (std::size_t p = value.find(decimal); p != std::string::npos; p = value.find(decimal, p + 1))
                value.replace(p, decimal.size(), ".");
        }
        double x = 0;
        const char* begin = value.data();
        const char* end = value.data() + value.size();
        if (begin != end && *begin == '+') ++begin;
        const auto [ptr, ec] = std::from_chars(begin, end, x);
        if (value.empty() || ec != std::errc() || ptr != end || !std::isfinite(x))
            fail(field, "'" + value + "' is not a number", "a decimal number with '" + decimal + "' as decimal mark");
        return x;
    }

    std::vector<double> samples(const pugi::xml_node& node, const char* field, const TestSettings& t) const {
        const std::string all = text(node, field);
        std::vector<double> out;
        if (all.empty()) fail(field, "holds no samples", "velocity samples separated by '" + t.list_separator + "'");
        std::size_t start = 0;
        int index = 0;
        while (start <= all.size()) {
            std::size_t stop = all.find(t.list_separator, start);
            if (stop == std::string::npos) stop = all.size();
            const std::string item = trim(std::string_view(all).substr(start, stop - start));
            if (!item.empty() || stop != all.size())
                out.push_back(number(std::string(field) + " sample " + std::to_string(index), item, t.decimal_separator));
            ++index;
            start = stop + t.list_separator.size();
        }
        return out;
    }

    bool boolean(const pugi::xml_node& node, const char* field) const {
        const std::string v = text(node, field);
        if (v == "true" || v == "1") return true;
        if (v == "false" || v == "0") return false;
        fail(field, "'" + v + "' is not true or false", "true or false");
    }

private:
    std::string file_;
    std::string impulse_;
};

std::map<std::string, TestSettings> read_tests(const pugi::xml_document& doc) {
    std::map<std::string, TestSettings> tests;
    for (const auto& hit : doc.select_nodes("//*[TestType and TestUID]")) {
        const pugi::xml_node node = hit.node();
        TestSettings t;
        t.test_type = trim(node.child_value("TestType"));
        t.started_at = trim(node.child_value("StartDateTime"));
        if (node.child("ListSeparator")) t.list_separator = node.child_value("ListSeparator");
        if (node.child("DecimalSeparator")) t.decimal_separator = node.child_value("DecimalSeparator");
        t.frame_rate_hz = std::atof(node.child_value("AvgFrameRate"));
        tests.emplace(trim(node.child_value("TestUID")), t);
    }
    return tests;
}

}  // namespace

bool IcsImpulseExport::is_shimp() const { return test_type.find("SHIMP") != std::string::npos; }

IcsImpulseExport read_ics_impulse_xml(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) throw_not_found(path.string(), "the ICS Impulse export does not exist");
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_file(path.c_str());
    if (!parsed)
        throw_bad_input(path.string() + ", byte " + std::to_string(parsed.offset),
                        std::string("the file is not well-formed XML: ") + parsed.description(),
                        "an ICS Impulse XML export");
    const pugi::xml_node root = doc.document_element();
    const std::string root_name = root.name();
    if (root_name != "ICSSuiteDBPMRDataSet" && root_name != "PMRExportDataSet")
        throw_bad_input(path.string() + ", root element", "'" + root_name + "' is not an ICS Impulse data set",
                        "ICSSuiteDBPMRDataSet or PMRExportDataSet");

    const auto tests = read_tests(doc);
    IcsImpulseExport out;
    out.path = path;
    const auto nodes = doc.select_nodes("//HIImpulse | //VW_SHIMPImpulse");
    if (nodes.empty()) throw_bad_input(path.string(), "the export holds no impulses", "HIImpulse or VW_SHIMPImpulse elements");
    int index = 0;
    for (const auto& hit : nodes) {
        const pugi::xml_node node = hit.node();
        IcsImpulse imp;
        imp.index = index++;
        imp.impulse_uid = trim(node.child_value("ImpulseUID"));
        const FieldReader read(path, "impulse " + std::to_string(imp.index) +
                                         (imp.impulse_uid.empty() ? "" : " (ImpulseUID " + imp.impulse_uid + ")"));
        const std::string test_uid = trim(node.child_value("TestUID"));
        const auto test = tests.find(test_uid);
        if (test == tests.end())
            read.fail("TestUID", "'" + test_uid + "' names no test in the file", "the TestUID of an HITest or SHIMP test");
        const TestSettings& t = test->second;
        if (out.impulses.empty()) {
            out.test_type = t.test_type;
            out.started_at = t.started_at;
            out.camera_frame_rate_hz = t.frame_rate_hz;
            out.list_separator = t.list_separator;
            out.decimal_separator = t.decimal_separator;
        }
        if (t.list_separator.empty() || t.list_separator == t.decimal_separator)
            read.fail("ListSeparator", "'" + t.list_separator + "' cannot separate samples whose decimal mark is '" +
                                           t.decimal_separator + "'",
                      "a list separator different from the decimal mark");
        imp.head_velocity_dps = read.samples(node, "HeadVelocitySamples", t);
        imp.eye_velocity_dps = read.samples(node, "EyeVelocitySamples", t);
        if (imp.eye_velocity_dps.size() != imp.head_velocity_dps.size())
            read.fail("EyeVelocitySamples",
                      "has " + std::to_string(imp.eye_velocity_dps.size()) + " samples, HeadVelocitySamples has " +
                          std::to_string(imp.head_velocity_dps.size()),
                      "as many eye as head velocity samples");
        imp.side = read.boolean(node, "IsDirectionLeft") ? "left" : "right";
        imp.deleted = read.boolean(node, "IsImpulseDeleted");
        imp.vendor_gain = read.number("Gain", read.text(node, "Gain"), ".") * 1e-4;
        imp.vendor_peak_head_velocity_dps = read.number("PeakVelocity", read.text(node, "PeakVelocity"), ".") * 1e-4;
        for (const char* field : {"FirstSaccadeLatency", "SecondSaccadeLatency", "ThirdSaccadeLatency"}) {
            if (!node.child(field)) continue;
            const double v = read.number(field, read.text(node, field), ".");
            if (v > -999) imp.vendor_saccade_latencies_ms.push_back(v);
        }
        if (node.child("NumCovertSaccades"))
            imp.vendor_covert_saccades = static_cast<int>(read.number("NumCovertSaccades", read.text(node, "NumCovertSaccades"), "."));
        if (node.child("NumOvertSaccades"))
            imp.vendor_overt_saccades = static_cast<int>(read.number("NumOvertSaccades", read.text(node, "NumOvertSaccades"), "."));
        out.impulses.push_back(std::move(imp));
    }
    return out;
}

namespace {

std::optional<double> median(std::vector<double> v) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

SideSummary summarise(const std::vector<ImportedImpulse>& impulses, const std::string& side) {
    SideSummary s;
    s.side = side;
    std::vector<double> gains, vendor, differences, first_latencies;
    for (const auto& i : impulses) {
        if (i.impulse.side != side) continue;
        if (i.impulse.deleted || !i.analysis) {
            ++s.deleted;
            continue;
        }
        ++s.accepted;
        vendor.push_back(i.impulse.vendor_gain);
        if (i.analysis->gain_auc) {
            gains.push_back(*i.analysis->gain_auc);
            differences.push_back(std::abs(*i.analysis->gain_auc - i.impulse.vendor_gain));
        }
        bool covert = false, overt = false, first = true;
        for (const auto& c : i.analysis->saccades) {
            covert |= c.kind == model::CatchUpKind::Covert;
            overt |= c.kind == model::CatchUpKind::Overt;
            if (first && c.latency_ms > 0) {
                first_latencies.push_back(c.latency_ms);
                first = false;
            }
        }
        s.impulses_with_covert += covert;
        s.impulses_with_overt += overt;
    }
    auto mean = [](const std::vector<double>& v) -> std::optional<double> {
        if (v.empty()) return std::nullopt;
        return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    };
    s.mean_gain_auc = mean(gains);
    if (gains.size() > 1) {
        double ss = 0;
        for (double g : gains) ss += (g - *s.mean_gain_auc) * (g - *s.mean_gain_auc);
        s.sd_gain_auc = std::sqrt(ss / static_cast<double>(gains.size() - 1));
    }
    s.mean_vendor_gain = mean(vendor);
    s.median_abs_difference_vs_vendor = median(differences);
    s.pr_score = model::pr_score(first_latencies);
    return s;
}

nlohmann::json optional_json(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json side_json(const SideSummary& s) {
    return {{"side", s.side},
            {"accepted_impulses", s.accepted},
            {"deleted_impulses", s.deleted},
            {"mean_gain_auc", optional_json(s.mean_gain_auc)},
            {"sd_gain_auc", optional_json(s.sd_gain_auc)},
            {"mean_vendor_gain", optional_json(s.mean_vendor_gain)},
            {"median_abs_difference_gain_auc_vs_vendor", optional_json(s.median_abs_difference_vs_vendor)},
            {"impulses_with_covert_saccades", s.impulses_with_covert},
            {"impulses_with_overt_saccades", s.impulses_with_overt},
            {"pr_score", optional_json(s.pr_score)}};
}

}  // namespace

VhitImport import_ics_impulse(const std::filesystem::path& path) {
    VhitImport out;
    out.source = read_ics_impulse_xml(path);
    model::HeadImpulseOptions options;
    options.paradigm = out.source.is_shimp() ? model::ImpulseParadigm::Shimp : model::ImpulseParadigm::Himp;
    for (const auto& imp : out.source.impulses) {
        ImportedImpulse item{imp, std::nullopt};
        if (!imp.deleted) {
            try {
                item.analysis = model::analyse_head_impulse(
                    {kIcsImpulseSampleRateHz, imp.head_velocity_dps, imp.eye_velocity_dps}, options);
            } catch (const Error& e) {
                throw_bad_input(path.string() + ", impulse " + std::to_string(imp.index) + " (ImpulseUID " +
                                    imp.impulse_uid + ")",
                                e.message(), e.expected());
            }
        }
        out.impulses.push_back(std::move(item));
    }
    out.left = summarise(out.impulses, "left");
    out.right = summarise(out.impulses, "right");
    if (out.left.mean_gain_auc && out.right.mean_gain_auc && *out.left.mean_gain_auc + *out.right.mean_gain_auc > 0)
        out.gain_asymmetry_percent = 100.0 * (*out.left.mean_gain_auc - *out.right.mean_gain_auc) /
                                     (*out.left.mean_gain_auc + *out.right.mean_gain_auc);
    return out;
}

Session to_session(const VhitImport& import, const std::string& patient_code) {
    Session session;
    session.patient_code = patient_code;
    // The export's clock is the workstation's local time without a zone; kept to the second.
    const std::string vendor_time = import.source.started_at.substr(0, 19) + "Z";
    session.started_at = is_iso8601_utc(vendor_time) ? vendor_time : utc_now_iso8601();
    session.camera = "ICS Impulse export (" + import.source.test_type + ")";
    session.camera_fps = import.source.camera_frame_rate_hz;
    session.software_version = software_version();
    session.comment = "imported from " + import.source.path.filename().string() + ", test started " +
                      import.source.started_at + " (workstation clock)";
    const std::string protocol = import.source.is_shimp() ? "shimp" : "head_impulse";
    for (const auto& item : import.impulses) {
        const auto& imp = item.impulse;
        Trial trial;
        trial.index = imp.index;
        trial.protocol = protocol;
        trial.condition = imp.side;
        trial.accepted = !imp.deleted;
        trial.note = "ICS ImpulseUID " + imp.impulse_uid + (imp.deleted ? ", deleted by the examiner" : "");
        Channel head("head_velocity", kIcsImpulseSampleRateHz, {{"yaw_velocity", "deg/s"}});
        Channel eye("eye_velocity", kIcsImpulseSampleRateHz, {{"yaw_velocity", "deg/s"}});
        for (std::size_t i = 0; i < imp.head_velocity_dps.size(); ++i) {
            const double t = static_cast<double>(i) / kIcsImpulseSampleRateHz;
            head.push_back(t, {static_cast<float>(imp.head_velocity_dps[i])});
            eye.push_back(t, {static_cast<float>(imp.eye_velocity_dps[i])});
        }
        trial.recording.channels = {std::move(head), std::move(eye)};
        session.trials.push_back(std::move(trial));
    }
    session.analysis_version = std::string("purkinje ") + software_version() + " vhit-import 1";
    // Horizontal-canal VOR gain, lower limit of normal 0.8 (McGarvie et al. 2015).
    const NormalRange gain_range{0.8, std::nullopt,
                                 "McGarvie LA et al. (2015) The video head impulse test (vHIT) of semicircular "
                                 "canal function - age-dependent normative values of VOR gain in healthy subjects. "
                                 "Front Neurol 6:154"};
    for (const auto* side : {&import.left, &import.right}) {
        if (side->mean_gain_auc) {
            Finding f;
            f.protocol = protocol;
            f.metric = "vor_gain_auc_" + side->side;
            f.value = *side->mean_gain_auc;
            f.unit = "1";
            f.method = "auc_desaccaded";
            f.label = "VOR gain, " + side->side + " impulses (area under the curve)";
            if (protocol == "head_impulse") {
                f.normal = gain_range;
                f.flag = gain_range.judge(f.value);
            }
            session.findings.push_back(f);
        }
        if (side->mean_vendor_gain)
            session.findings.push_back({protocol, "vor_gain_vendor_" + side->side, *side->mean_vendor_gain, "1",
                                        "ics_impulse_vendor_gain", {}, Flag::NotJudged, std::nullopt, std::nullopt,
                                        "VOR gain, " + side->side + " impulses (ICS Impulse's own)"});
        if (side->pr_score)
            session.findings.push_back({protocol, "pr_score_" + side->side, *side->pr_score, "%",
                                        "cv_first_catch_up_latency", {}, Flag::NotJudged, std::nullopt, std::nullopt,
                                        "PR score (scatter of catch-up saccade latencies), " + side->side});
    }
    if (import.gain_asymmetry_percent)
        session.findings.push_back({protocol, "vor_gain_asymmetry", *import.gain_asymmetry_percent, "%",
                                    "auc_desaccaded_left_minus_right_over_sum", {}, Flag::NotJudged, std::nullopt,
                                    std::nullopt, "VOR gain asymmetry (left - right) / (left + right)"});
    return session;
}

nlohmann::json to_json(const VhitImport& import) {
    nlohmann::json impulses = nlohmann::json::array();
    for (const auto& item : import.impulses) {
        const auto& imp = item.impulse;
        nlohmann::json j = {{"index", imp.index},
                            {"impulse_uid", imp.impulse_uid},
                            {"side", imp.side},
                            {"deleted", imp.deleted},
                            {"peak_head_velocity_dps", imp.vendor_peak_head_velocity_dps},
                            {"vendor_gain", imp.vendor_gain}};
        const auto* a = item.analysis ? &*item.analysis : nullptr;
        if (a) j["peak_head_velocity_dps"] = a->peak_head_velocity_dps;
        j["gain_auc"] = a ? optional_json(a->gain_auc) : nullptr;
        j["gain_regression"] = a ? optional_json(a->gain_regression) : nullptr;
        j["gain_40ms"] = a ? optional_json(a->gain_40ms) : nullptr;
        j["gain_60ms"] = a ? optional_json(a->gain_60ms) : nullptr;
        j["gain_80ms"] = a ? optional_json(a->gain_80ms) : nullptr;
        nlohmann::json definitions = nlohmann::json::object();
        if (a)
            for (const auto& g : a->gains()) definitions[g.definition] = g.value;
        j["gain_definitions"] = definitions;
        nlohmann::json saccades = nlohmann::json::array();
        if (a)
            for (const auto& c : a->saccades)
                saccades.push_back({{"kind", model::to_string(c.kind)},
                                    {"compensatory", c.compensatory},
                                    {"latency_ms", c.latency_ms},
                                    {"peak_velocity_dps", c.peak_velocity_dps},
                                    {"amplitude_deg", c.amplitude_deg}});
        j["saccades"] = saccades;
        j["artefacts"] = a ? nlohmann::json(a->artefacts) : nlohmann::json::array();
        if (!imp.vendor_saccade_latencies_ms.empty()) j["vendor_saccade_latencies_ms"] = imp.vendor_saccade_latencies_ms;
        impulses.push_back(std::move(j));
    }
    nlohmann::json summary = {{"file", import.source.path.string()},
                              {"test_type", import.source.test_type},
                              {"paradigm", import.source.is_shimp() ? "SHIMP" : "HIMP"},
                              {"sample_rate_hz", kIcsImpulseSampleRateHz},
                              {"gain_definition", "auc_desaccaded"},
                              {"left", side_json(import.left)},
                              {"right", side_json(import.right)},
                              {"gain_asymmetry_percent", optional_json(import.gain_asymmetry_percent)}};
    return {{"impulses", impulses}, {"summary", summary}};
}

}  // namespace purkinje::interop
