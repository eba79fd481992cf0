#include "plot.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "purkinje/report/impression.hpp"

namespace purkinje::report::detail {
namespace {

double nice_step(double range, int target_ticks) {
    const double raw = range / target_ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * magnitude) return m * magnitude;
    return 10 * magnitude;
}

std::string tick_label(double value, double step) {
    if (std::fabs(value) < step * 1e-6) value = 0;
    // Every tick of an axis has the decimals its step needs (2.5 needs one, 0.25 two).
    int decimals = 0;
    while (decimals < 6 && std::fabs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals).ptr;
    return std::string(buffer, end);
}

}  // namespace

Span span_of(const std::vector<std::vector<double>>& series, std::vector<double> include) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& s : series)
        for (double v : s)
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    for (double v : include)
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (!std::isfinite(lo)) return {0, 1};
    if (hi - lo < 1e-9) {
        const double pad = std::max(std::fabs(lo) * 0.1, 1e-3);
        lo -= pad, hi += pad;
    }
    const double pad = (hi - lo) * 0.05;
    const double step = nice_step(hi - lo + 2 * pad, 5);
    return {std::floor((lo - pad) / step) * step, std::ceil((hi + pad) / step) * step};
}

void Axes::make_equal_aspect() {
    const double sx = (xs.hi - xs.lo) / w, sy = (ys.hi - ys.lo) / h;
    if (sx > sy) {
        const double extra = (sx * h - (ys.hi - ys.lo)) / 2;
        ys.lo -= extra, ys.hi += extra;
    } else {
        const double extra = (sy * w - (xs.hi - xs.lo)) / 2;
        xs.lo -= extra, xs.hi += extra;
    }
}

void draw_axes(cairo_t* cr, const Axes& a) {
    cairo_set_line_width(cr, 0.6);
    set_colour(cr, kGrey);
    cairo_rectangle(cr, a.x, a.y, a.w, a.h);
    cairo_stroke(cr);
    const double step_x = nice_step(a.xs.hi - a.xs.lo, 5), step_y = nice_step(a.ys.hi - a.ys.lo, 4);
    for (double v = std::ceil(a.xs.lo / step_x) * step_x; v <= a.xs.hi + step_x * 1e-6; v += step_x) {
        const double px = a.px(v);
        set_colour(cr, kLightGrey);
        cairo_move_to(cr, px, a.y);
        cairo_line_to(cr, px, a.y + a.h);
        cairo_stroke(cr);
        show_text(cr, px, a.y + a.h + 9, tick_label(v, step_x), Font::Regular, 6.5, kGrey, Align::Centre);
    }
    for (double v = std::ceil(a.ys.lo / step_y) * step_y; v <= a.ys.hi + step_y * 1e-6; v += step_y) {
        const double py = a.py(v);
        set_colour(cr, kLightGrey);
        cairo_move_to(cr, a.x, py);
        cairo_line_to(cr, a.x + a.w, py);
        cairo_stroke(cr);
        show_text(cr, a.x - 3, py + 2.3, tick_label(v, step_y), Font::Regular, 6.5, kGrey, Align::Right);
    }
    show_text(cr, a.x, a.y - 5, a.title, Font::Bold, 8);
    show_text(cr, a.x + a.w / 2, a.y + a.h + 19, a.x_label, Font::Regular, 7, kBlack, Align::Centre);
    if (!a.y_label.empty()) {
        cairo_save(cr);
        cairo_translate(cr, a.x - 27, a.y + a.h / 2);
        cairo_rotate(cr, -M_PI / 2);
        show_text(cr, 0, 0, a.y_label, Font::Regular, 7, kBlack, Align::Centre);
        cairo_restore(cr);
    }
}

void clip_to(cairo_t* cr, const Axes& a) {
    cairo_rectangle(cr, a.x, a.y, a.w, a.h);
    cairo_clip(cr);
}

void draw_line(cairo_t* cr, const Axes& a, const std::vector<double>& xs, const std::vector<double>& ys,
               Colour colour, double width, bool dashed) {
    cairo_save(cr);
    clip_to(cr, a);
    set_colour(cr, colour);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (dashed) {
        const double dash[] = {3.0, 2.0};
        cairo_set_dash(cr, dash, 2, 0);
    }
    bool pen_down = false;
    const std::size_t n = std::min(xs.size(), ys.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
            pen_down = false;  // a gap stays a gap: never draw across missing samples
            continue;
        }
        if (pen_down) cairo_line_to(cr, a.px(xs[i]), a.py(ys[i]));
        else cairo_move_to(cr, a.px(xs[i]), a.py(ys[i]));
        pen_down = true;
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void draw_points(cairo_t* cr, const Axes& a, const std::vector<double>& xs, const std::vector<double>& ys,
                 Colour colour, double radius, bool hollow) {
    cairo_save(cr);
    clip_to(cr, a);
    set_colour(cr, colour);
    cairo_set_line_width(cr, 0.9);
    for (std::size_t i = 0; i < std::min(xs.size(), ys.size()); ++i) {
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) continue;
        cairo_new_sub_path(cr);
        cairo_arc(cr, a.px(xs[i]), a.py(ys[i]), radius, 0, 2 * M_PI);
        if (hollow) cairo_stroke(cr);
        else cairo_fill(cr);
    }
    cairo_restore(cr);
}

void draw_error_bar(cairo_t* cr, const Axes& a, double x, double lo, double hi, Colour colour) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) return;
    cairo_save(cr);
    clip_to(cr, a);
    set_colour(cr, colour);
    cairo_set_line_width(cr, 0.8);
    const double px = a.px(x);
    cairo_move_to(cr, px, a.py(lo));
    cairo_line_to(cr, px, a.py(hi));
    for (double v : {lo, hi}) {
        cairo_move_to(cr, px - 2.5, a.py(v));
        cairo_line_to(cr, px + 2.5, a.py(v));
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void draw_band(cairo_t* cr, const Axes& a, double lo, double hi, Colour colour) {
    cairo_save(cr);
    clip_to(cr, a);
    set_colour(cr, colour);
    const double top = std::isfinite(hi) ? a.py(hi) : a.y, bottom = std::isfinite(lo) ? a.py(lo) : a.y + a.h;
    cairo_rectangle(cr, a.x, top, a.w, bottom - top);
    cairo_fill(cr);
    cairo_restore(cr);
}

void draw_vertical(cairo_t* cr, const Axes& a, double x, Colour colour, bool dashed) {
    draw_line(cr, a, {x, x}, {a.ys.lo, a.ys.hi}, colour, 0.7, dashed);
}

void draw_horizontal(cairo_t* cr, const Axes& a, double y, Colour colour, bool dashed) {
    draw_line(cr, a, {a.xs.lo, a.xs.hi}, {y, y}, colour, 0.7, dashed);
}

void draw_legend(cairo_t* cr, const Axes& a, const std::vector<std::pair<Colour, std::string>>& entries) {
    double y = a.y + 9;
    for (const auto& [colour, text] : entries) {
        set_colour(cr, colour);
        cairo_set_line_width(cr, 1.6);
        const double x_text = a.x + a.w - 4;
        cairo_text_extents_t extents;
        set_font(cr, Font::Regular, 6.5);
        cairo_text_extents(cr, text.c_str(), &extents);
        const double x_line = x_text - extents.x_advance - 14;
        cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
        cairo_rectangle(cr, x_line - 2, y - 6, x_text - x_line + 4, 8.5);
        cairo_fill(cr);
        set_colour(cr, colour);
        cairo_move_to(cr, x_line, y - 2);
        cairo_line_to(cr, x_line + 10, y - 2);
        cairo_stroke(cr);
        show_text(cr, x_text, y, text, Font::Regular, 6.5, kBlack, Align::Right);
        y += 9;
    }
}

void draw_note(cairo_t* cr, const Axes& a, const std::string& note) {
    show_text(cr, a.x + a.w / 2, a.y + a.h / 2, note, Font::Italic, 7.5, kGrey, Align::Centre);
}

}  // namespace purkinje::report::detail
