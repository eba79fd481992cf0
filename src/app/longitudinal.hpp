#pragma once
// Reading a metric's course across sessions: is a change larger than the measurement can resolve?
//
// The threshold is the report's minimal detectable change (report::minimal_detectable_change, from
// the two findings' 95% intervals), so the screen and the PDF call the same changes real. Around a
// baseline it is that of the baseline with itself, 1.96 * sqrt(2) * SE (Weir 2005, J Strength Cond
// Res 19:231-240). Without an interval no change is called detectable.

#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/finding.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::app {

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
