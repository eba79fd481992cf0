#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "plot.hpp"
#include "purkinje/report/impression.hpp"
#include "sections.hpp"

namespace purkinje::report::detail {
namespace {

std::string signed_value(double v) { return (v > 0 ? "+" : "") + format_value(v); }

void course_block(Document& doc, const MetricCourse& course) {
    if (course.points.empty()) return;
    const Finding& first = course.points.front().finding;
    const Finding& last = course.points.back().finding;
    const std::string unit = unit_after_number(first.unit).empty() ? "" : " " + first.unit;
    std::vector<double> xs, ys, include;
    std::vector<std::array<double, 3>> bars;
    for (std::size_t k = 0; k < course.points.size(); ++k) {
        const Finding& f = course.points[k].finding;
        xs.push_back(static_cast<double>(k + 1));
        ys.push_back(f.value);
        if (f.ci_low && f.ci_high) {
            bars.push_back({static_cast<double>(k + 1), *f.ci_low, *f.ci_high});
            include.push_back(*f.ci_low), include.push_back(*f.ci_high);
        }
    }
    const NormalRange normal = first.normal;
    if (normal.low) include.push_back(*normal.low);
    if (normal.high) include.push_back(*normal.high);
    std::optional<double> mdc;
    if (course.points.size() > 1) mdc = minimal_detectable_change(first, last);
    if (mdc) include.push_back(first.value + *mdc), include.push_back(first.value - *mdc);

    std::vector<std::string> lines;
    lines.push_back(protocol_title(course.protocol) + ": " + (first.label.empty() ? course.metric : first.label));
    lines.push_back("metric " + course.metric + (first.method.empty() ? "" : ", method " + first.method));
    for (const auto& p : course.points)
        lines.push_back(p.started_at.substr(0, 10) + " (session " + std::to_string(p.session_id) +
                        "): " + format_value(p.finding.value) + unit + ", " + to_string(p.finding.flag));
    if (course.points.size() > 1) {
        const double change = last.value - first.value;
        std::string verdict = "change since the first session " + signed_value(change) + unit;
        if (mdc)
            verdict += std::string("; MDC95 ") + format_value(*mdc) + unit +
                       (std::fabs(change) > *mdc ? ": beyond measurement noise" : ": within measurement noise");
        else
            verdict += "; no MDC (a session has no interval)";
        lines.push_back(verdict);
    }
    if (!normal.citation.empty()) lines.push_back("normal range " + format_range(normal) + unit + ": " + normal.citation);

    const double plot_w = doc.width() * 0.42, text_x = doc.left() + 36 + plot_w + 18;
    std::vector<std::pair<std::string, bool>> wrapped;  // line, bold (the metric's name)
    for (std::size_t k = 0; k < lines.size(); ++k)
        for (const auto& w : doc.wrap(lines[k], k == 0 ? Font::Bold : Font::Regular, k == 0 ? 8.5 : 7.2,
                                      doc.right() - text_x))
            wrapped.push_back({w, k == 0});
    const double height = std::max(150.0, 12.0 + 9.5 * wrapped.size());
    const double first_value = first.value, x_left = doc.left() + 36;
    const std::size_t n = course.points.size();
    doc.block(height, [=](cairo_t* cr, double top) {
        Axes a;
        a.x = x_left, a.y = top + 14, a.w = plot_w, a.h = 150 - 44;
        a.xs = {0.5, n + 0.5};
        a.ys = span_of({ys}, include);
        a.x_label = "session (oldest first)";
        a.y_label = first.unit == "1" ? "ratio" : unit_after_number(first.unit);
        if (normal.low || normal.high)
            draw_band(cr, a, normal.low.value_or(-INFINITY), normal.high.value_or(INFINITY), kNormalBand);
        draw_axes(cr, a);
        if (mdc) {
            draw_horizontal(cr, a, first_value + *mdc, kOrange);
            draw_horizontal(cr, a, first_value - *mdc, kOrange);
        }
        for (const auto& b : bars) draw_error_bar(cr, a, b[0], b[1], b[2], kBlack);
        draw_line(cr, a, xs, ys, kBlue, 0.9);
        draw_points(cr, a, xs, ys, kBlue, 2.4);
        double y = top + 12;
        for (const auto& [line, bold] : wrapped) {
            show_text(cr, text_x, y, line, bold ? Font::Bold : Font::Regular, bold ? 8.5 : 7.2);
            y += 9.5;
        }
    });
}

}  // namespace

void longitudinal_pages(Document& doc, const std::vector<MetricCourse>& history) {
    for (const auto& course : history) course_block(doc, course);
}

}  // namespace purkinje::report::detail

namespace purkinje::report {

std::vector<MetricCourse> patient_history(const store::Database& db, const std::string& patient_code) {
    std::vector<MetricCourse> history;
    for (const auto& metric : db.metrics_of_patient(patient_code)) {
        const std::size_t first_of_metric = history.size();
        for (const auto& point : db.metric_series(patient_code, metric)) {
            auto course = std::find_if(history.begin() + std::ptrdiff_t(first_of_metric), history.end(),
                                       [&](const MetricCourse& c) { return c.protocol == point.finding.protocol; });
            if (course == history.end()) {
                history.push_back({point.finding.protocol, metric, {}});
                course = history.end() - 1;
            }
            course->points.push_back({point.session_id, point.started_at, point.finding});
        }
    }
    return history;
}

std::string render_stored_session_pdf(const store::Database& db, const Session& session, const ReportOptions& options) {
    auto history = patient_history(db, session.patient_code);
    for (auto& course : history)
        std::erase_if(course.points, [&](const auto& p) { return p.started_at > session.started_at; });
    return render_session_pdf(db.patient(session.patient_code), session, history, options);
}

}  // namespace purkinje::report
