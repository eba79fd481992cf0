#pragma once
// A small plotting widget drawn with ImDrawList (Debian ships no ImPlot): axes with ticks and units,
// several series (lines and/or points, with optional 95% interval whiskers), a legend, a hover
// read-out of the nearest sample, and shaded horizontal bands (a normal range, a minimal detectable
// change around a baseline). Every screen plots with it, from live traces to longitudinal courses.

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

namespace purkinje::app {

struct PlotSeries {
    std::string label;             // legend text
    std::vector<double> x, y;      // equal lengths; NaN in y breaks the line
    std::vector<double> y_low, y_high;  // optional interval per point (empty = none)
    ImU32 color = 0;               // 0 = next colour of the palette
    bool line = true;
    bool points = false;
    float thickness = 1.5f;        // of the line; a point's radius when larger than 3.5
};

// A horizontal band across the plot, e.g. the normal range [low, high]; an open side extends to the
// edge of the plot.
struct PlotBand {
    std::optional<double> low, high;
    std::string label;             // in the legend
    ImU32 color = IM_COL32(60, 170, 90, 45);
};

// A vertical marker (a stimulus event, a trial boundary).
struct PlotMarker {
    double x = 0;
    std::string label;
    ImU32 color = IM_COL32(120, 120, 120, 160);
};

struct PlotOptions {
    std::string title;
    std::string x_label, x_unit;   // "time", "s"
    std::string y_label, y_unit;   // "gaze x", "deg"
    ImVec2 size{0, 220};           // 0 width = all available
    std::optional<double> x_min, x_max, y_min, y_max;  // absent = fit the data (and bands)
    // When set, x ticks sit at the integer positions 0..n-1 with these labels (dates of sessions).
    std::vector<std::string> x_category_labels;
    std::vector<PlotBand> bands;
    std::vector<PlotMarker> markers;
    bool legend = true;
    bool include_zero = false;     // keep 0 on the y axis (distances, ratios: a drop reads true to scale)
};

// Shorthands that name every field (aggregates with defaults trip -Wmissing-field-initializers).
PlotSeries line_series(std::string label, std::vector<double> x, std::vector<double> y);
PlotBand band(std::optional<double> low, std::optional<double> high, std::string label,
              ImU32 color = IM_COL32(60, 170, 90, 45));

// Draws one plot. Returns true while the mouse hovers the plot area.
bool plot(const char* id, const PlotOptions& options, const std::vector<PlotSeries>& series);

// "Nice" tick positions (1, 2, 5 x 10^k steps) covering [lo, hi] with at most about max_ticks ticks.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

// The fixed palette, distinguishable in colour-blind vision (Okabe & Ito 2008).
ImU32 palette_colour(int index);

// A number with a sensible count of digits for its tick step.
std::string format_tick(double value, double step);

}  // namespace purkinje::app
