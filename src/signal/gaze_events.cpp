#include "purkinje/signal/gaze_events.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "purkinje/core/error.hpp"
#include "purkinje/signal/filters.hpp"
#include "robust.hpp"

namespace purkinje::signal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct SaccadeSpan {
    std::size_t onset = 0, offset = 0;  // inclusive grid indices
    double offset_threshold = 0;
    double peak = 0;
    std::size_t movement_onset = 0;
    double direction_x = 0, direction_y = 0;  // velocity at the peak
};

// The eye's velocity in the frame saccades are detected in (the slow phase subtracted in the second pass).
struct DetectionVelocity {
    const std::vector<double>& x;
    const std::vector<double>& y;
    bool opposed(std::size_t a, std::size_t b) const { return x[a] * x[b] + y[a] * y[b] < 0; }
};

int odd_window(double seconds, double rate_hz, int minimum) {
    int w = int(std::lround(seconds * rate_hz));
    w = std::max(w, minimum);
    return w % 2 == 0 ? w + 1 : w;
}

bool finite_at(const std::vector<double>& v, std::size_t i) { return i < v.size() && std::isfinite(v[i]); }

// Median of the finite values of `v` within +-window/2 of each sample. The slow quantities it follows
// (the pursuit velocity) change over tenths of a second, so it is evaluated every fifth of a window,
// on about 30 evenly spaced values of it, and interpolated between: an hour of gaze costs tens of
// milliseconds. Where a window holds no finite value the result is NaN.
// `skip[k]` != 0 leaves sample k out; `out` is resized (a caller's buffer: an hour of gaze is large).
void running_median(const std::vector<double>& v, const std::vector<std::uint8_t>& skip, double window_s, double rate,
                    std::vector<double>& out) {
    const std::size_t n = v.size();
    out.assign(n, kNaN);
    if (n == 0) return;
    const std::size_t half = std::max<std::size_t>(1, std::size_t(std::lround(window_s * rate / 2)));
    const std::size_t step = std::max<std::size_t>(1, 2 * half / 5);
    const std::size_t stride = std::max<std::size_t>(1, (2 * half + 30) / 31);
    std::vector<double> window;
    window.reserve(2 * half / stride + 2);
    double previous = kNaN;
    std::size_t previous_at = 0;
    for (std::size_t c = 0;; c = std::min(n - 1, c + step)) {
        window.clear();
        for (std::size_t k = c >= half ? c - half : 0; k < std::min(n, c + half + 1); k += stride)
            if (!skip[k] && std::isfinite(v[k])) window.push_back(v[k]);
        const double m = detail::median_in_place(window);
        out[c] = m;
        for (std::size_t k = previous_at + 1; k < c; ++k)
            out[k] = previous + (m - previous) * double(k - previous_at) / double(c - previous_at);
        previous = m;
        previous_at = c;
        if (c == n - 1) break;
    }
}

// Nystrom & Holmqvist (2010): iterate PT = centre + k spread of the speed below PT until it settles.
// `start_deg_s`: where the iteration starts (the options' initial threshold, or a first pass's result).
GazeThresholds adaptive_thresholds(const std::vector<double>& speed, const std::vector<std::uint8_t>& disturbed,
                                   const GazeClassifierOptions& o, double start_deg_s) {
    GazeThresholds th;
    // Median and scaled MAD instead of mean and SD: the lid's movements around a blink, which the
    // tracker still reports, form a heavy tail that would otherwise lift every threshold.
    double pt = start_deg_s;
    double mean = 0, sd = 0;
    std::vector<double> below, deviation;
    // A quarter of a million samples pin a median to well under 1%: longer recordings are strided.
    const std::size_t stride = std::max<std::size_t>(1, speed.size() / 250000);
    below.reserve(speed.size() / stride + 1);
    deviation.reserve(speed.size() / stride + 1);
    for (int iteration = 1; iteration <= 200; ++iteration) {
        below.clear();
        for (std::size_t i = 0; i < speed.size(); i += stride)
            if (const double s = speed[i]; std::isfinite(s) && s < pt && !disturbed[i]) below.push_back(s);
        if (below.size() < 3) break;
        const auto spread = detail::robust_spread(below, deviation);
        mean = spread.median;
        sd = spread.sd;
        const double next = mean + o.peak_threshold_sds * sd;
        th.iterations = iteration;
        const bool settled = std::abs(next - pt) < 0.5;
        pt = next;
        if (settled) break;
    }
    th.peak_velocity_deg_s = pt;
    th.noise_median_deg_s = mean;
    th.noise_sd_deg_s = sd;
    th.onset_velocity_deg_s = mean + o.onset_threshold_sds * sd;
    return th;
}

// Saccades: runs above the peak threshold, walked back to the onset threshold, and forward to the
// first velocity minimum that is below an offset threshold (the onset threshold mixed with the noise
// just before the saccade, as Nystrom & Holmqvist 2010), deep enough to be the turn into the PSO, or
// followed by the eye moving back against the saccade (the first swing of the oscillation, however
// shallow the minimum before it: expert coders start the PSO where the eye turns back).
// Candidates at a lost eye or impossibly fast go to `artefacts` (they are blinks).
std::vector<SaccadeSpan> find_saccades(const std::vector<double>& speed, const DetectionVelocity& velocity,
                                       const GazeThresholds& th,
                                       const GazeClassifierOptions& o, double rate,
                                       std::vector<std::pair<std::size_t, std::size_t>>& artefacts) {
    const std::size_t n = speed.size();
    const double pt = th.peak_velocity_deg_s, st = th.onset_velocity_deg_s;
    std::vector<SaccadeSpan> saccades;
    const std::size_t pso_n = std::size_t(std::lround(o.pso_window_s * rate));
    const std::size_t noise_n = std::size_t(std::lround(o.noise_window_s * rate));
    const std::size_t min_len = std::max<std::size_t>(2, std::size_t(std::lround(o.min_saccade_duration_s * rate)));
    std::size_t i = 0;
    while (i < n) {
        if (!(speed[i] > pt)) {
            ++i;
            continue;
        }
        std::size_t a = i, b = i;
        double peak = speed[i];
        while (b + 1 < n && speed[b + 1] > pt) peak = std::max(peak, speed[++b]);
        // Onset: back to the onset threshold, or (once a higher peak shows this run was leading into a
        // saccade) to the velocity minimum deep enough to separate that lead-in from it.
        const auto onset_from = [&](std::size_t from, double top, bool stop_at_dip) {
            std::size_t k = from;
            while (k > 0 && finite_at(speed, k - 1) && speed[k - 1] > st) {
                if (stop_at_dip && speed[k - 1] >= speed[k] && speed[k] < o.offset_peak_fraction * top) break;
                --k;
            }
            return k;
        };
        std::size_t onset = onset_from(a, peak, false);
        double local = 0, local2 = 0;
        std::size_t count = 0;
        for (std::size_t k = onset >= noise_n ? onset - noise_n : 0; k < onset; ++k)
            if (std::isfinite(speed[k])) {
                local += speed[k];
                local2 += speed[k] * speed[k];
                ++count;
            }
        double local_threshold = st;
        if (count >= 3) {
            const double m = local / double(count);
            local_threshold = m + 3 * std::sqrt(std::max(0.0, local2 / double(count) - m * m));
        }
        const double ot = std::min(st, 0.7 * st + 0.3 * local_threshold);
        // The saccade ends at the first velocity minimum after its peak that is either below the offset
        // threshold or deep enough (a fraction of the peak) to be the turn into the oscillation. A higher
        // peak met on the way is the saccade's own: the run above threshold was a small movement leading
        // into it (common during pursuit), and the fraction is of the higher peak.
        std::size_t offset = a, peak_at = a;
        while (peak_at < b && speed[peak_at] < peak) ++peak_at;
        offset = peak_at;
        bool led_in = false;
        // The eye turning back after a velocity minimum: the next rise of the speed, within the PSO
        // window, clears the onset threshold with the velocity against the saccade's.
        const auto turns_back = [&](std::size_t minimum_at) {
            std::size_t k = minimum_at + 1;
            while (k < minimum_at + pso_n && finite_at(speed, k + 1) && speed[k + 1] >= speed[k]) ++k;
            return finite_at(speed, k) && speed[k] > st && velocity.opposed(k, peak_at);
        };
        while (finite_at(speed, offset + 1)) {
            if (speed[offset] > peak) {
                peak = speed[offset];
                peak_at = offset;
                led_in = true;
            }
            const bool minimum = speed[offset + 1] >= speed[offset];
            if (speed[offset] < ot && minimum) break;
            if (minimum && speed[offset] < o.offset_peak_fraction * peak) break;
            if (minimum && o.oscillation_by_direction && turns_back(offset)) break;
            ++offset;
        }
        if (led_in) onset = std::max(onset, onset_from(peak_at, peak, true));
        // The eye starts moving before the speed clears the onset threshold (where expert coders see the
        // saccade begin): the movement onset walks on down the rising flank to the noise floor.
        std::size_t movement_onset = onset;
        const double floor = th.noise_median_deg_s + o.movement_onset_floor_sds * th.noise_sd_deg_s;
        while (movement_onset > 0 && finite_at(speed, movement_onset - 1) &&
               speed[movement_onset - 1] < speed[movement_onset] && speed[movement_onset - 1] > floor)
            --movement_onset;
        i = offset + 1;
        const bool touches_gap = (onset > 0 && !finite_at(speed, onset - 1)) || (offset + 1 < n && !finite_at(speed, offset + 1));
        if (peak > o.max_saccade_velocity_deg_s || touches_gap) {
            artefacts.emplace_back(onset, offset);
            continue;
        }
        if (offset + 1 - onset < min_len) continue;
        // A smaller peak right after a saccade is its oscillation, not a new saccade; so is a movement
        // back against the saccade that follows it without a pause and is slower (a damped swing back;
        // a return saccade after a rest, however short, stays a saccade).
        if (!saccades.empty() && onset <= saccades.back().offset + pso_n) {
            const SaccadeSpan& last = saccades.back();
            const bool returning = o.oscillation_by_direction && onset <= last.offset + 1 && peak < last.peak &&
                                   velocity.x[peak_at] * last.direction_x + velocity.y[peak_at] * last.direction_y < 0;
            if (peak < o.pso_max_peak_ratio * last.peak || returning) continue;
        }
        if (!saccades.empty() && onset <= saccades.back().offset + 1) {
            saccades.back().offset = std::max(saccades.back().offset, offset);
            continue;
        }
        saccades.push_back({onset, offset, ot, peak, movement_onset, velocity.x[peak_at], velocity.y[peak_at]});
    }
    return saccades;
}

// During pursuit the eye's speed between saccades is the target's, which would both hide small
// catch-up saccades under a threshold raised by it and drag onsets back into the pursuit. A first pass
// (on the plain speed, with its thresholds `first`) finds the clear saccades; the slow-phase velocity
// is the running median of the velocity outside them (from movement onset to the end of their PSO
// window), their artefacts and the disturbed samples; the result is the speed relative to it. On a
// still target that velocity is about zero and little changes. The relative velocity goes to
// `relative_vx` and `relative_vy` (callers' buffers: an hour of gaze is large).
std::vector<double> speed_relative_to_slow_phase(const std::vector<double>& vx, const std::vector<double>& vy,
                                                 const std::vector<double>& speed,
                                                 const std::vector<std::uint8_t>& disturbed,
                                                 const GazeThresholds& first, const GazeClassifierOptions& o,
                                                 double rate, std::vector<double>& relative_vx,
                                                 std::vector<double>& relative_vy) {
    const std::size_t n = speed.size();
    const std::size_t pso_n = std::size_t(std::lround(o.pso_window_s * rate));
    std::vector<std::pair<std::size_t, std::size_t>> artefacts;
    const auto saccades = find_saccades(speed, {vx, vy}, first, o, rate, artefacts);
    std::vector<std::uint8_t> fast = disturbed;
    const auto mark = [&](std::size_t from, std::size_t to) {
        std::fill(fast.begin() + std::ptrdiff_t(from), fast.begin() + std::ptrdiff_t(std::min(n - 1, to) + 1), 1);
    };
    for (const SaccadeSpan& sp : saccades) mark(sp.movement_onset, sp.offset + pso_n);
    for (const auto& [a, b] : artefacts) mark(a, b);
    // A window with no slow phase at all (a long blink, a run of saccades) leaves the eye taken as still.
    running_median(vx, fast, o.slow_phase_window_s, rate, relative_vx);
    running_median(vy, fast, o.slow_phase_window_s, rate, relative_vy);
    std::vector<double> relative(n);
    for (std::size_t k = 0; k < n; ++k) {
        relative_vx[k] = vx[k] - (std::isfinite(relative_vx[k]) ? relative_vx[k] : 0.0);
        relative_vy[k] = vy[k] - (std::isfinite(relative_vy[k]) ? relative_vy[k] : 0.0);
        relative[k] = std::sqrt(relative_vx[k] * relative_vx[k] + relative_vy[k] * relative_vy[k]);
    }
    return relative;
}

// Fixation or smooth pursuit for every sample not yet labelled. The eye's slow movement is the
// low-pass velocity inside each stretch between saccades, PSO and blinks. Pursuit is that slow movement
// when it is sustained across stretches: the de-saccaded eye position (slow movement only, saccades
// left out) must travel at the pursuit speed over a long window too. Drift within one fixation on a
// still picture moves as fast for a moment but does not keep going, so it stays a fixation.
// Samples marked `undecided` stay Undefined and split stretches.
// `cx`, `cy` and `slow_speed` are scratch buffers of any content (reused: an hour of gaze is large).
void label_slow_phases(std::vector<EyeMovement>& lab, const std::vector<std::uint8_t>& undecided,
                       const ConditionedSeries& cs, const GazeClassifierOptions& o, std::vector<double>& cx,
                       std::vector<double>& cy, std::vector<double>& slow_speed) {
    const std::size_t n = lab.size();
    const double rate = cs.rate_hz, dt = 1.0 / rate;
    const Butterworth lowpass{FilterBand::LowPass, 2, std::min(o.pursuit_lowpass_hz, 0.45 * rate), 0};
    // Slow-phase velocity is kept only as its running integral (cx, cy: displacement up to and
    // including each sample) and its speed.
    cx.assign(n, 0.0);
    cy.assign(n, 0.0);
    slow_speed.assign(n, 0.0);
    std::vector<std::pair<std::size_t, std::size_t>> stretches;
    const auto open = [&](std::size_t k) { return lab[k] == EyeMovement::Undefined && !undecided[k]; };
    for (std::size_t i = 0; i < n;) {
        if (!open(i)) {
            ++i;
            continue;
        }
        std::size_t b = i;
        while (b < n && open(b)) ++b;
        stretches.emplace_back(i, b);
        if (b - i >= 8) {
            const std::vector<double> sx(cs.x.begin() + std::ptrdiff_t(i), cs.x.begin() + std::ptrdiff_t(b));
            const std::vector<double> sy(cs.y.begin() + std::ptrdiff_t(i), cs.y.begin() + std::ptrdiff_t(b));
            const auto fx = butterworth_filtfilt(sx, lowpass, rate), fy = butterworth_filtfilt(sy, lowpass, rate);
            for (std::size_t k = 0; k < fx.size(); ++k) {
                const std::size_t k0 = k == 0 ? 0 : k - 1, k1 = std::min(fx.size() - 1, k + 1);
                const double vx = (fx[k1] - fx[k0]) / (double(k1 - k0) * dt);
                const double vy = (fy[k1] - fy[k0]) / (double(k1 - k0) * dt);
                cx[i + k] = vx * dt;  // increments for now, summed below
                cy[i + k] = vy * dt;
                slow_speed[i + k] = std::sqrt(vx * vx + vy * vy);
            }
        }
        i = b;
    }
    for (std::size_t k = 1; k < n; ++k) {
        cx[k] += cx[k - 1];
        cy[k] += cy[k - 1];
    }
    const std::size_t half = std::max<std::size_t>(1, std::size_t(std::lround(o.pursuit_window_s * rate / 2)));
    const std::size_t min_slow = std::max<std::size_t>(1, std::size_t(std::lround(o.min_fixation_duration_s * rate)));
    for (const auto& [a, b] : stretches) {
        std::vector<EyeMovement> seg(b - a);
        for (std::size_t k = a; k < b; ++k) {
            const std::size_t k0 = k >= half ? k - half : 0, k1 = std::min(n, k + half + 1);
            // Displacement over samples [k0, k1).
            const double dx = cx[k1 - 1] - (k0 > 0 ? cx[k0 - 1] : 0.0), dy = cy[k1 - 1] - (k0 > 0 ? cy[k0 - 1] : 0.0);
            const double sustained = std::hypot(dx, dy) / (double(k1 - k0) * dt);
            const bool moving = slow_speed[k] > o.min_pursuit_velocity_deg_s &&
                                sustained > o.sustained_pursuit_velocity_deg_s;
            seg[k - a] = moving ? EyeMovement::SmoothPursuit : EyeMovement::Fixation;
        }
        // Runs shorter than a fixation take the label of their neighbours.
        for (std::size_t r = 0; r < seg.size();) {
            std::size_t e = r;
            while (e < seg.size() && seg[e] == seg[r]) ++e;
            if (e - r < min_slow && (r > 0 || e < seg.size())) {
                const EyeMovement other =
                    seg[r] == EyeMovement::Fixation ? EyeMovement::SmoothPursuit : EyeMovement::Fixation;
                for (std::size_t k = r; k < e; ++k) seg[k] = other;
            }
            r = e;
        }
        std::copy(seg.begin(), seg.end(), lab.begin() + std::ptrdiff_t(a));
    }
}

// The samples left after saccades, PSO and blinks that the data do not let us call fixation or pursuit
// (they become Undefined): a stretch between two events too short to be a fixation, a sample whose
// velocity cannot be computed (an isolated sample between losses of the eye), and a stretch whose
// median speed (relative to the slow phase) stays above the recording's own peak threshold for a
// whole window: noise far above the recording's level, in which no saccade could be told apart.
std::vector<std::uint8_t> undecidable_samples(const std::vector<EyeMovement>& lab, const std::vector<double>& speed,
                                              const std::vector<double>& detection_speed, const GazeThresholds& th,
                                              const GazeClassifierOptions& o, double rate) {
    const std::size_t n = lab.size();
    std::vector<std::uint8_t> undecided(n, 0);
    const std::size_t min_n = std::size_t(std::lround(o.min_slow_phase_duration_s * rate));
    const std::size_t noisy_n = std::size_t(std::lround(o.noisy_window_s * rate));
    std::vector<double> block_speed;
    for (std::size_t i = 0; i < n;) {
        if (lab[i] != EyeMovement::Undefined) {
            ++i;
            continue;
        }
        std::size_t b = i;
        while (b < n && lab[b] == EyeMovement::Undefined) ++b;
        // Cut short by the recording's start or end, a stretch may be a fixation's part: left alone.
        const bool between_events = i > 0 && b < n;
        for (std::size_t k = i; k < b; ++k)
            if ((between_events && b - i < min_n) || !std::isfinite(speed[k])) undecided[k] = 1;
        // The stretch in consecutive blocks of the noise window (the last one takes the remainder).
        for (std::size_t block = i; noisy_n > 0 && block < b;) {
            const std::size_t end = b - block < 2 * noisy_n ? b : block + noisy_n;
            block_speed.clear();
            for (std::size_t k = block; k < end; ++k)
                if (std::isfinite(detection_speed[k])) block_speed.push_back(detection_speed[k]);
            if (detail::median_in_place(block_speed) > th.peak_velocity_deg_s)
                std::fill(undecided.begin() + std::ptrdiff_t(block), undecided.begin() + std::ptrdiff_t(end), 1);
            block = end;
        }
        i = b;
    }
    return undecided;
}

}  // namespace

const char* to_string(EyeMovement kind) {
    switch (kind) {
        case EyeMovement::Fixation: return "fixation";
        case EyeMovement::Saccade: return "saccade";
        case EyeMovement::PostSaccadicOscillation: return "pso";
        case EyeMovement::SmoothPursuit: return "smooth_pursuit";
        case EyeMovement::Blink: return "blink";
        case EyeMovement::Undefined: break;
    }
    return "undefined";
}

std::size_t GazeClassification::count(EyeMovement kind) const {
    return std::size_t(std::count_if(events.begin(), events.end(), [&](const GazeEvent& e) { return e.kind == kind; }));
}

GazeClassification classify_gaze(const std::vector<double>& t_s, const std::vector<double>& x_deg,
                                 const std::vector<double>& y_deg, const std::vector<float>& confidence,
                                 double rate_hz, const GazeClassifierOptions& o) {
    const ConditionedSeries cs = condition_series(t_s, x_deg, y_deg, confidence, rate_hz, o.conditioning);
    const std::size_t n = cs.size();
    const double rate = cs.rate_hz, dt = 1.0 / rate;

    // Velocity from measured samples only: a bridged gap is a guess and must not make a saccade.
    std::vector<double> mx(n), my(n);
    for (std::size_t i = 0; i < n; ++i) {
        mx[i] = cs.measured[i] ? cs.x[i] : kNaN;
        my[i] = cs.measured[i] ? cs.y[i] : kNaN;
    }
    const SavitzkyGolay sg{odd_window(o.velocity_window_s, rate, 3), 2};
    auto vx = savitzky_golay_with_gaps(mx, sg, 1, dt);
    auto vy = savitzky_golay_with_gaps(my, sg, 1, dt);
    std::vector<double> speed = std::move(mx);
    // sqrt of squares, not hypot: its overflow guard costs more here than everything else per sample.
    for (std::size_t i = 0; i < n; ++i) speed[i] = std::sqrt(vx[i] * vx[i] + vy[i] * vy[i]);

    // Samples next to a lost eye are disturbed by the lid, and impossible speeds are artefacts: both
    // are kept out of the noise estimate (they would raise every threshold) and labelled blink.
    const std::size_t margin = std::size_t(std::lround(o.blink_margin_s * rate));
    std::vector<std::uint8_t> disturbed(n, 0);
    for (const Gap& g : cs.gaps) {
        if (g.bridged && g.end - g.begin < 2) continue;
        for (std::size_t k = g.begin >= margin ? g.begin - margin : 0; k < std::min(n, g.end + margin); ++k)
            disturbed[k] = 1;
    }
    for (std::size_t k = 0; k < n; ++k)
        if (speed[k] > o.max_saccade_velocity_deg_s) disturbed[k] = 1;
    GazeThresholds th = adaptive_thresholds(speed, disturbed, o, o.initial_peak_threshold_deg_s);
    const std::size_t pso_n = std::size_t(std::lround(o.pso_window_s * rate));

    std::vector<double> relative_speed, relative_vy;
    if (o.slow_phase_window_s > 0) {
        relative_speed = speed_relative_to_slow_phase(vx, vy, speed, disturbed, th, o, rate, my, relative_vy);
        th = adaptive_thresholds(relative_speed, disturbed, o, th.peak_velocity_deg_s);
    }
    const bool relative = !relative_speed.empty();
    const std::vector<double>& detection_speed = relative ? relative_speed : speed;
    const DetectionVelocity detection_velocity{relative ? my : vx, relative ? relative_vy : vy};

    std::vector<EyeMovement> lab(n, EyeMovement::Undefined);
    for (std::size_t i = 0; i < n; ++i)
        if (!cs.measured[i]) lab[i] = EyeMovement::Blink;

    std::vector<std::pair<std::size_t, std::size_t>> artefacts;
    const std::vector<SaccadeSpan> saccades = find_saccades(detection_speed, detection_velocity, th, o, rate, artefacts);
    for (const auto& [a, b] : artefacts)
        for (std::size_t k = a; k <= b; ++k) lab[k] = EyeMovement::Blink;
    for (std::size_t k = 0; k < n; ++k)
        if (disturbed[k]) lab[k] = EyeMovement::Blink;
    for (const SaccadeSpan& s : saccades)
        for (std::size_t k = s.onset; k <= s.offset; ++k)
            if (lab[k] == EyeMovement::Undefined) lab[k] = EyeMovement::Saccade;

    // PSO: speed back above the saccade's offset threshold within the PSO window after its offset.
    for (std::size_t s = 0; s < saccades.size(); ++s) {
        const std::size_t e = saccades[s].offset;
        const std::size_t limit = std::min({n - 1, e + pso_n, s + 1 < saccades.size() ? saccades[s + 1].onset - 1 : n - 1});
        std::optional<std::size_t> last_above;
        const double pso_threshold = saccades[s].offset_threshold;
        for (std::size_t k = e + 1; k <= limit && k < n; ++k) {
            if (!std::isfinite(detection_speed[k])) break;
            if (detection_speed[k] > pso_threshold) last_above = k;
        }
        if (!last_above) continue;
        std::size_t end = *last_above;
        while (finite_at(detection_speed, end + 1) && detection_speed[end + 1] > pso_threshold &&
               lab[end + 1] == EyeMovement::Undefined)
            ++end;
        for (std::size_t k = e + 1; k <= end; ++k)
            if (lab[k] == EyeMovement::Undefined) lab[k] = EyeMovement::PostSaccadicOscillation;
    }

    th.pursuit_velocity_deg_s = o.min_pursuit_velocity_deg_s;
    const auto undecided = undecidable_samples(lab, speed, detection_speed, th, o, rate);
    label_slow_phases(lab, undecided, cs, o, vx, vy, my);

    GazeClassification out;
    out.rate_hz = rate;
    out.resampled = cs.resampled;
    out.thresholds = th;
    const std::size_t m = t_s.size();
    out.labels.resize(m);
    // Uniform input: the speed array already is the caller's (NaN where missing); no copy of an hour.
    if (!cs.resampled) out.speed_deg_s = std::move(speed);
    else out.speed_deg_s.resize(m);
    for (std::size_t j = 0; j < m; ++j) {
        const std::size_t g = cs.grid_index(j);
        const bool missing = !std::isfinite(x_deg[j]) || !std::isfinite(y_deg[j]) ||
                             (!confidence.empty() && confidence[j] < o.conditioning.min_confidence);
        out.labels[j] = missing ? EyeMovement::Blink : lab[g];
        if (cs.resampled) out.speed_deg_s[j] = missing ? kNaN : speed[g];
    }
    std::size_t next_span = 0;
    for (std::size_t a = 0; a < m;) {
        std::size_t b = a;
        while (b + 1 < m && out.labels[b + 1] == out.labels[a]) ++b;
        GazeEvent e;
        e.kind = out.labels[a];
        e.onset_index = a;
        e.offset_index = b;
        e.onset_s = t_s[a];
        e.offset_s = t_s[b];
        e.duration_ms = (t_s[b] - t_s[a] + dt) * 1000.0;
        const std::size_t ga = cs.grid_index(a), gb = cs.grid_index(b);
        e.start_x_deg = cs.x[ga];
        e.start_y_deg = cs.y[ga];
        e.end_x_deg = cs.x[gb];
        e.end_y_deg = cs.y[gb];
        const double dx = e.end_x_deg - e.start_x_deg, dy = e.end_y_deg - e.start_y_deg;
        e.amplitude_deg = std::hypot(dx, dy);
        e.direction_deg = std::atan2(dy, dx) * 180.0 / M_PI;
        double peak = 0;
        for (std::size_t k = a; k <= b; ++k)
            if (std::isfinite(out.speed_deg_s[k])) peak = std::max(peak, out.speed_deg_s[k]);
        e.peak_velocity_deg_s = peak;
        e.movement_onset_s = e.onset_s;
        if (e.kind == EyeMovement::Saccade) {
            while (next_span < saccades.size() && saccades[next_span].offset < ga) ++next_span;
            if (next_span < saccades.size() && saccades[next_span].onset <= ga)
                e.movement_onset_s = std::min(e.onset_s, cs.t_s[saccades[next_span].movement_onset]);
        }
        out.events.push_back(e);
        a = b + 1;
    }
    return out;
}

GazeClassification classify_gaze(const Channel& gaze, const GazeClassifierOptions& options) {
    gaze.validate();
    const auto& xs = gaze.component("x");
    const auto& ys = gaze.component("y");
    std::vector<double> x(xs.begin(), xs.end()), y(ys.begin(), ys.end());
    return classify_gaze(gaze.t_s, x, y, gaze.confidence, gaze.nominal_rate_hz, options);
}

}  // namespace purkinje::signal
