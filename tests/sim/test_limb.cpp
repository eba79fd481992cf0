// The limb honours its parameters: the intention tremor's spectral peak sits at the loop's own
// frequency, delta makes reaches hypo- or hypermetric, and the alternating movements keep their
// rate. Spectra here use a plain DFT written for the test (not the signal module: sim's truth
// must be checked without the analysis code it is meant to test).

#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <numbers>

#include "purkinje/core/error.hpp"
#include "purkinje/sim/limb.hpp"
#include "purkinje/sim/movements.hpp"

using namespace purkinje;
using namespace purkinje::sim;

namespace {

// Frequency of the largest DFT magnitude of x (mean removed, Hann window) between lo and hi Hz,
// on a grid of `step` Hz, refined by a parabola through the peak and its neighbours.
double dft_peak_hz(const std::vector<double>& x, double rate_hz, double lo, double hi, double step) {
    double mean = 0;
    for (double v : x) mean += v;
    mean /= double(x.size());
    const std::size_t n = x.size();
    std::vector<double> power;
    for (double f = lo; f <= hi; f += step) {
        double re = 0, im = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double window = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * double(i) / double(n - 1));
            const double phase = 2 * std::numbers::pi * f * double(i) / rate_hz;
            re += window * (x[i] - mean) * std::cos(phase);
            im -= window * (x[i] - mean) * std::sin(phase);
        }
        power.push_back(re * re + im * im);
    }
    std::size_t k = std::size_t(std::max_element(power.begin(), power.end()) - power.begin());
    double offset = 0;
    if (k > 0 && k + 1 < power.size()) {
        const double a = power[k - 1], b = power[k], c = power[k + 1];
        offset = 0.5 * (a - c) / (a - 2 * b + c);
    }
    return lo + (double(k) + offset) * step;
}

// Averaged spectrum peak over consecutive segments (the periodogram of one segment is too noisy
// to place a peak to 0.1 Hz).
double averaged_peak_hz(const std::vector<double>& x, double rate_hz, double segment_s) {
    const std::size_t seg = std::size_t(segment_s * rate_hz);
    std::vector<double> sum;
    const double lo = 1.0, hi = 8.0, step = 0.02;
    for (std::size_t start = 0; start + seg <= x.size(); start += seg / 2) {
        std::vector<double> part(x.begin() + long(start), x.begin() + long(start + seg));
        double mean = 0;
        for (double v : part) mean += v;
        mean /= double(seg);
        std::size_t k = 0;
        for (double f = lo; f <= hi; f += step, ++k) {
            double re = 0, im = 0;
            for (std::size_t i = 0; i < seg; ++i) {
                const double window = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * double(i) / double(seg - 1));
                const double phase = 2 * std::numbers::pi * f * double(i) / rate_hz;
                re += window * (part[i] - mean) * std::cos(phase);
                im -= window * (part[i] - mean) * std::sin(phase);
            }
            if (sum.size() <= k) sum.push_back(0);
            sum[k] += re * re + im * im;
        }
    }
    std::size_t k = std::size_t(std::max_element(sum.begin(), sum.end()) - sum.begin());
    double offset = 0;
    if (k > 0 && k + 1 < sum.size()) {
        const double a = sum[k - 1], b = sum[k], c = sum[k + 1];
        offset = 0.5 * (a - c) / (a - 2 * b + c);
    }
    return lo + (double(k) + offset) * step;
}

std::vector<double> component(const Channel& c, std::size_t comp, double from_s, double to_s, int decimate) {
    std::vector<double> out;
    for (std::size_t i = 0; i < c.size(); i += std::size_t(decimate))
        if (c.t_s[i] >= from_s && c.t_s[i] < to_s) out.push_back(c.values[comp][i]);
    return out;
}

}  // namespace

TEST_CASE("intention tremor: the hand's spectral peak lies within 0.1 Hz of the loop's frequency") {
    for (double w : {0.65, 0.7}) {
        PatientParams p;
        p.limb.forward_model_weight_w = w;
        const LimbLoopMode mode = limb_loop_mode(p.limb);
        REQUIRE(mode.found);
        CHECK(mode.decay_per_s > 0);  // a stable, lightly damped loop: noise keeps it ringing
        CHECK(mode.frequency_hz > 2.0);
        CHECK(mode.frequency_hz < 5.0);
        // Holding at one target for a minute.
        const std::vector<StimulusEvent> hold{{0.0, "hand_target", "x_cm,y_cm", {0, 0}}};
        const Movements m = simulate_movements(p, Task::FingerChase, hold, 62, 17);
        const auto x = component(m.truth.at("hand_truth"), 0, 2, 62, 5);  // 200 Hz
        const double peak = averaged_peak_hz(x, 200, 10);
        INFO("w " << w << ": loop " << mode.frequency_hz << " Hz, spectral peak " << peak << " Hz");
        CHECK(std::abs(peak - mode.frequency_hz) < 0.1);
        CHECK(std::abs(m.tremor_frequency_hz - mode.frequency_hz) < 1e-9);
    }
}

TEST_CASE("an intact forward model (w = 1) damps the loop - a weak one leaves it ringing") {
    PatientParams p;
    const double healthy = limb_loop_mode(p.limb).damping_ratio();
    p.limb.forward_model_weight_w = 0.7;
    const double ataxic = limb_loop_mode(p.limb).damping_ratio();
    CHECK(healthy > 0.25);
    CHECK(ataxic < 0.1);
    CHECK(ataxic > 0);
}

TEST_CASE("the tremor grows toward the target") {
    // Path residual: the noisy hand minus the same patient's noise-free hand (same plan, same
    // reaction times), early in each reach versus its last third.
    PatientParams p;
    p.limb.forward_model_weight_w = 0.7;
    const Movements noisy = simulate_movements(p, Task::FingerChase, 40, 8);
    p.limb.signal_dependent_noise = 0;
    p.limb.constant_noise_n = 0;
    const Movements clean = simulate_movements(p, Task::FingerChase, 40, 8);
    const Channel& a = noisy.truth.at("hand_truth");
    const Channel& b = clean.truth.at("hand_truth");
    // The tremor band of the residual: minus its own 0.2 s moving average (drops the slow drift
    // an open-loop reach picks up from the noise).
    std::vector<double> residual(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) residual[i] = a.values[0][i] - b.values[0][i];
    std::vector<double> band(a.size(), 0.0);
    for (std::size_t i = 100; i + 100 < a.size(); ++i) {
        double avg = 0;
        for (std::size_t j = i - 100; j <= i + 100; ++j) avg += residual[j];
        band[i] = residual[i] - avg / 201;
    }
    double early = 0, late = 0;
    int ne = 0, nl = 0;
    for (const auto& r : noisy.reaches) {
        const auto i0 = std::size_t((r.start_s + 0.3) * 1000), i1 = std::size_t((r.start_s + 1.6) * 1000);
        if (i1 + 100 >= a.size()) break;
        for (std::size_t i = i0; i < i1; ++i) {
            const double d = band[i];
            if (i < i0 + (i1 - i0) / 3) { early += d * d; ++ne; }
            if (i > i0 + 2 * (i1 - i0) / 3) { late += d * d; ++nl; }
        }
    }
    REQUIRE(ne > 0);
    REQUIRE(nl > 0);
    INFO("rms early " << std::sqrt(early / ne) << " cm, late " << std::sqrt(late / nl) << " cm");
    CHECK(late / nl > 1.5 * early / ne);
}

TEST_CASE("delta scales the primary reach: hypometric below 0, hypermetric above") {
    auto first_peak_ratio = [](double delta) {
        PatientParams p;
        p.limb.inertia_error_delta = delta;
        p.limb.signal_dependent_noise = 0;
        p.limb.constant_noise_n = 0;
        const std::vector<StimulusEvent> one{{0.0, "hand_target", "x_cm,y_cm", {0, 0}},
                                             {0.5, "hand_target", "x_cm,y_cm", {30, 0}}};
        const Movements m = simulate_movements(p, Task::FingerChase, one, 3, 1);
        const auto x = component(m.truth.at("hand_truth"), 0, 0.5, 3, 1);
        // The primary movement ends at the first minimum of speed, once slower than a third of
        // the peak speed.
        std::vector<double> v;
        for (std::size_t i = 1; i < x.size(); ++i) v.push_back(x[i] - x[i - 1]);
        const double vmax = *std::max_element(v.begin(), v.end());
        std::size_t peak = std::size_t(std::max_element(v.begin(), v.end()) - v.begin());
        for (std::size_t i = peak; i + 1 < v.size(); ++i)
            if (v[i] < vmax / 3 && v[i + 1] >= v[i]) return x[i] / 30;
        return x.back() / 30;
    };
    const double hypo = first_peak_ratio(-0.3), normal = first_peak_ratio(0), hyper = first_peak_ratio(0.3);
    INFO("hypo " << hypo << " normal " << normal << " hyper " << hyper);
    CHECK(hypo < normal - 0.03);
    CHECK(hyper > normal + 0.03);
    CHECK(std::abs(normal - 1) < 0.05);
}

TEST_CASE("fast alternating movements keep their rate, irregularity and decrement") {
    PatientParams p;
    p.limb.alternation_rate_hz = 2.5;
    p.limb.alternation_irregularity = 0.0;
    p.limb.alternation_decrement = 0.3;
    const Movements m = simulate_movements(p, Task::AlternatingHand, 21, 4);
    const Channel& hand = m.truth.at("hand_truth");
    const auto x = component(hand, 0, 0.5, 20.5, 5);
    CHECK(dft_peak_hz(x, 200, 1, 6, 0.01) == doctest::Approx(2.5).epsilon(0.01));
    double early = 0, late = 0;
    for (double v : component(hand, 0, 1, 4, 1)) early = std::max(early, std::abs(v));
    for (double v : component(hand, 0, 17, 20, 1)) late = std::max(late, std::abs(v));
    // 0.3 per 10 s: the envelope falls from ~0.97 to ~0.46 of its start.
    CHECK(late / early == doctest::Approx((1 - 0.3 * 1.85) / (1 - 0.3 * 0.05)).epsilon(0.08));
}

namespace {

// The largest `distance(x_cm, y_cm, start_x_cm, start_y_cm)` of the hand over 30 s of `task`,
// seeds 1..seeds.
template <class Distance>
double farthest(const PatientParams& p, Task task, std::uint64_t seeds, Distance distance) {
    double worst = 0;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        const Movements m = simulate_movements(p, task, 30, seed);
        const Channel& hand = m.truth.at("hand_truth");
        for (std::size_t i = 0; i < hand.size(); ++i)
            worst = std::max(worst, distance(double(hand.values[0][i]), double(hand.values[1][i]),
                                             double(hand.values[0][0]), double(hand.values[1][0])));
    }
    return worst;
}

}  // namespace

TEST_CASE("the finger chase keeps the hand near its targets: no runaway over 30 s, seeds 1-10") {
    // The targets lie within 15 x 10 cm of the board's centre, where the hand starts; a hypermetric
    // reach (delta 0.2 on a 36 cm diagonal) overshoots by ~7 cm. Planned from a standstill, the
    // severe preset's hand went 54 cm out (6 of 10 seeds past 40 cm): its residual tremor ran on
    // uncorrected through each reach.
    for (const char* name : {"healthy", "mild_cerebellar_ataxia", "severe_cerebellar_ataxia"}) {
        const double worst = farthest(load_named_preset(name), Task::FingerChase, 10,
                                      [](double x, double y, double x0, double y0) { return std::hypot(x - x0, y - y0); });
        INFO(std::string(name) << ": farthest from the start " << worst << " cm");
        CHECK(worst < 25);
    }
}

TEST_CASE("nose-finger: the hand stays near the nose and the finger, seeds 1-5") {
    // The ends lie 30 cm apart at x = -15 and +15 cm; a hypermetric reach (delta 0.2) overshoots by
    // ~6 cm, and the severe preset's intention tremor adds to it. Planned from a standstill, the
    // severe hand went 15 m out.
    for (const char* name : {"healthy", "mild_cerebellar_ataxia", "severe_cerebellar_ataxia"}) {
        const double beyond = farthest(load_named_preset(name), Task::NoseFinger, 5,
                                       [](double x, double, double, double) { return std::abs(x) - 15; });
        INFO(std::string(name) << ": farthest beyond the nose or the finger " << beyond << " cm");
        CHECK(beyond < 20);
    }
}

TEST_CASE("the gated loop's growth from reach to reach: the presets' loops shrink a perturbation") {
    for (const char* name : {"healthy", "mild_cerebellar_ataxia", "severe_cerebellar_ataxia"}) {
        const LimbReachGrowth growth = limb_reach_growth(load_named_preset(name).limb);
        INFO(std::string(name) << ": growth per reach " << growth.growth_per_reach);
        CHECK(growth.reaches > 20);
        CHECK(growth.growth_per_reach > 0);
        // Planned from a standstill the severe loop grew by 1.09 per reach.
        CHECK(growth.growth_per_reach < 0.5);
        const auto nose_finger = default_schedule(Task::NoseFinger, 60, 1);
        CHECK(limb_reach_growth(load_named_preset(name).limb, nose_finger).growth_per_reach < 0.5);
    }
    // A schedule without reaches has nothing to check.
    const std::vector<StimulusEvent> hold{{0.0, "hand_target", "x_cm,y_cm", {0, 0}}};
    CHECK(limb_reach_growth(LimbParams{}, hold).reaches == 0);
}

TEST_CASE("a loop that holds but grows from reach to reach is refused, naming the fields") {
    // delta 0.05, w 0.65: the hold loop decays (0.03/s, barely), but each reach leaves the next a
    // larger perturbation: with noise the hand wandered > 40 cm in 2 of 10 finger chases.
    PatientParams p;
    p.name = "borderline";
    p.limb.inertia_error_delta = 0.05;
    p.limb.forward_model_weight_w = 0.65;
    const LimbLoopMode mode = limb_loop_mode(p.limb);
    REQUIRE(mode.found);
    CHECK(mode.decay_per_s > 0);
    CHECK(limb_reach_growth(p.limb).growth_per_reach > 1);
    try {
        (void)simulate_movements(p, Task::FingerChase, 30, 1);
        FAIL("a growing gated loop was simulated");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::Unsupported);
        const std::string text = e.what();
        CHECK(text.find("borderline") != std::string::npos);
        CHECK(text.find("limb.forward_model_weight_w") != std::string::npos);
        CHECK(text.find("grows from reach to reach") != std::string::npos);
    }
    // Holding still (no reaches) the same patient is simulated: its hold loop is stable.
    const std::vector<StimulusEvent> hold{{0.0, "hand_target", "x_cm,y_cm", {0, 0}}};
    CHECK_NOTHROW((void)simulate_movements(p, Task::FingerChase, hold, 5, 1));
}
