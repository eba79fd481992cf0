#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "purkinje/core/finding.hpp"

namespace purkinje::app {
namespace {

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (!std::isfinite(v)) return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool valid() const { return lo <= hi; }
};

// Widens a range that is empty or a single value so the axis still has a scale.
void pad(Range& r, double fraction) {
    if (!r.valid()) {
        r.lo = 0;
        r.hi = 1;
        return;
    }
    double span = r.hi - r.lo;
    if (span <= 0) span = std::max(1e-6, std::abs(r.hi) * 0.1 + (r.hi == 0 ? 1.0 : 0.0));
    r.lo -= span * fraction;
    r.hi += span * fraction;
}

std::string axis_title(const std::string& label, const std::string& unit) {
    const std::string shown = unit_after_number(unit);
    if (shown.empty()) return label;
    return label.empty() ? "[" + shown + "]" : label + " [" + shown + "]";
}

}  // namespace

PlotSeries line_series(std::string label, std::vector<double> x, std::vector<double> y) {
    PlotSeries s;
    s.label = std::move(label);
    s.x = std::move(x);
    s.y = std::move(y);
    return s;
}

PlotBand band(std::optional<double> low, std::optional<double> high, std::string label, ImU32 color) {
    PlotBand b;
    b.low = low;
    b.high = high;
    b.label = std::move(label);
    b.color = color;
    return b;
}

ImU32 palette_colour(int index) {
    static const ImU32 colours[] = {
        IM_COL32(0, 114, 178, 255),   // blue
        IM_COL32(213, 94, 0, 255),    // vermillion
        IM_COL32(0, 158, 115, 255),   // bluish green
        IM_COL32(204, 121, 167, 255), // reddish purple
        IM_COL32(230, 159, 0, 255),   // orange
        IM_COL32(86, 180, 233, 255),  // sky blue
        IM_COL32(0, 0, 0, 255),       // black
    };
    const int n = static_cast<int>(sizeof colours / sizeof colours[0]);
    return colours[((index % n) + n) % n];
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
    std::vector<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo || max_ticks < 2) return ticks;
    const double raw = (hi - lo) / (max_ticks - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude * 10;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * magnitude * (1 + 1e-9)) {
            step = m * magnitude;
            break;
        }
    // A step so coarse that fewer than two ticks fall inside steps down the 1-2-5 ladder.
    for (int attempt = 0; attempt < 4; ++attempt) {
        ticks.clear();
        const double first = std::ceil(lo / step - 1e-9) * step;
        for (double v = first; v <= hi + step * 1e-9 && ticks.size() < 100; v += step)
            ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
        if (ticks.size() >= 2) break;
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        step *= mantissa < 1.5 ? 0.5 : mantissa < 3 ? 0.5 : 0.4;  // 1 -> 0.5, 2 -> 1, 5 -> 2
    }
    return ticks;
}

std::string format_tick(double value, double step) {
    int digits = 0;
    if (step > 0 && step < 1) digits = std::min(6, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", digits, value);
    return text;
}

bool plot(const char* id, const PlotOptions& options, const std::vector<PlotSeries>& series) {
    ImGui::PushID(id);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    ImVec2 size = options.size;
    if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
    if (size.y <= 0) size.y = 220;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("plot", size);
    const bool hovered = ImGui::IsItemHovered();

    // Data ranges (bands count for y, so a normal range is always in view).
    Range xr, yr;
    for (const auto& s : series) {
        const std::size_t n = std::min(s.x.size(), s.y.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(s.y[i])) continue;
            xr.add(s.x[i]);
            yr.add(s.y[i]);
            if (i < s.y_low.size()) yr.add(s.y_low[i]);
            if (i < s.y_high.size()) yr.add(s.y_high[i]);
        }
    }
    for (const auto& b : options.bands) {
        if (b.low) yr.add(*b.low);
        if (b.high) yr.add(*b.high);
    }
    if (options.include_zero) yr.add(0.0);
    if (!options.x_category_labels.empty()) {
        xr.lo = -0.5;
        xr.hi = static_cast<double>(options.x_category_labels.size()) - 0.5;
    } else {
        pad(xr, 0.0);
    }
    pad(yr, 0.06);
    const double x0 = options.x_min.value_or(xr.lo), x1 = options.x_max.value_or(xr.hi);
    const double y0 = options.y_min.value_or(yr.lo), y1 = options.y_max.value_or(yr.hi);

    // Layout: title on top, y tick labels on the left, x tick labels and title below.
    const float title_h = options.title.empty() ? font * 0.4f : font * 1.4f;
    const float left = font * 4.2f, bottom = font * 2.6f, right = font * 0.8f;
    const ImVec2 p0(origin.x + left, origin.y + title_h);
    const ImVec2 p1(origin.x + size.x - right, origin.y + size.y - bottom);
    if (p1.x - p0.x < 20 || p1.y - p0.y < 20) {
        ImGui::PopID();
        return hovered;
    }
    auto to_px = [&](double x, double y) {
        const double fx = (x - x0) / (x1 - x0), fy = (y - y0) / (y1 - y0);
        return ImVec2(static_cast<float>(p0.x + fx * (p1.x - p0.x)), static_cast<float>(p1.y - fy * (p1.y - p0.y)));
    };
    const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 grid_colour = IM_COL32(0, 0, 0, 28);

    draw->AddRectFilled(p0, p1, IM_COL32(255, 255, 255, 255));
    if (!options.title.empty()) draw->AddText(ImVec2(p0.x, origin.y), text_colour, options.title.c_str());

    // Bands under everything else.
    draw->PushClipRect(p0, p1, true);
    for (const auto& b : options.bands) {
        const ImVec2 a = to_px(x0, b.high.value_or(y1)), c = to_px(x1, b.low.value_or(y0));
        draw->AddRectFilled(ImVec2(p0.x, a.y), ImVec2(p1.x, c.y), b.color);
    }
    draw->PopClipRect();

    // Ticks and grid.
    const int max_y_ticks = std::max(3, static_cast<int>((p1.y - p0.y) / (font * 1.6f)));
    const auto yticks = nice_ticks(y0, y1, max_y_ticks);
    const double ystep = yticks.size() > 1 ? yticks[1] - yticks[0] : 1.0;
    for (double v : yticks) {
        const ImVec2 p = to_px(x0, v);
        draw->AddLine(ImVec2(p0.x, p.y), ImVec2(p1.x, p.y), grid_colour);
        const std::string label = format_tick(v, ystep);
        const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        draw->AddText(ImVec2(p0.x - ts.x - font * 0.3f, p.y - ts.y * 0.5f), text_colour, label.c_str());
    }
    if (!options.x_category_labels.empty()) {
        const int n = static_cast<int>(options.x_category_labels.size());
        const float slot = (p1.x - p0.x) / std::max(1, n);
        float last_right = -1e9f;
        for (int i = 0; i < n; ++i) {
            const ImVec2 p = to_px(i, y0);
            draw->AddLine(ImVec2(p.x, p0.y), ImVec2(p.x, p1.y), grid_colour);
            const char* label = options.x_category_labels[i].c_str();
            const ImVec2 ts = ImGui::CalcTextSize(label);
            if (p.x - ts.x * 0.5f < last_right + font * 0.5f && slot < ts.x) continue;  // no overlap
            draw->AddText(ImVec2(p.x - ts.x * 0.5f, p1.y + font * 0.2f), text_colour, label);
            last_right = p.x + ts.x * 0.5f;
        }
    } else {
        const int max_x_ticks = std::max(2, static_cast<int>((p1.x - p0.x) / (font * 4.5f)));
        const auto xticks = nice_ticks(x0, x1, max_x_ticks);
        const double xstep = xticks.size() > 1 ? xticks[1] - xticks[0] : 1.0;
        for (double v : xticks) {
            const ImVec2 p = to_px(v, y0);
            draw->AddLine(ImVec2(p.x, p0.y), ImVec2(p.x, p1.y), grid_colour);
            const std::string label = format_tick(v, xstep);
            const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
            draw->AddText(ImVec2(p.x - ts.x * 0.5f, p1.y + font * 0.2f), text_colour, label.c_str());
        }
    }
    draw->AddRect(p0, p1, IM_COL32(90, 90, 90, 255));
    {
        const std::string xt = axis_title(options.x_label, options.x_unit);
        const ImVec2 ts = ImGui::CalcTextSize(xt.c_str());
        draw->AddText(ImVec2((p0.x + p1.x - ts.x) * 0.5f, p1.y + font * 1.3f), text_colour, xt.c_str());
        // ImGui 1.86 draws no rotated text: the y title sits above the axis, left-aligned.
        const std::string yt = axis_title(options.y_label, options.y_unit);
        const ImVec2 ys = ImGui::CalcTextSize(yt.c_str());
        const float yx = options.title.empty() ? origin.x : p1.x - ys.x;
        draw->AddText(ImVec2(std::max(origin.x, yx), options.title.empty() ? origin.y - font * 0.1f : origin.y),
                      IM_COL32(80, 80, 80, 255), yt.c_str());
    }

    // Markers, then series (decimated to min/max per pixel column when denser than the screen).
    draw->PushClipRect(p0, p1, true);
    for (const auto& m : options.markers) {
        const ImVec2 p = to_px(m.x, y0);
        draw->AddLine(ImVec2(p.x, p0.y), ImVec2(p.x, p1.y), m.color, 1.0f);
        if (!m.label.empty()) draw->AddText(ImVec2(p.x + 2, p0.y + 1), m.color, m.label.c_str());
    }
    const float columns = p1.x - p0.x;
    for (std::size_t si = 0; si < series.size(); ++si) {
        const auto& s = series[si];
        const ImU32 colour = s.color ? s.color : palette_colour(static_cast<int>(si));
        const std::size_t n = std::min(s.x.size(), s.y.size());
        if (s.line && n > 1) {
            std::vector<ImVec2> run;
            run.reserve(std::min<std::size_t>(n, static_cast<std::size_t>(columns) * 2 + 4));
            auto flush = [&] {
                if (run.size() > 1) draw->AddPolyline(run.data(), static_cast<int>(run.size()), colour, 0, s.thickness);
                run.clear();
            };
            const bool dense = n > static_cast<std::size_t>(columns) * 2;
            int column = std::numeric_limits<int>::min();
            float col_min = 0, col_max = 0;
            for (std::size_t i = 0; i < n; ++i) {
                if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) {
                    flush();
                    column = std::numeric_limits<int>::min();
                    continue;
                }
                const ImVec2 p = to_px(s.x[i], s.y[i]);
                if (!dense) {
                    run.push_back(p);
                    continue;
                }
                const int c = static_cast<int>(p.x);
                if (c != column) {
                    if (column != std::numeric_limits<int>::min() && col_max > col_min) {
                        run.push_back(ImVec2(static_cast<float>(column), col_min));
                        run.push_back(ImVec2(static_cast<float>(column), col_max));
                    }
                    column = c;
                    col_min = col_max = p.y;
                    run.push_back(p);
                } else {
                    col_min = std::min(col_min, p.y);
                    col_max = std::max(col_max, p.y);
                }
            }
            flush();
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(s.y[i])) continue;
            const ImVec2 p = to_px(s.x[i], s.y[i]);
            if (i < s.y_low.size() && i < s.y_high.size() && std::isfinite(s.y_low[i]) && std::isfinite(s.y_high[i])) {
                const ImVec2 a = to_px(s.x[i], s.y_low[i]), b = to_px(s.x[i], s.y_high[i]);
                draw->AddLine(a, b, colour, 1.2f);
                draw->AddLine(ImVec2(a.x - 4, a.y), ImVec2(a.x + 4, a.y), colour, 1.2f);
                draw->AddLine(ImVec2(b.x - 4, b.y), ImVec2(b.x + 4, b.y), colour, 1.2f);
            }
            if (s.points) draw->AddCircleFilled(p, std::max(3.5f, s.thickness), colour);
        }
    }
    draw->PopClipRect();

    // Legend: series and bands, top right inside the plot.
    if (options.legend) {
        std::vector<std::pair<std::string, ImU32>> entries;
        for (std::size_t si = 0; si < series.size(); ++si)
            if (!series[si].label.empty())
                entries.emplace_back(series[si].label, series[si].color ? series[si].color : palette_colour(static_cast<int>(si)));
        for (const auto& b : options.bands)
            if (!b.label.empty()) entries.emplace_back(b.label, (b.color & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 120));
        if (!entries.empty()) {
            float width = 0;
            for (const auto& e : entries) width = std::max(width, ImGui::CalcTextSize(e.first.c_str()).x);
            const float line_h = font * 1.15f;
            const ImVec2 l1(p1.x - font * 0.4f, p0.y + font * 0.4f + line_h * entries.size() + font * 0.3f);
            const ImVec2 l0(l1.x - width - font * 2.0f, p0.y + font * 0.4f);
            draw->AddRectFilled(l0, l1, IM_COL32(255, 255, 255, 215));
            draw->AddRect(l0, l1, IM_COL32(160, 160, 160, 255));
            for (std::size_t i = 0; i < entries.size(); ++i) {
                const float y = l0.y + font * 0.15f + line_h * i;
                draw->AddRectFilled(ImVec2(l0.x + font * 0.3f, y + font * 0.3f), ImVec2(l0.x + font * 1.2f, y + font * 0.8f),
                                    entries[i].second);
                draw->AddText(ImVec2(l0.x + font * 1.5f, y), text_colour, entries[i].first.c_str());
            }
        }
    }

    // Hover read-out: the sample nearest the mouse on screen, with its series and units.
    if (hovered) {
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        float best = font * 1.5f;
        best *= best;
        const PlotSeries* best_series = nullptr;
        std::size_t best_index = 0;
        for (const auto& s : series) {
            const std::size_t n = std::min(s.x.size(), s.y.size());
            for (std::size_t i = 0; i < n; ++i) {
                if (!std::isfinite(s.y[i])) continue;
                const ImVec2 p = to_px(s.x[i], s.y[i]);
                const float d = (p.x - mouse.x) * (p.x - mouse.x) + (p.y - mouse.y) * (p.y - mouse.y);
                if (d < best) {
                    best = d;
                    best_series = &s;
                    best_index = i;
                }
            }
        }
        if (best_series) {
            const ImVec2 p = to_px(best_series->x[best_index], best_series->y[best_index]);
            draw->AddCircle(p, 6.0f, IM_COL32(0, 0, 0, 255), 12, 1.5f);
            ImGui::BeginTooltip();
            if (!best_series->label.empty()) ImGui::TextUnformatted(best_series->label.c_str());
            const auto xi = static_cast<std::size_t>(std::llround(best_series->x[best_index]));
            if (!options.x_category_labels.empty() && xi < options.x_category_labels.size())
                ImGui::Text("%s", options.x_category_labels[xi].c_str());
            else
                ImGui::Text("%s = %.4g %s", options.x_label.empty() ? "x" : options.x_label.c_str(),
                            best_series->x[best_index], options.x_unit.c_str());
            ImGui::Text("%s = %.4g %s", options.y_label.empty() ? "y" : options.y_label.c_str(),
                        best_series->y[best_index], unit_after_number(options.y_unit).c_str());
            if (best_index < best_series->y_low.size() && best_index < best_series->y_high.size() &&
                std::isfinite(best_series->y_low[best_index]))
                ImGui::Text("95%% interval %.4g to %.4g", best_series->y_low[best_index], best_series->y_high[best_index]);
            ImGui::EndTooltip();
        } else if (mouse.x >= p0.x && mouse.x <= p1.x && mouse.y >= p0.y && mouse.y <= p1.y) {
            const double mx = x0 + (mouse.x - p0.x) / (p1.x - p0.x) * (x1 - x0);
            const double my = y0 + (p1.y - mouse.y) / (p1.y - p0.y) * (y1 - y0);
            draw->AddLine(ImVec2(mouse.x, p0.y), ImVec2(mouse.x, p1.y), IM_COL32(0, 0, 0, 60));
            if (options.x_category_labels.empty())
                ImGui::SetTooltip("%.4g %s, %.4g %s", mx, options.x_unit.c_str(), my, options.y_unit.c_str());
        }
    }
    ImGui::PopID();
    return hovered;
}

}  // namespace purkinje::app
