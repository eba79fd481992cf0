#include "purkinje/signal/conditioning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "purkinje/core/error.hpp"
#include "robust.hpp"

namespace purkinje::signal {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_positive(double v, const char* field) {
    if (!(v > 0) || !std::isfinite(v))
        throw_bad_input(std::string("screen geometry, ") + field, "is not a positive number",
                        "a positive finite value");
}
}  // namespace

void ScreenGeometry::validate() const {
    require_positive(width_px, "width in pixels");
    require_positive(height_px, "height in pixels");
    require_positive(width_m, "width in metres");
    require_positive(height_m, "height in metres");
    require_positive(distance_m, "viewing distance in metres");
}

void pixels_to_degrees(const ScreenGeometry& screen, std::vector<double>& x, std::vector<double>& y) {
    screen.validate();
    const double mx = screen.width_m / screen.width_px, my = screen.height_m / screen.height_px;
    const double cx = screen.width_px / 2, cy = screen.height_px / 2;
    constexpr double deg = 180.0 / M_PI;
    for (double& v : x) v = std::atan((v - cx) * mx / screen.distance_m) * deg;
    for (double& v : y) v = std::atan((v - cy) * my / screen.distance_m) * deg;
}

std::size_t ConditionedSeries::grid_index(std::size_t input_index) const {
    return grid_index_of_input.empty() ? input_index : grid_index_of_input[input_index];
}

ConditionedSeries condition_series(const std::vector<double>& t_s, const std::vector<double>& x,
                                   const std::vector<double>& y, const std::vector<float>& confidence,
                                   double rate_hz, const ConditioningOptions& options) {
    const std::size_t n = t_s.size();
    if (x.size() != n || y.size() != n || (!confidence.empty() && confidence.size() != n))
        throw_bad_input("gaze series", "has columns of different lengths", "one x, y (and confidence) per time");
    if (n < 2) throw_bad_input("gaze series", "has " + std::to_string(n) + " samples", "at least 2 samples");
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(t_s[i]))
            throw_bad_input("gaze series, sample " + std::to_string(i), "has a time that is not a number",
                            "finite seconds");
        if (i > 0 && !(t_s[i] > t_s[i - 1]))
            throw_bad_input("gaze series, sample " + std::to_string(i),
                            "has a time not after the previous sample's", "strictly increasing time");
    }
    ConditionedSeries out;
    std::vector<double> dts(n - 1);
    for (std::size_t i = 1; i < n; ++i) dts[i - 1] = t_s[i] - t_s[i - 1];
    if (rate_hz > 0 && std::isfinite(rate_hz)) {
        out.rate_hz = rate_hz;
    } else {
        out.rate_hz = 1.0 / detail::median_in_place(dts);
        for (std::size_t i = 1; i < n; ++i) dts[i - 1] = t_s[i] - t_s[i - 1];
    }
    const double dt = 1.0 / out.rate_hz;
    bool uniform = true;
    for (double d : dts)
        if (std::abs(d - dt) > options.irregular_tolerance * dt) uniform = false;

    auto usable = [&](std::size_t i) {
        return std::isfinite(x[i]) && std::isfinite(y[i]) &&
               (confidence.empty() || confidence[i] >= options.min_confidence);
    };
    if (uniform) {
        out.t_s = t_s;
        out.x.resize(n);
        out.y.resize(n);
        out.measured.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const bool ok = usable(i);
            out.x[i] = ok ? x[i] : kNaN;
            out.y[i] = ok ? y[i] : kNaN;
            out.measured[i] = ok;
        }
    } else {
        // Linear interpolation between two usable neighbours no further apart than 1.5 intervals;
        // a longer stretch without samples is a gap like any other.
        out.resampled = true;
        const std::size_t m = std::size_t(std::floor((t_s.back() - t_s.front()) * out.rate_hz + 1e-9)) + 1;
        out.t_s.resize(m);
        out.x.assign(m, kNaN);
        out.y.assign(m, kNaN);
        out.measured.assign(m, 0);
        std::size_t j = 0;
        for (std::size_t k = 0; k < m; ++k) {
            const double t = t_s.front() + double(k) * dt;
            out.t_s[k] = t;
            while (j + 1 < n && t_s[j + 1] <= t) ++j;
            if (std::abs(t_s[j] - t) < 1e-9 * std::max(1.0, std::abs(t))) {
                if (usable(j)) {
                    out.x[k] = x[j];
                    out.y[k] = y[j];
                    out.measured[k] = 1;
                }
                continue;
            }
            if (j + 1 >= n || !usable(j) || !usable(j + 1) || t_s[j + 1] - t_s[j] > 1.5 * dt) continue;
            const double w = (t - t_s[j]) / (t_s[j + 1] - t_s[j]);
            out.x[k] = x[j] + w * (x[j + 1] - x[j]);
            out.y[k] = y[j] + w * (y[j + 1] - y[j]);
            out.measured[k] = 1;
        }
        out.grid_index_of_input.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            out.grid_index_of_input[i] =
                std::min(m - 1, std::size_t(std::llround((t_s[i] - t_s.front()) * out.rate_hz)));
    }

    const std::size_t m = out.size();
    std::size_t k = 0;
    while (k < m) {
        if (out.measured[k]) {
            ++k;
            continue;
        }
        Gap gap;
        gap.begin = k;
        while (k < m && !out.measured[k]) ++k;
        gap.end = k;
        gap.duration_s = double(gap.end - gap.begin) * dt;
        const bool inside = gap.begin > 0 && gap.end < m;
        if (inside && gap.duration_s <= options.max_bridged_gap_s + 1e-9) {
            gap.bridged = true;
            const std::size_t a = gap.begin - 1, b = gap.end;
            for (std::size_t i = gap.begin; i < gap.end; ++i) {
                const double w = double(i - a) / double(b - a);
                out.x[i] = out.x[a] + w * (out.x[b] - out.x[a]);
                out.y[i] = out.y[a] + w * (out.y[b] - out.y[a]);
            }
        }
        out.gaps.push_back(gap);
    }
    return out;
}

}  // namespace purkinje::signal
