#pragma once
// Plots drawn with cairo: axes with round ticks, lines broken at missing samples, points, error bars,
// horizontal bands (normal ranges) and a legend. Everything draws inside a frame in page points.

#include <string>
#include <utility>
#include <vector>

#include "document.hpp"

namespace purkinje::report::detail {

struct Span {
    double lo = 0, hi = 1;
};

// A span holding every finite value (and `include`, where given), widened by 5% and to round limits.
Span span_of(const std::vector<std::vector<double>>& series, std::vector<double> include = {});

struct Axes {
    double x = 0, y = 0, w = 0, h = 0;  // the plotting area in page points (y = top)
    Span xs, ys;
    std::string title, x_label, y_label;
    bool equal_aspect = false;  // same scale on both axes (a hand path is a map)

    double px(double value) const { return x + (value - xs.lo) / (xs.hi - xs.lo) * w; }
    double py(double value) const { return y + h - (value - ys.lo) / (ys.hi - ys.lo) * h; }
    // Widens the spans so one unit is as long on both axes.
    void make_equal_aspect();
};

void draw_axes(cairo_t* cr, const Axes& axes);
// Clips to the plotting area until restored by the caller's cairo_save/restore.
void clip_to(cairo_t* cr, const Axes& axes);
void draw_line(cairo_t* cr, const Axes& axes, const std::vector<double>& xs, const std::vector<double>& ys,
               Colour colour, double width = 1.0, bool dashed = false);
void draw_points(cairo_t* cr, const Axes& axes, const std::vector<double>& xs, const std::vector<double>& ys,
                 Colour colour, double radius = 2.0, bool hollow = false);
void draw_error_bar(cairo_t* cr, const Axes& axes, double x, double lo, double hi, Colour colour);
void draw_band(cairo_t* cr, const Axes& axes, double lo, double hi, Colour colour);
void draw_vertical(cairo_t* cr, const Axes& axes, double x, Colour colour, bool dashed = true);
void draw_horizontal(cairo_t* cr, const Axes& axes, double y, Colour colour, bool dashed = true);
// A legend in the top-right corner of the plotting area: one line per (colour, text).
void draw_legend(cairo_t* cr, const Axes& axes, const std::vector<std::pair<Colour, std::string>>& entries);
// A note in the middle of an empty plot ("no hand samples").
void draw_note(cairo_t* cr, const Axes& axes, const std::string& note);

}  // namespace purkinje::report::detail
