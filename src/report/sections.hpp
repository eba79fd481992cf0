#pragma once
// The parts of a report: one section per protocol (plots from the stored channels, the analysis'
// findings and model fits), and the longitudinal page.

#include <string>
#include <vector>

#include "document.hpp"
#include "plot.hpp"
#include "purkinje/core/session.hpp"
#include "purkinje/report/pdf_report.hpp"

namespace purkinje::report::detail {

// The protocols of a session in order of their first trial, then those known only from findings.
std::vector<std::string> protocols_of(const Session& session);

void protocol_section(Document& doc, const Session& session, const std::string& protocol);

// Every metric with at least one point, as one small plot each: values with their intervals across
// sessions, the normal band, and the change against the first session with its minimal detectable change.
void longitudinal_pages(Document& doc, const std::vector<MetricCourse>& history);

// Plots side by side across the page, each given its frame (from its template's titles and labels).
void plot_row(Document& doc, double height, const std::vector<std::function<void(cairo_t*, const Axes&)>>& plots,
              const std::vector<Axes>& templates);

// A component of a channel as doubles (NaN where confidence is 0).
std::vector<double> component_values(const Channel& channel, const std::string& component);

}  // namespace purkinje::report::detail
