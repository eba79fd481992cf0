#pragma once
// Change over a course of sessions: per metric, the series, the change from baseline and whether it
// exceeds the minimal detectable change (MDC95 = 1.96 * sqrt(2) * SEM, Weir 2005, J Strength Cond Res
// 19:231), with the SEM either published (cited) or measured on repeat sessions.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/finding.hpp"

namespace purkinje::assess {

struct MinimalDetectableChange {
    double value = 0;      // in the metric's unit
    std::string source;    // a citation, or "test-retest of N simulated repeat sessions (preset ...)"
};

// MDC95 from repeated measurements of the same (unchanged) subjects: `repeats[s]` are one subject's
// values; SEM is the pooled within-subject SD. nullopt with fewer than 2 values for every subject.
std::optional<double> mdc95_from_repeats(const std::vector<std::vector<double>>& repeats);

struct MetricChange {
    std::string protocol, metric, unit, label;
    std::vector<double> series;          // oldest first (NaN where a session lacks the metric)
    double baseline = 0, latest = 0;
    double change = 0;                   // latest - baseline
    std::optional<MinimalDetectableChange> mdc;
    bool exceeds_mdc = false;
    // "better" / "worse" / "no detectable change" / "no MDC known", judged by the normal range's side
    std::string verdict;
};

// One session's findings per element of `sessions` (oldest first). Every metric present in the
// baseline (first) session is followed; `mdc_for` names the MDC of a metric (nullopt when unknown).
std::vector<MetricChange> change_from_baseline(
    const std::vector<std::vector<Finding>>& sessions,
    const std::vector<std::pair<std::string, MinimalDetectableChange>>& mdc_by_metric);

}  // namespace purkinje::assess

namespace purkinje::assess {

// The MDC95 table, assets/mdc/*.csv (protocol,metric,unit,mdc95,source): published values where
// known, else measured test-retest spread of simulated repeat sessions (`purkinje-cli demo --retest`).
// Keys are "protocol/metric".
std::vector<std::pair<std::string, MinimalDetectableChange>> standard_mdc();
std::vector<std::pair<std::string, MinimalDetectableChange>> load_mdc(const std::filesystem::path& folder);

}  // namespace purkinje::assess
