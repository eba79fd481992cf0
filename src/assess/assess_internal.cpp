#include "assess_internal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "purkinje/core/error.hpp"
#include "purkinje/model/reach_model.hpp"
#include "purkinje/signal/conditioning.hpp"

namespace purkinje::assess {

const Finding* ProtocolAnalysis::finding(const std::string& metric) const {
    for (const auto& f : findings)
        if (f.metric == metric) return &f;
    return nullptr;
}

namespace detail {

FindingList::FindingList(ProtocolAnalysis& out, const AnalysisOptions& options)
    : out_(out), norms_(options.norms ? *options.norms : NormTable::standard()) {}

Finding& FindingList::add(const std::string& metric, double value, const std::string& unit,
                          const std::string& method, const std::string& label,
                          std::optional<double> ci_low, std::optional<double> ci_high) {
    Finding f;
    f.protocol = out_.protocol;
    f.metric = metric;
    f.value = value;
    f.unit = unit;
    f.method = method;
    f.label = label;
    f.normal = norms_.range(out_.protocol, metric);
    f.flag = f.normal.judge(value);
    f.ci_low = ci_low;
    f.ci_high = ci_high;
    out_.findings.push_back(std::move(f));
    return out_.findings.back();
}

std::vector<double> component(const Channel& channel, const std::string& name) {
    const auto& v = channel.component(name);
    std::vector<double> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const bool missing = i < channel.confidence.size() && channel.confidence[i] <= 0.0f;
        out[i] = missing ? std::numeric_limits<double>::quiet_NaN() : double(v[i]);
    }
    return out;
}

PositionSeries conditioned_positions(const Channel& channel, const std::string& x_name, const std::string& y_name,
                                     double rate_hz) {
    const auto x = component(channel, x_name);
    const auto y = channel.component_index(y_name) ? component(channel, y_name) : std::vector<double>(x.size(), 0.0);
    // Missing samples are already NaN (confidence 0), so no confidence threshold is applied here:
    // a tracker's confidence is its own quality score, not a probability to cut at 0.5.
    const auto c = signal::condition_series(channel.t_s, x, y, {}, rate_hz);
    PositionSeries out;
    out.t_s = c.t_s;
    out.x = c.x;
    out.y = c.y;
    out.rate_hz = c.rate_hz;
    for (const auto& g : c.gaps) (g.bridged ? out.bridged_gaps : out.open_gaps)++;
    return out;
}

const Channel& require_channel(const Recording& recording, const std::string& name,
                               const std::string& protocol) {
    const Channel* c = recording.find(name);
    if (!c || c->size() < 2)
        throw_bad_input("channel '" + name + "'",
                        "the " + protocol + " recording has no usable '" + name + "' channel",
                        "a '" + name + "' channel with at least two samples");
    return *c;
}

double sample_rate_hz(const Channel& channel) {
    if (channel.size() < 2) return channel.nominal_rate_hz;
    std::vector<double> dt;
    dt.reserve(channel.size() - 1);
    for (std::size_t i = 1; i < channel.size(); ++i) dt.push_back(channel.t_s[i] - channel.t_s[i - 1]);
    const double m = median(dt);
    const double measured = m > 0 ? 1.0 / m : 0.0;
    return channel.nominal_rate_hz > 0 ? std::min(channel.nominal_rate_hz, measured * 1.05) : measured;
}

double require_rate(const Channel& channel, double min_rate_hz, const std::string& protocol) {
    const double rate = sample_rate_hz(channel);
    if (rate + 1e-6 < min_rate_hz) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%.0f Hz is too slow for %s: it needs at least %.0f Hz", rate,
                      protocol.c_str(), min_rate_hz);
        throw Error(ErrorKind::Unsupported, buf, "channel '" + channel.name + "'",
                    "a recording of at least " + std::to_string(int(min_rate_hz)) + " Hz");
    }
    return rate;
}

std::vector<StimulusEvent> events_of(const Recording& recording, const std::string& kind) {
    std::vector<StimulusEvent> out;
    for (const auto& e : recording.events)
        if (e.kind == kind) out.push_back(e);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.t_s < b.t_s; });
    return out;
}

std::mt19937_64 schedule_rng(std::uint64_t seed, std::uint64_t protocol_salt) {
    return std::mt19937_64(seed * 0x9E3779B97F4A7C15ull ^ protocol_salt);
}

StimulusEvent event(double t_s, const char* kind, const char* label, std::vector<double> values) {
    return StimulusEvent{t_s, kind, label, std::move(values)};
}

// RFC 4180 fields: commas inside double quotes, "" for a quote.
std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
            else if (c == '"') quoted = false;
            else fields.back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

std::optional<double> parse_limit(const std::string& text, const std::string& where) {
    if (text.empty()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        throw_bad_input(where, "'" + text + "' is not a number", "a decimal number or an empty field");
    return v;
}

double median(std::vector<double> values) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
                 values.end());
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    const std::size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + long(mid), values.end());
    double m = values[mid];
    if (values.size() % 2 == 0) m = 0.5 * (m + *std::max_element(values.begin(), values.begin() + long(mid)));
    return m;
}

double mean(const std::vector<double>& values) {
    double s = 0;
    int n = 0;
    for (double v : values)
        if (std::isfinite(v)) s += v, ++n;
    return n ? s / n : std::numeric_limits<double>::quiet_NaN();
}

double sd(const std::vector<double>& values) {
    const double m = mean(values);
    double s = 0;
    int n = 0;
    for (double v : values)
        if (std::isfinite(v)) s += (v - m) * (v - m), ++n;
    return n > 1 ? std::sqrt(s / (n - 1)) : std::numeric_limits<double>::quiet_NaN();
}

void fit_reach_model_into(const std::vector<ReachSegment>& segments, const std::string& protocol,
                          ProtocolAnalysis& out) {
    std::vector<model::Reach> reaches;
    for (const auto& s : segments) {
        model::Reach r;
        r.start_cm = {s.start_x, s.start_y, 0};
        r.target_cm = {s.target_x, s.target_y, 0};
        for (std::size_t i = 0; i < s.t_s.size(); ++i) {
            if (!std::isfinite(s.x_cm[i]) || !std::isfinite(s.y_cm[i])) continue;
            r.t_s.push_back(s.t_s[i]);
            r.position_cm.push_back({s.x_cm[i], s.y_cm[i], 0});
        }
        if (r.t_s.size() >= 20 && std::hypot(s.target_x - s.start_x, s.target_y - s.start_y) > 2.0)
            reaches.push_back(std::move(r));
    }
    if (reaches.size() < 3) {
        out.notes.push_back("reach forward model not fitted: fewer than 3 usable reaches");
        return;
    }
    try {
        auto fit = model::fit_reach_model(reaches);
        fit.fit.protocol = protocol;
        out.fits.push_back(std::move(fit.fit));
    } catch (const Error& e) {
        out.notes.push_back(std::string("reach forward model not fitted: ") + e.message());
    }
}

}  // namespace detail
}  // namespace purkinje::assess
