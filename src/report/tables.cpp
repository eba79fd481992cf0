#include "tables.hpp"

#include <algorithm>
#include <cmath>

#include "purkinje/report/impression.hpp"

namespace purkinje::report::detail {
namespace {

constexpr double kRowSize = 8.2;
constexpr double kLeading = 11.5;

std::string unit_text(const std::string& unit) { return unit == "1" ? "ratio" : unit_after_number(unit); }

std::string interval_text(const std::optional<double>& lo, const std::optional<double>& hi) {
    if (!lo || !hi) return "";
    return format_value(*lo) + " to " + format_value(*hi);
}

struct HeaderCell {
    double x;
    const char* text;
    Align align = Align::Left;
};

// A table's bold header row with a grey rule under it, across the text width.
void header_row(Document& doc, std::vector<HeaderCell> cells) {
    const double x = doc.left(), w = doc.width();
    doc.block(kLeading + 2, [x, w, cells = std::move(cells)](cairo_t* cr, double top) {
        for (const auto& c : cells) show_text(cr, c.x, top + 8.5, c.text, Font::Bold, kRowSize, kBlack, c.align);
        set_colour(cr, kGrey);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, x, top + kLeading);
        cairo_line_to(cr, x + w, top + kLeading);
        cairo_stroke(cr);
    });
}

}  // namespace

Colour flag_colour(Flag flag) {
    switch (flag) {
        case Flag::High: return kHigh;
        case Flag::Low: return kLow;
        case Flag::Normal: return kGreen;
        case Flag::NotJudged: return kGrey;
    }
    return kGrey;
}

void findings_table(Document& doc, const std::vector<Finding>& findings, const FindingsTableStyle& style) {
    const double x = doc.left(), w = doc.width();
    // Columns: finding | value | unit | normal range | flag.
    const double c_value = x + w * 0.50, c_unit = x + w * 0.53, c_range = x + w * 0.64, c_flag = x + w * 0.86;
    const double label_width = w * 0.40;
    header_row(doc, {{x, "Finding"},
                     {c_value, "Value", Align::Right},
                     {c_unit, "Unit"},
                     {c_range, "Normal range"},
                     {c_flag, "Flag"}});
    std::string protocol;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& f = findings[i];
        if (style.show_protocol_rows && f.protocol != protocol) {
            protocol = f.protocol;
            const std::string title = protocol_title(protocol);
            doc.block(kLeading + 3, [=](cairo_t* cr, double top) {
                show_text(cr, x, top + 11, title, Font::Bold, kRowSize, kGrey);
            });
        }
        const auto label_lines = doc.wrap(f.label.empty() ? f.metric : f.label, Font::Regular, kRowSize, label_width);
        std::vector<std::string> detail_lines;
        if (style.show_method) {
            std::string detail = "method: " + f.method;
            if (const auto ci = interval_text(f.ci_low, f.ci_high); !ci.empty()) detail += "; 95% interval " + ci;
            if (!f.normal.citation.empty()) detail += "; norm: " + f.normal.citation;
            detail_lines = doc.wrap(detail, Font::Regular, 6.5, w - 12);
        }
        const double height = kLeading * label_lines.size() + 8.5 * detail_lines.size() + 2;
        const std::string value = format_value(f.value), unit = unit_text(f.unit), range = format_range(f.normal);
        const std::string flag = to_string(f.flag);
        const Colour colour = flag_colour(f.flag);
        const bool shaded = i % 2 == 1;
        doc.block(height, [=](cairo_t* cr, double top) {
            if (shaded) {
                set_colour(cr, Colour{0.96, 0.96, 0.96});
                cairo_rectangle(cr, x, top, w, height);
                cairo_fill(cr);
            }
            const double base = top + 8.8;
            for (std::size_t k = 0; k < label_lines.size(); ++k)
                show_text(cr, x + 2, base + kLeading * k, label_lines[k], Font::Regular, kRowSize);
            show_text(cr, c_value, base, value, f.flag == Flag::High || f.flag == Flag::Low ? Font::Bold : Font::Regular,
                      kRowSize, kBlack, Align::Right);
            show_text(cr, c_unit, base, unit, Font::Regular, kRowSize);
            show_text(cr, c_range, base, range, Font::Regular, kRowSize);
            show_text(cr, c_flag, base, flag, Font::Bold, kRowSize, colour);
            const double detail_top = top + kLeading * label_lines.size() + 6.5;
            for (std::size_t k = 0; k < detail_lines.size(); ++k)
                show_text(cr, x + 12, detail_top + 8.5 * k, detail_lines[k], Font::Regular, 6.5, kGrey);
        });
    }
    doc.advance(6);
}

void model_fit_table(Document& doc, const ModelFit& fit) {
    const double x = doc.left(), w = doc.width();
    const double c_value = x + w * 0.42, c_unit = x + w * 0.45, c_ci = x + w * 0.58;
    doc.paragraph(fit.model + " (version " + fit.model_version + ") fitted to " + protocol_title(fit.protocol),
                  Font::Bold, 8.8);
    header_row(doc, {{x, "Parameter"}, {c_value, "Value", Align::Right}, {c_unit, "Unit"}, {c_ci, "95% interval"}});
    for (const auto& p : fit.parameters) {
        // A parameter the data cannot pin is named, never given a number.
        const std::string value = p.identifiable ? format_value(p.value) : "";
        const std::string ci = p.identifiable ? (p.ci_low && p.ci_high ? interval_text(p.ci_low, p.ci_high)
                                                                       : "no interval")
                                              : "not identifiable";
        const std::string name = p.name, unit = p.identifiable ? unit_text(p.unit) : "";
        const bool identifiable = p.identifiable;
        doc.block(kLeading, [=](cairo_t* cr, double top) {
            const double base = top + 8.8;
            show_text(cr, x + 2, base, name, Font::Mono, kRowSize);
            show_text(cr, c_value, base, value, Font::Regular, kRowSize, kBlack, Align::Right);
            show_text(cr, c_unit, base, unit, Font::Regular, kRowSize);
            show_text(cr, c_ci, base, ci, identifiable ? Font::Regular : Font::Italic, kRowSize,
                      identifiable ? kBlack : kHigh);
        });
    }
    const auto& q = fit.quality;
    doc.paragraph("Fit: RMSE " + format_value(q.rmse) + " " + unit_text(q.rmse_unit) + ", R squared " + format_value(q.r_squared) +
                      ", " + std::to_string(q.n_observations) + " observations, " +
                      (q.converged ? "converged" : "did NOT converge") + (q.message.empty() ? "" : " (" + q.message + ")"),
                  Font::Regular, 7.5, kGrey);
}

void key_value_grid(Document& doc, const std::vector<std::pair<std::string, std::string>>& rows,
                    const std::vector<std::pair<std::string, std::string>>& wide) {
    const double x = doc.left(), half = doc.width() / 2;
    for (std::size_t i = 0; i < rows.size(); i += 2) {
        std::vector<std::pair<std::string, std::string>> line(rows.begin() + i,
                                                              rows.begin() + std::min(rows.size(), i + 2));
        doc.block(12.5, [=](cairo_t* cr, double top) {
            for (std::size_t k = 0; k < line.size(); ++k) {
                const double cx = x + half * k;
                show_text(cr, cx, top + 9, line[k].first, Font::Bold, 8.5, kGrey);
                show_text(cr, cx + 78, top + 9, line[k].second, Font::Regular, 8.5);
            }
        });
    }
    for (const auto& [key, value] : wide) {
        const auto lines = doc.wrap(value, Font::Regular, 8.5, doc.width() - 78);
        for (std::size_t i = 0; i < lines.size(); ++i)
            doc.block(12.5, [=, key = i == 0 ? key : std::string(), line = lines[i]](cairo_t* cr, double top) {
                if (!key.empty()) show_text(cr, x, top + 9, key, Font::Bold, 8.5, kGrey);
                show_text(cr, x + 78, top + 9, line, Font::Regular, 8.5);
            });
    }
    doc.advance(4);
}

}  // namespace purkinje::report::detail
