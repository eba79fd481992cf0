#pragma once
// Reading a metric's course across sessions: is a change larger than the measurement can resolve?
//
// The store keeps each finding's 95% interval where its method gives one. From it the standard error
// is SE = (ci_high - ci_low) / (2 * 1.96), and the minimal detectable change at 95% confidence is
// MDC95 = 1.96 * sqrt(2) * SE (Weir 2005, J Strength Cond Res 19:231-240; Haley & Fragala-Pinkham
// 2006, Phys Ther 86:735-743). For two sessions with their own intervals the threshold is
// 1.96 * sqrt(SE_a^2 + SE_b^2). Without an interval no change is called detectable.

#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/finding.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::app {

std::optional<double> standard_error_from_interval(const Finding& finding);
std::optional<double> minimal_detectable_change(const Finding& baseline);

struct MetricChange {
    double difference = 0;                 // later - earlier, in the finding's unit
    std::optional<double> threshold;       // the smallest detectable difference; absent without intervals
    bool detectable() const { return threshold && std::abs(difference) > *threshold; }
};
MetricChange compare_findings(const Finding& earlier, const Finding& later);

// A session of a patient with its latest findings, assembled from the store's per-metric series.
struct SessionFindings {
    store::SessionSummary summary;
    std::vector<Finding> findings;
    // Up to `count` findings for the session list: flagged ones first, then in metric order.
    std::vector<const Finding*> headline(std::size_t count) const;
};

// Every session of a patient (oldest first) with the findings of its latest analysis.
std::vector<SessionFindings> load_patient_findings(const store::Database& db, const std::string& patient_code);

}  // namespace purkinje::app
