#include "purkinje/interop/csv_export.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "purkinje/core/paths.hpp"
#include "purkinje/interop/atomic_file.hpp"

namespace purkinje::interop {
namespace {

template <typename Number>
std::string shortest(Number value) {
    if (!std::isfinite(value)) return "";
    char buffer[64];
    // to_chars never consults the locale: '.' always, and the shortest text that reads back exactly.
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

std::string optional_number(const std::optional<double>& value) { return value ? csv_number(*value) : ""; }

class Rows {
public:
    explicit Rows(std::initializer_list<const char*> header) {
        for (const char* h : header) field(h);
        end_row();
    }
    Rows& field(const std::string& text) {
        if (!first_) text_ += ',';
        text_ += csv_field(text);
        first_ = false;
        return *this;
    }
    void end_row() {
        text_ += '\n';
        first_ = true;
    }
    std::string take() { return std::move(text_); }

private:
    std::string text_;
    bool first_ = true;
};

std::string two_digits(int n) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d", n);  // integers only: no locale involved
    return buffer;
}

}  // namespace

std::string csv_number(double value) { return shortest(value); }
std::string csv_number(float value) { return shortest(value); }

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string findings_csv(const Session& s) {
    Rows rows({"session_id", "patient_code", "analysis_version", "protocol", "metric", "label", "value", "unit",
               "method", "normal_low", "normal_high", "norm_citation", "flag", "ci_low", "ci_high"});
    for (const auto& f : s.findings) {
        rows.field(std::to_string(s.id)).field(s.patient_code).field(s.analysis_version).field(f.protocol);
        rows.field(f.metric).field(f.label).field(csv_number(f.value)).field(f.unit).field(f.method);
        rows.field(optional_number(f.normal.low)).field(optional_number(f.normal.high)).field(f.normal.citation);
        rows.field(to_string(f.flag)).field(optional_number(f.ci_low)).field(optional_number(f.ci_high));
        rows.end_row();
    }
    return rows.take();
}

std::string model_fits_csv(const Session& s) {
    Rows rows({"session_id", "protocol", "model", "model_version", "parameter", "value", "unit", "ci_low", "ci_high",
               "identifiable", "rmse", "rmse_unit", "r_squared", "n_observations", "converged"});
    for (const auto& fit : s.model_fits)
        for (const auto& p : fit.parameters) {
            rows.field(std::to_string(s.id)).field(fit.protocol).field(fit.model).field(fit.model_version);
            // A parameter the data cannot identify is named but given no number.
            rows.field(p.name).field(p.identifiable ? csv_number(p.value) : "").field(p.unit);
            rows.field(p.identifiable ? optional_number(p.ci_low) : "");
            rows.field(p.identifiable ? optional_number(p.ci_high) : "");
            rows.field(p.identifiable ? "true" : "false").field(csv_number(fit.quality.rmse)).field(fit.quality.rmse_unit);
            rows.field(csv_number(fit.quality.r_squared)).field(std::to_string(fit.quality.n_observations));
            rows.field(fit.quality.converged ? "true" : "false");
            rows.end_row();
        }
    return rows.take();
}

std::string trials_csv(const Session& s) {
    Rows rows({"session_id", "trial_index", "protocol", "condition", "start_s", "accepted", "note", "channels"});
    for (const auto& t : s.trials) {
        std::string channels;
        for (const auto& c : t.recording.channels) channels += (channels.empty() ? "" : ";") + c.name;
        rows.field(std::to_string(s.id)).field(std::to_string(t.index)).field(t.protocol).field(t.condition);
        rows.field(csv_number(t.start_s)).field(t.accepted ? "true" : "false").field(t.note).field(channels);
        rows.end_row();
    }
    return rows.take();
}

std::string events_csv(const Session& s) {
    Rows rows({"session_id", "trial_index", "t_s", "kind", "label", "values"});
    for (const auto& t : s.trials)
        for (const auto& e : t.recording.events) {
            std::string values;
            for (double v : e.values) values += (values.empty() ? "" : ";") + csv_number(v);
            rows.field(std::to_string(s.id)).field(std::to_string(t.index)).field(csv_number(e.t_s));
            rows.field(e.kind).field(e.label).field(values);
            rows.end_row();
        }
    return rows.take();
}

std::string channel_csv(const Channel& channel) {
    std::string text = "t_s";
    for (const auto& c : channel.components) text += "," + csv_field(c.name + " [" + c.unit + "]");
    text += ",confidence\n";
    text.reserve(channel.size() * (channel.components.size() + 2) * 10);
    for (std::size_t i = 0; i < channel.size(); ++i) {
        text += csv_number(channel.t_s[i]);
        for (const auto& values : channel.values) {
            text += ',';
            if (i < values.size()) text += csv_number(values[i]);
        }
        text += ',';
        if (i < channel.confidence.size()) text += csv_number(channel.confidence[i]);
        text += '\n';
    }
    return text;
}

std::vector<std::filesystem::path> export_session_csv(const Session& session, const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder / "channels");
    std::vector<std::filesystem::path> written;
    auto put = [&](const std::filesystem::path& relative, const std::string& bytes) {
        write_file_atomically(folder / relative, bytes);
        written.push_back(relative);
    };
    put("findings.csv", findings_csv(session));
    put("model_fits.csv", model_fits_csv(session));
    put("trials.csv", trials_csv(session));
    put("events.csv", events_csv(session));
    for (const auto& t : session.trials)
        for (const auto& c : t.recording.channels)
            put(std::filesystem::path("channels") / ("trial_" + two_digits(t.index) + "_" + file_safe(c.name) + ".csv"),
                channel_csv(c));
    return written;
}

}  // namespace purkinje::interop
