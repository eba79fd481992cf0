#include "longitudinal.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace purkinje::app {

std::optional<double> standard_error_from_interval(const Finding& f) {
    if (!f.ci_low || !f.ci_high || !std::isfinite(*f.ci_low) || !std::isfinite(*f.ci_high) || *f.ci_high < *f.ci_low)
        return std::nullopt;
    return (*f.ci_high - *f.ci_low) / (2.0 * 1.96);
}

std::optional<double> minimal_detectable_change(const Finding& baseline) {
    const auto se = standard_error_from_interval(baseline);
    if (!se) return std::nullopt;
    return 1.96 * std::sqrt(2.0) * *se;
}

MetricChange compare_findings(const Finding& earlier, const Finding& later) {
    MetricChange change;
    change.difference = later.value - earlier.value;
    const auto a = standard_error_from_interval(earlier), b = standard_error_from_interval(later);
    if (a && b) change.threshold = 1.96 * std::sqrt(*a * *a + *b * *b);
    return change;
}

std::vector<const Finding*> SessionFindings::headline(std::size_t count) const {
    std::vector<const Finding*> out;
    for (const auto& f : findings)
        if (f.flag == Flag::High || f.flag == Flag::Low) out.push_back(&f);
    for (const auto& f : findings)
        if (f.flag != Flag::High && f.flag != Flag::Low) out.push_back(&f);
    if (out.size() > count) out.resize(count);
    return out;
}

std::vector<SessionFindings> load_patient_findings(const store::Database& db, const std::string& patient_code) {
    std::vector<SessionFindings> sessions;
    std::map<std::int64_t, std::size_t> by_id;
    auto summaries = db.list_sessions(patient_code);
    std::sort(summaries.begin(), summaries.end(), [](const auto& a, const auto& b) {
        return a.started_at != b.started_at ? a.started_at < b.started_at : a.id < b.id;
    });
    for (auto& s : summaries) {
        by_id[s.id] = sessions.size();
        sessions.push_back({std::move(s), {}});
    }
    for (const auto& metric : db.metrics_of_patient(patient_code))
        for (auto& point : db.metric_series(patient_code, metric))
            if (auto it = by_id.find(point.session_id); it != by_id.end())
                sessions[it->second].findings.push_back(std::move(point.finding));
    return sessions;
}

}  // namespace purkinje::app
