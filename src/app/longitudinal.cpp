#include "longitudinal.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "purkinje/report/pdf_report.hpp"

namespace purkinje::app {

std::optional<double> minimal_detectable_change(const Finding& baseline) {
    return report::minimal_detectable_change(baseline, baseline);
}

MetricChange compare_findings(const Finding& earlier, const Finding& later) {
    MetricChange change;
    change.difference = later.value - earlier.value;
    change.threshold = report::minimal_detectable_change(earlier, later);
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
