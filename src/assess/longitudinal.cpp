#include "purkinje/assess/longitudinal.hpp"

#include <cmath>
#include <algorithm>
#include <fstream>
#include <limits>

#include "assess_internal.hpp"
#include "purkinje/core/paths.hpp"

namespace purkinje::assess {

std::optional<double> mdc95_from_repeats(const std::vector<std::vector<double>>& repeats) {
    double ss = 0;
    int dof = 0;
    for (const auto& subject : repeats) {
        double m = 0;
        int n = 0;
        for (double v : subject)
            if (std::isfinite(v)) m += v, ++n;
        if (n < 2) continue;
        m /= n;
        for (double v : subject)
            if (std::isfinite(v)) ss += (v - m) * (v - m);
        dof += n - 1;
    }
    if (dof == 0) return std::nullopt;
    const double sem = std::sqrt(ss / dof);
    return 1.96 * std::sqrt(2.0) * sem;
}

std::vector<MetricChange> change_from_baseline(
    const std::vector<std::vector<Finding>>& sessions,
    const std::vector<std::pair<std::string, MinimalDetectableChange>>& mdc_by_metric) {
    std::vector<MetricChange> out;
    if (sessions.empty()) return out;
    auto find = [](const std::vector<Finding>& fs, const Finding& like) -> const Finding* {
        for (const auto& f : fs)
            if (f.protocol == like.protocol && f.metric == like.metric) return &f;
        return nullptr;
    };
    for (const auto& base : sessions.front()) {
        MetricChange c;
        c.protocol = base.protocol;
        c.metric = base.metric;
        c.unit = base.unit;
        c.label = base.label;
        for (const auto& s : sessions) {
            const Finding* f = find(s, base);
            c.series.push_back(f ? f->value : std::numeric_limits<double>::quiet_NaN());
        }
        c.baseline = base.value;
        c.latest = c.series.back();
        c.change = c.latest - c.baseline;
        const std::string key = base.protocol + "/" + base.metric;
        for (const auto& [name, mdc] : mdc_by_metric)
            if (name == key || name == base.metric) c.mdc = mdc;
        if (!std::isfinite(c.change)) {
            c.verdict = "not measured in the latest session";
        } else if (!c.mdc) {
            c.verdict = "no MDC known";
        } else if (std::abs(c.change) <= c.mdc->value) {
            c.verdict = "no detectable change";
        } else {
            c.exceeds_mdc = true;
            // Better means toward the normal range: away from a violated limit.
            const auto& n = base.normal;
            if (n.high && !n.low) c.verdict = c.change < 0 ? "better" : "worse";
            else if (n.low && !n.high) c.verdict = c.change > 0 ? "better" : "worse";
            else c.verdict = c.change > 0 ? "increased" : "decreased";
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace purkinje::assess

namespace purkinje::assess {

std::vector<std::pair<std::string, MinimalDetectableChange>> load_mdc(const std::filesystem::path& folder) {
    std::vector<std::pair<std::string, MinimalDetectableChange>> out;
    if (!std::filesystem::is_directory(folder)) return out;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(folder))
        if (e.path().extension() == ".csv") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file);
        std::string line;
        int number = 0;
        while (std::getline(in, line)) {
            if (++number == 1 || line.empty()) continue;
            const std::string where = file.string() + " line " + std::to_string(number);
            const auto f = detail::split_csv(line);
            if (f.size() != 5) throw_bad_input(where, "has " + std::to_string(f.size()) + " fields",
                                               "protocol,metric,unit,mdc95,source");
            const auto value = detail::parse_limit(f[3], where + " column mdc95");
            if (!value || f[4].empty()) throw_bad_input(where, "an MDC needs a value and its source", "both");
            out.push_back({f[0] + "/" + f[1], {*value, f[4]}});
        }
    }
    return out;
}

std::vector<std::pair<std::string, MinimalDetectableChange>> standard_mdc() {
    static const auto table = load_mdc(assets_dir() / "mdc");
    return table;
}

}  // namespace purkinje::assess
