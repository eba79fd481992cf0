#include <cmath>

#include "document.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/report/impression.hpp"
#include "purkinje/report/pdf_report.hpp"
#include "sections.hpp"
#include "tables.hpp"

namespace purkinje::report {
namespace {

using namespace detail;

std::string age_and_sex(const Patient& patient, const std::string& at) {
    std::string text;
    if (patient.birth_year && at.size() >= 4) {
        const int year = std::stoi(at.substr(0, 4));
        // Only the birth year is stored: the age is the one reached during the session's year.
        text = std::to_string(year - *patient.birth_year) + " years (born " + std::to_string(*patient.birth_year) + ")";
    } else {
        text = "age not recorded";
    }
    return text + ", " + patient.sex;
}

std::string date_time(const std::string& iso) {
    // "2026-11-27T10:00:00Z" -> "2026-11-27 10:00 UTC"
    if (iso.size() >= 16 && iso[10] == 'T') return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
    return iso.empty() ? "not recorded" : iso;
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

void title_block(Document& doc, const std::string& title, const std::vector<std::pair<std::string, std::string>>& rows,
                 const std::vector<std::pair<std::string, std::string>>& wide) {
    doc.block(26, [title](cairo_t* cr, double top) { show_text(cr, kMargin, top + 18, title, Font::Bold, 17); });
    key_value_grid(doc, rows, wide);
}

void sara_block(Document& doc, const Session& session) {
    const auto items = sara_items(session.findings);
    doc.heading("SARA limb items (estimated)", 11);
    if (items.empty()) {
        doc.paragraph("No SARA item was estimated in this session.", Font::Italic, 8.5, kGrey);
        return;
    }
    double total = 0;
    std::string line;
    for (const auto& f : items) {
        total += std::isfinite(f.value) ? f.value : 0;
        line += (line.empty() ? "" : ";  ") + (f.label.empty() ? f.metric : f.label) + ": " + format_value(f.value);
    }
    doc.paragraph(line, Font::Regular, 9);
    doc.paragraph("Sum of the items shown: " + format_value(total) +
                      ". The items are estimated from the movement recordings (Schmitz-Huebsch et al. 2006 scale); "
                      "the examiner's own rating prevails.",
                  Font::Regular, 7.5, kGrey);
}

std::string default_date(const std::string& requested, const std::string& fallback) {
    return requested.empty() ? fallback : requested;
}

void comment_block(Document& doc, const Session& session) {
    doc.heading("Clinician's comment", 11);
    doc.paragraph(session.comment.empty() ? "No comment was entered." : session.comment,
                  session.comment.empty() ? Font::Italic : Font::Regular, 9.5);
}

}  // namespace

std::optional<double> minimal_detectable_change(const Finding& a, const Finding& b) {
    if (!a.ci_low || !a.ci_high || !b.ci_low || !b.ci_high) return std::nullopt;
    const double se_a = (*a.ci_high - *a.ci_low) / (2 * 1.96), se_b = (*b.ci_high - *b.ci_low) / (2 * 1.96);
    return 1.96 * std::sqrt(se_a * se_a + se_b * se_b);
}

std::string render_session_pdf(const Patient& patient, const Session& session, const std::vector<MetricCourse>& history,
                               const ReportOptions& options) {
    Document doc("Purkinje cerebellar examination, session " + std::to_string(session.id) + " of " +
                     date_time(session.started_at),
                 patient.code);
    const std::string camera = or_dash(session.camera) +
                               (session.camera_fps > 0 ? ", " + format_value(session.camera_fps) + " frames/s" : "");
    title_block(doc, "Cerebellar motor examination",
                {{"Patient", patient.code},
                 {"Age, sex", age_and_sex(patient, session.started_at)},
                 {"Session", std::to_string(session.id) + ", " + date_time(session.started_at)},
                 {"Examiner", or_dash(session.examiner)}},
                // Free text of any length goes in the full-width rows, which wrap.
                {{"Diagnosis", or_dash(patient.diagnosis)},
                 {"Camera", camera},
                 {"Software", "Purkinje " + or_dash(session.software_version) + " recorded, analysis " +
                                  or_dash(session.analysis_version) + ", report " + software_version()}});

    doc.heading("Summary");
    if (session.findings.empty()) doc.paragraph("No findings were stored for this session.", Font::Italic, 9, kGrey);
    else findings_table(doc, session.findings, {true, false});
    sara_block(doc, session);
    doc.heading("Impression", 11);
    doc.paragraph(impression(session), Font::Regular, 9.5);
    comment_block(doc, session);

    for (const auto& protocol : protocols_of(session)) {
        doc.new_page();
        protocol_section(doc, session, protocol);
    }
    bool has_course = false;
    for (const auto& course : history) has_course = has_course || course.points.size() > 1;
    if (has_course) {
        doc.new_page();
        doc.heading("Course across sessions");
        longitudinal_pages(doc, history);
    }
    return doc.finish("Purkinje report " + patient.code + " session " + std::to_string(session.id),
                      default_date(options.creation_date, session.started_at));
}

std::string render_longitudinal_pdf(const Patient& patient, const std::vector<MetricCourse>& history,
                                    const ReportOptions& options) {
    std::string last;
    std::size_t sessions = 0;
    for (const auto& course : history)
        for (const auto& p : course.points) {
            last = std::max(last, p.started_at);
            sessions = std::max(sessions, course.points.size());
        }
    if (last.empty())
        throw_bad_input("patient " + patient.code, "has no analysed session, so there is no course to report",
                        "at least one session with findings");
    Document doc("Purkinje course of patient " + patient.code, patient.code);
    title_block(doc, "Course across sessions",
                {{"Patient", patient.code},
                 {"Age, sex", age_and_sex(patient, last)},
                 {"Metrics", std::to_string(history.size()) + " over up to " + std::to_string(sessions) + " sessions"},
                 {"Last session", date_time(last)},
                 {"Software", std::string("report ") + software_version()}},
                {{"Diagnosis", or_dash(patient.diagnosis)}});
    doc.paragraph("Each plot shows one metric in every session with its 95% interval (bars), the normal range "
                  "(green band) and, dashed, the first session's value plus and minus the minimal detectable change "
                  "(MDC95 from the two sessions' intervals). A change larger than the MDC is unlikely to be "
                  "measurement noise.",
                  Font::Regular, 8.5, kGrey);
    longitudinal_pages(doc, history);
    return doc.finish("Purkinje course " + patient.code, default_date(options.creation_date, last));
}

}  // namespace purkinje::report
