#include "purkinje/signal/reach.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "purkinje/core/error.hpp"
#include "purkinje/signal/conditioning.hpp"
#include "purkinje/signal/filters.hpp"
#include "robust.hpp"

namespace purkinje::signal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Uniform, gap-bridged, low-passed positions: the common start of reach and cycle analysis.
ConditionedSeries smooth_positions(const std::vector<double>& t_s, const std::vector<double>& x,
                                   const std::vector<double>& y, double lowpass_hz) {
    ConditionedSeries c = condition_series(t_s, x, y, {}, 0);
    const Butterworth lowpass{FilterBand::LowPass, 2, std::min(lowpass_hz, 0.45 * c.rate_hz), 0};
    c.x = butterworth_filtfilt_with_gaps(c.x, lowpass, c.rate_hz);
    c.y = butterworth_filtfilt_with_gaps(c.y, lowpass, c.rate_hz);
    return c;
}

// The caller's sample at (or just after) a grid time: results index the samples the caller passed in.
std::size_t input_index(const std::vector<double>& t_s, double grid_time) {
    const auto it = std::lower_bound(t_s.begin(), t_s.end(), grid_time - 1e-9);
    return std::size_t(std::min<std::ptrdiff_t>(it - t_s.begin(), std::ptrdiff_t(t_s.size()) - 1));
}

}  // namespace

std::vector<Reach> segment_reaches(const std::vector<double>& t_s, const std::vector<double>& x,
                                   const std::vector<double>& y, const ReachOptions& o) {
    const ConditionedSeries c = smooth_positions(t_s, x, y, o.lowpass_hz);
    const std::size_t n = c.size();
    const double dt = 1.0 / c.rate_hz;
    const SavitzkyGolay sg{std::max(5, int(std::lround(0.02 * c.rate_hz)) | 1), 2};
    const auto vx = savitzky_golay_with_gaps(c.x, sg, 1, dt), vy = savitzky_golay_with_gaps(c.y, sg, 1, dt);
    std::vector<double> speed(n);
    for (std::size_t i = 0; i < n; ++i) speed[i] = std::hypot(vx[i], vy[i]);

    double threshold = o.min_peak_speed;
    if (threshold <= 0) {
        std::vector<double> finite;
        for (double s : speed)
            if (std::isfinite(s)) finite.push_back(s);
        std::vector<double> scratch;
        const auto spread = detail::robust_spread(finite, scratch);
        threshold = spread.median + 10 * spread.sd;
    }
    std::vector<Reach> reaches;
    std::size_t i = 0;
    while (i < n) {
        if (!(speed[i] > threshold)) {
            ++i;
            continue;
        }
        std::size_t peak = i, b = i;
        while (b + 1 < n && speed[b + 1] > threshold) {
            ++b;
            if (speed[b] > speed[peak]) peak = b;
        }
        const double cut = o.onset_fraction * speed[peak];
        std::size_t onset = peak, offset = peak;
        while (onset > 0 && std::isfinite(speed[onset - 1]) && speed[onset - 1] > cut) --onset;
        while (offset + 1 < n && std::isfinite(speed[offset + 1]) && speed[offset + 1] > cut) ++offset;
        i = offset + 1;
        if (double(offset - onset) * dt < o.min_duration_s) continue;
        if (!reaches.empty() && onset <= reaches.back().offset_index) continue;  // same movement
        Reach r;
        r.onset_index = onset;
        r.peak_index = peak;
        r.offset_index = offset;
        r.onset_s = c.t_s[onset];
        r.peak_s = c.t_s[peak];
        r.offset_s = c.t_s[offset];
        r.duration_s = r.offset_s - r.onset_s;
        r.time_to_peak_s = r.peak_s - r.onset_s;
        r.peak_speed = speed[peak];
        r.start_x = c.x[onset];
        r.start_y = c.y[onset];
        r.end_x = c.x[offset];
        r.end_y = c.y[offset];
        for (std::size_t k = onset + 1; k <= offset; ++k) r.path_length += std::hypot(c.x[k] - c.x[k - 1], c.y[k] - c.y[k - 1]);
        r.straight_distance = std::hypot(r.end_x - r.start_x, r.end_y - r.start_y);
        r.path_length_ratio = r.straight_distance > 0 ? r.path_length / r.straight_distance : kNaN;
        // Submovements: speed maxima separated by dips of at least the prominence on both sides.
        const double prominence = o.submovement_prominence * r.peak_speed;
        double low = speed[onset], high = -1;
        for (std::size_t k = onset; k <= offset; ++k) {
            const double s = speed[k];
            if (high < 0) {
                if (s > low + prominence) high = s;
                low = std::min(low, s);
            } else if (s > high) {
                high = s;
            } else if (s < high - prominence) {
                ++r.submovements;
                high = -1;
                low = s;
            }
        }
        if (high >= 0) ++r.submovements;
        r.onset_index = input_index(t_s, c.t_s[onset]);
        r.peak_index = input_index(t_s, c.t_s[peak]);
        r.offset_index = input_index(t_s, c.t_s[offset]);
        reaches.push_back(r);
    }
    return reaches;
}

double time_to_target_s(const Reach& reach, const std::vector<double>& t_s, const std::vector<double>& x,
                        const std::vector<double>& y, double target_x, double target_y, double radius) {
    if (x.size() != t_s.size() || y.size() != t_s.size())
        throw_bad_input("reach trajectory", "has columns of different lengths", "one x and y per time");
    for (std::size_t k = reach.onset_index; k < t_s.size(); ++k)
        if (std::hypot(x[k] - target_x, y[k] - target_y) <= radius) return t_s[k] - t_s[reach.onset_index];
    return kNaN;
}

CycleSummary detect_cycles(const std::vector<double>& t_s, const std::vector<double>& value, const CycleOptions& o) {
    const std::vector<double> zeros(value.size(), 0.0);
    const ConditionedSeries c = smooth_positions(t_s, value, zeros, o.lowpass_hz);
    const std::vector<double>& v = c.x;
    std::vector<double> finite;
    for (double s : v)
        if (std::isfinite(s)) finite.push_back(s);
    CycleSummary out;
    if (finite.size() < 4) return out;
    std::sort(finite.begin(), finite.end());
    const double range = finite[finite.size() * 95 / 100] - finite[finite.size() * 5 / 100];
    const double h = o.hysteresis_fraction * range;
    if (!(h > 0)) return out;
    // Alternating extrema with hysteresis: a maximum is confirmed once the trace has come down by h.
    std::vector<std::size_t> maxima, minima;
    bool rising = true;
    std::size_t best = 0;
    bool started = false;
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (!std::isfinite(v[k])) continue;
        if (!started) {
            best = k;
            started = true;
            continue;
        }
        if (rising) {
            if (v[k] > v[best]) best = k;
            else if (v[k] < v[best] - h) {
                maxima.push_back(best);
                rising = false;
                best = k;
            }
        } else {
            if (v[k] < v[best]) best = k;
            else if (v[k] > v[best] + h) {
                minima.push_back(best);
                rising = true;
                best = k;
            }
        }
    }
    const std::size_t min_len = std::size_t(std::lround(o.min_cycle_s * c.rate_hz));
    for (std::size_t m = 1; m < maxima.size(); ++m) {
        const std::size_t a = maxima[m - 1], b = maxima[m];
        if (b - a < min_len) continue;
        double lowest = v[a];
        for (std::size_t k = a; k <= b; ++k)
            if (std::isfinite(v[k])) lowest = std::min(lowest, v[k]);
        Cycle cycle;
        cycle.start_index = input_index(t_s, c.t_s[a]);
        cycle.end_index = input_index(t_s, c.t_s[b]);
        cycle.period_s = c.t_s[b] - c.t_s[a];
        cycle.amplitude = 0.5 * (v[a] + v[b]) - lowest;
        out.cycles.push_back(cycle);
    }
    if (out.cycles.empty()) return out;
    double sum = 0, sum2 = 0, amp = 0;
    for (const Cycle& cy : out.cycles) {
        sum += cy.period_s;
        sum2 += cy.period_s * cy.period_s;
        amp += cy.amplitude;
    }
    const double count = double(out.cycles.size());
    const double mean = sum / count;
    out.rate_hz = 1.0 / mean;
    out.period_cv = count > 1 ? std::sqrt(std::max(0.0, (sum2 - count * mean * mean) / (count - 1))) / mean : 0.0;
    out.mean_amplitude = amp / count;
    if (out.cycles.size() >= 3) {
        // Least-squares line of amplitude over cycle number: the fitted loss from first to last cycle.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (std::size_t k = 0; k < out.cycles.size(); ++k) {
            const double xk = double(k), yk = out.cycles[k].amplitude;
            sx += xk;
            sy += yk;
            sxx += xk * xk;
            sxy += xk * yk;
        }
        const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
        const double intercept = (sy - slope * sx) / count;
        if (intercept > 0) out.amplitude_decrement = -slope * (count - 1) / intercept;
    }
    return out;
}

}  // namespace purkinje::signal
