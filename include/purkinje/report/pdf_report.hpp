#pragma once
// The PDF report for the medical record (cairo, A4, DejaVu fonts embedded).
//
// A session report holds: a header on the first page (patient code, age and sex, session date and
// time, examiner, camera and frame rate, software version); a one-page summary (every finding with its
// value, unit, normal range and flag, the SARA limb items, a plain-language impression made from the
// flags); one section per protocol with its plots drawn from the stored channels and the analysis'
// findings and model fits; the model parameters with their 95% intervals ("not identifiable" where the
// data cannot pin one); the clinician's comment; and, when the patient has earlier sessions, the
// longitudinal page. Every page carries the patient code and "page n of N".
//
// The renderers return the PDF's bytes; writing them to a file (atomically) is the caller's business.
// Same input gives the same bytes: the creation date is the one in ReportOptions, never the clock.

#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/session.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::report {

struct ReportOptions {
    // PDF CreationDate as ISO 8601 UTC ("2026-11-27T10:00:00Z"). Empty: the session's start time
    // (or, for a longitudinal report, the last session's), so the bytes depend on the data only.
    std::string creation_date;
};

// One metric of one protocol across a patient's sessions, oldest first. The protocol is part of the
// key: finger chase and nose-finger both report `endpoint_error_cm`, and they are different courses.
struct MetricCourse {
    std::string protocol;
    std::string metric;
    struct Point {
        std::int64_t session_id = 0;
        std::string started_at;  // ISO 8601 UTC
        Finding finding;
    };
    std::vector<Point> points;
};

// Every (protocol, metric) of the patient across the latest analyses of their sessions, oldest first.
std::vector<MetricCourse> patient_history(const store::Database& db, const std::string& patient_code);

// The report of a stored session as every face writes it: its patient from the database and the
// course up to and including this session (a report of an old session does not show later ones).
std::string render_stored_session_pdf(const store::Database& db, const Session& session,
                                      const ReportOptions& options = {});

// Minimal detectable change of the difference between two sessions at 95% confidence, from the two
// findings' own 95% intervals: MDC95 = 1.96 * sqrt(SE_a^2 + SE_b^2), SE = (ci_high - ci_low) / (2 * 1.96).
// nullopt when either finding has no interval.
std::optional<double> minimal_detectable_change(const Finding& a, const Finding& b);

// The report of one session. `history` (may be empty) adds the longitudinal page when any metric has
// more than one session.
std::string render_session_pdf(const Patient& patient, const Session& session,
                               const std::vector<MetricCourse>& history = {},
                               const ReportOptions& options = {});

// The longitudinal report of one patient: a header and every metric across the sessions, with its
// normal band and minimal detectable change. Throws BadInput when `history` is empty.
std::string render_longitudinal_pdf(const Patient& patient, const std::vector<MetricCourse>& history,
                                    const ReportOptions& options = {});

}  // namespace purkinje::report
