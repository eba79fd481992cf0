#include "purkinje/model/vor.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include <Eigen/Dense>

#include "interpolate.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::model {

const char* to_string(CatchUpKind kind) { return kind == CatchUpKind::Covert ? "covert" : "overt"; }

SinusoidalVorResult fit_sinusoidal_vor(const std::vector<double>& t_s,
                                       const std::vector<double>& head_velocity_dps,
                                       const std::vector<double>& eye_velocity_dps, double frequency_hz) {
    if (t_s.size() != head_velocity_dps.size() || t_s.size() != eye_velocity_dps.size())
        throw_bad_input("sinusoidal VOR", "time, head and eye velocity have different numbers of samples",
                        "one head and one eye velocity per time stamp");
    if (!(frequency_hz > 0) || !std::isfinite(frequency_hz))
        throw_bad_input("sinusoidal VOR: frequency_hz", "the stimulus frequency is not positive");
    std::vector<std::size_t> used;
    for (std::size_t i = 0; i < t_s.size(); ++i)
        if (std::isfinite(t_s[i]) && std::isfinite(head_velocity_dps[i]) && std::isfinite(eye_velocity_dps[i]))
            used.push_back(i);
    const double span = used.empty() ? 0.0 : t_s[used.back()] - t_s[used.front()];
    if (used.size() < 8 || span * frequency_hz < 1.0)
        throw_bad_input("sinusoidal VOR", "fewer than one stimulus cycle of valid samples",
                        "at least one full cycle of head and eye velocity");
    const double w = 2 * std::numbers::pi * frequency_hz;
    Eigen::MatrixXd design(used.size(), 3);
    Eigen::VectorXd head(used.size()), eye(used.size());
    for (std::size_t r = 0; r < used.size(); ++r) {
        const std::size_t i = used[r];
        design(r, 0) = std::sin(w * t_s[i]);
        design(r, 1) = std::cos(w * t_s[i]);
        design(r, 2) = 1.0;
        head(r) = head_velocity_dps[i];
        eye(r) = eye_velocity_dps[i];
    }
    const auto qr = design.colPivHouseholderQr();
    const Eigen::Vector3d h = qr.solve(head);
    const Eigen::Vector3d e = qr.solve(eye);
    SinusoidalVorResult out;
    out.frequency_hz = frequency_hz;
    out.head_amplitude_dps = std::hypot(h(0), h(1));
    out.eye_amplitude_dps = std::hypot(e(0), e(1));
    if (out.head_amplitude_dps <= 0)
        throw_bad_input("sinusoidal VOR: head velocity", "the head did not move at the stimulus frequency");
    out.gain = out.eye_amplitude_dps / out.head_amplitude_dps;
    // a sin + b cos = A sin(wt + phi) with phi = atan2(b, a)
    double phase = (std::atan2(e(1), e(0)) - std::atan2(h(1), h(0))) * 180.0 / std::numbers::pi;
    while (phase > 180) phase -= 360;
    while (phase <= -180) phase += 360;
    out.phase_deg = phase;
    const Eigen::VectorXd residual = eye - design * e;
    const double mean = eye.mean();
    const double total = (eye.array() - mean).square().sum();
    out.r_squared_eye = total > 0 ? 1.0 - residual.squaredNorm() / total : 0.0;
    return out;
}

namespace {

struct SaccadeWindow {
    std::size_t onset = 0, peak = 0, offset = 0;
    bool compensatory = true;
};

// Saccades are transients of the eye that the head does not share: a local eye-velocity peak whose
// prominence over +-w samples exceeds the head's own prominence there by `prominence`. The window
// extends while the eye accelerates (before the peak) or decelerates (after it) faster than the head,
// by more than `margin` deg/s per sample. `direction` +1 looks for compensatory peaks, -1 for
// anti-compensatory ones (on the mirrored traces).
std::vector<SaccadeWindow> find_saccades(const std::vector<double>& head, const std::vector<double>& eye,
                                         int direction, std::size_t w, double prominence, double margin) {
    const std::size_t n = head.size();
    std::vector<SaccadeWindow> found;
    if (n < 3) return found;
    auto h = [&](std::size_t i) { return direction * head[i]; };
    auto e = [&](std::size_t i) { return direction * eye[i]; };
    auto prom = [&](auto&& x, std::size_t p) {
        const std::size_t a = p >= w ? p - w : 0;
        const std::size_t b = std::min(n - 1, p + w);
        return x(p) - std::max(x(a), x(b));
    };
    std::size_t p = 1;
    while (p + 1 < n) {
        if (e(p) >= e(p - 1) && e(p) > e(p + 1) && prom(e, p) - std::max(0.0, prom(h, p)) > prominence) {
            std::size_t on = p;
            while (on > 0 && (e(on) - e(on - 1)) > (h(on) - h(on - 1)) + margin) --on;
            // After the peak the eye returns to the VOR, which follows the head scaled by the gain just
            // before the saccade (a weak VOR decelerates less than the head does).
            const double vor_gain = h(on) > 20.0 ? std::clamp(e(on) / h(on), 0.0, 1.2) : 0.0;
            auto residual = [&](std::size_t i) { return e(i) - vor_gain * h(i); };
            const double base = residual(on);
            const double height = residual(p) - base;
            std::size_t off = p;
            while (off + 1 < n) {
                const double now = residual(off) - base;
                if (now <= 0.1 * height) break;                                        // back on the VOR
                if (now < 0.5 * height) {
                    const double slope = (e(off + 1) - e(off)) - vor_gain * (h(off + 1) - h(off));
                    if (slope > margin) break;             // the next saccade
                    if (std::abs(slope) < 2 * margin) break;  // moving with the VOR again
                }
                ++off;
            }
            found.push_back({on, p, off, direction > 0});
            p = off + 1;
            continue;
        }
        ++p;
    }
    return found;
}

}  // namespace

std::vector<ImpulseGain> HeadImpulseAnalysis::gains() const {
    std::vector<ImpulseGain> out;
    if (gain_auc) out.push_back({"auc_desaccaded", *gain_auc});
    if (gain_regression) out.push_back({"regression_slope_desaccaded", *gain_regression});
    if (gain_40ms) out.push_back({"instantaneous_40ms", *gain_40ms});
    if (gain_60ms) out.push_back({"instantaneous_60ms", *gain_60ms});
    if (gain_80ms) out.push_back({"instantaneous_80ms", *gain_80ms});
    return out;
}

HeadImpulseAnalysis analyse_head_impulse(const HeadImpulseTrace& trace, const HeadImpulseOptions& options) {
    const std::size_t n = trace.head_velocity_dps.size();
    if (n < 8) throw_bad_input("head impulse: head velocity", "fewer than 8 samples", "a whole impulse");
    if (trace.eye_velocity_dps.size() != n)
        throw_bad_input("head impulse: eye velocity",
                        "has " + std::to_string(trace.eye_velocity_dps.size()) + " samples, the head has " +
                            std::to_string(n),
                        "one eye velocity sample per head velocity sample");
    if (!(trace.sample_rate_hz > 0) || !std::isfinite(trace.sample_rate_hz))
        throw_bad_input("head impulse: sample rate", "is not a positive number");
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(trace.head_velocity_dps[i]) || !std::isfinite(trace.eye_velocity_dps[i]))
            throw_bad_input("head impulse: sample " + std::to_string(i), "velocity is not a finite number");

    const double dt_ms = 1000.0 / trace.sample_rate_hz;
    HeadImpulseAnalysis out;
    const auto [mn, mx] = std::minmax_element(trace.head_velocity_dps.begin(), trace.head_velocity_dps.end());
    out.direction = (*mx >= -*mn) ? 1 : -1;
    std::vector<double> head(n), eye(n);
    for (std::size_t i = 0; i < n; ++i) {
        head[i] = out.direction * trace.head_velocity_dps[i];
        eye[i] = out.direction * trace.eye_velocity_dps[i];
    }
    const auto pk = static_cast<std::size_t>(std::max_element(head.begin(), head.end()) - head.begin());
    const double peak = head[pk];
    out.peak_head_velocity_dps = peak;
    out.peak_head_time_ms = static_cast<double>(pk) * dt_ms;

    // The area runs from the last sample at or below zero before the peak to the last positive one after it.
    std::size_t first = pk;
    while (first > 0 && head[first - 1] > 0) --first;
    std::size_t last = pk;
    while (last + 1 < n && head[last + 1] > 0) ++last;
    double zero_index = static_cast<double>(last);
    if (last + 1 < n) zero_index += head[last] / (head[last] - head[last + 1]);
    out.head_zero_time_ms = zero_index * dt_ms;

    const double threshold = options.onset_fraction_of_peak * peak;
    std::size_t k = pk;
    while (k > 0 && head[k - 1] > threshold) --k;
    double onset_index = static_cast<double>(k);
    if (k > 0 && head[k] != head[k - 1]) onset_index = (k - 1) + (threshold - head[k - 1]) / (head[k] - head[k - 1]);
    out.onset_time_ms = onset_index * dt_ms;

    const auto half_window = static_cast<std::size_t>(std::max(1.0, std::round(options.prominence_half_window_ms / dt_ms)));
    const double margin = 500.0 * dt_ms / 1000.0;  // 500 deg/s^2 of acceleration beyond the head's
    auto windows = find_saccades(head, eye, +1, half_window, options.saccade_prominence_dps, margin);
    if (options.paradigm == ImpulseParadigm::Shimp) {
        auto anti = find_saccades(head, eye, -1, half_window, options.saccade_prominence_dps, margin);
        for (const auto& s : anti)
            if (-eye[s.peak] >= 2 * options.saccade_prominence_dps) windows.push_back(s);
        std::sort(windows.begin(), windows.end(), [](auto& a, auto& b) { return a.peak < b.peak; });
    }

    std::vector<double> desaccaded = eye;
    // During a saccade the slow phase goes on underneath: it follows the head with the gain seen at the
    // saccade's onset, with the mismatch at its offset (VOR latency, gain drift) blended in linearly.
    for (const auto& s : windows) {
        const double gain_at_onset = head[s.onset] > 20.0 ? std::clamp(eye[s.onset] / head[s.onset], 0.0, 1.5) : 0.0;
        const double onset_gap = eye[s.onset] - gain_at_onset * head[s.onset];
        const double offset_gap = eye[s.offset] - gain_at_onset * head[s.offset];
        for (std::size_t i = s.onset + 1; i < s.offset; ++i) {
            const double f = static_cast<double>(i - s.onset) / static_cast<double>(s.offset - s.onset);
            desaccaded[i] = gain_at_onset * head[i] + onset_gap + f * (offset_gap - onset_gap);
        }
    }
    for (const auto& s : windows) {
        CatchUpSaccade c;
        c.compensatory = s.compensatory;
        double onset = static_cast<double>(s.onset);
        if (!s.compensatory) {
            // SHIMP saccades start from a moving eye; their onset is where the eye velocity passes the
            // anti-compensatory threshold (this matches the vendor's latencies, docs/validation.md).
            std::size_t o = s.peak;
            while (o > 0 && -eye[o - 1] > options.shimp_onset_velocity_dps) --o;
            onset = static_cast<double>(o);
        }
        c.latency_ms = (onset - onset_index) * dt_ms;
        c.peak_latency_ms = (static_cast<double>(s.peak) - onset_index) * dt_ms;
        c.peak_velocity_dps = eye[s.peak];
        double displacement = 0;
        for (std::size_t i = s.onset; i <= s.offset; ++i) displacement += (eye[i] - desaccaded[i]) * dt_ms / 1000.0;
        c.amplitude_deg = displacement;
        c.duration_ms = static_cast<double>(s.offset - s.onset) * dt_ms;
        c.kind = onset * dt_ms < out.head_zero_time_ms ? CatchUpKind::Covert : CatchUpKind::Overt;
        out.saccades.push_back(c);
    }

    double head_area = 0, eye_area = 0, cross = 0, head_square = 0;
    for (std::size_t i = first; i <= last; ++i) {
        head_area += head[i];
        eye_area += desaccaded[i];
        cross += head[i] * desaccaded[i];
        head_square += head[i] * head[i];
    }
    if (head_area > 0) out.gain_auc = eye_area / head_area;
    if (head_square > 0) out.gain_regression = cross / head_square;
    auto instantaneous = [&](double after_ms) -> std::optional<double> {
        const double index = onset_index + after_ms / dt_ms;
        if (index > zero_index || index >= static_cast<double>(n - 1)) return std::nullopt;
        const double h = detail::interpolate(head, index);
        if (h < options.onset_fraction_of_peak * peak) return std::nullopt;
        return detail::interpolate(desaccaded, index) / h;
    };
    out.gain_40ms = instantaneous(40);
    out.gain_60ms = instantaneous(60);
    out.gain_80ms = instantaneous(80);

    if (peak < options.minimum_peak_head_velocity_dps) out.artefacts.push_back("head_peak_below_150dps");
    std::size_t eye_onset = pk;
    while (eye_onset > 0 && desaccaded[eye_onset - 1] > threshold) --eye_onset;
    if (static_cast<double>(eye_onset) < onset_index - 1.0 && desaccaded[pk] > threshold)
        out.artefacts.push_back("eye_leads_head");
    if (out.gain_auc && *out.gain_auc > options.implausible_gain_without_saccades && out.saccades.empty())
        out.artefacts.push_back("gain_above_1.3_without_saccades");
    if (last + 1 >= n) out.artefacts.push_back("head_velocity_does_not_return_to_zero");
    out.desaccaded_eye_velocity_dps = std::move(desaccaded);
    return out;
}

std::optional<double> pr_score(const std::vector<double>& latencies_ms, int minimum_impulses) {
    std::vector<double> v;
    for (double x : latencies_ms)
        if (std::isfinite(x)) v.push_back(x);
    if (static_cast<int>(v.size()) < std::max(2, minimum_impulses)) return std::nullopt;
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    if (mean <= 0) return std::nullopt;
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    const double sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
    return 100.0 * sd / mean;
}

}  // namespace purkinje::model
