// The eye plant honours its parameters: saccade gain measured on the truth trajectory equals the
// set gain, peak velocities follow the main sequence, and the same seed gives the same movements.

#include <cmath>
#include <doctest/doctest.h>

#include "purkinje/core/error.hpp"
#include "purkinje/sim/movements.hpp"

using namespace purkinje;
using namespace purkinje::sim;

namespace {
double at(const Channel& c, std::size_t comp, double t) { return sample_truth(c, comp, t); }
}  // namespace

TEST_CASE("saccade gain measured on the truth equals the set gain within 0.01") {
    for (double gain : {0.7, 1.0, 1.25}) {
        PatientParams p;
        p.eye.saccade_gain = gain;
        p.eye.saccade_gain_sd = 0;
        const Movements m = simulate_movements(p, Task::Saccades, 40, 21);
        const Channel& eye = m.truth.at("eye_truth");
        const Channel& target = m.truth.at("target");
        int n = 0;
        for (const auto& s : m.saccades) {
            if (s.kind != "primary") continue;
            // The target step this saccade answers: target now minus target before the step.
            const double step_h = at(target, 0, s.onset_s) - at(eye, 0, s.onset_s - 0.001);
            const double step_v = at(target, 1, s.onset_s) - at(eye, 1, s.onset_s - 0.001);
            const double step = std::hypot(step_h, step_v);
            if (step < 3) continue;
            const double dh = at(eye, 0, s.offset_s) - at(eye, 0, s.onset_s);
            const double dv = at(eye, 1, s.offset_s) - at(eye, 1, s.onset_s);
            const double measured = (dh * step_h + dv * step_v) / (step * step);
            INFO("gain " << gain << " saccade at " << s.onset_s << " s");
            CHECK(std::abs(measured - gain) < 0.01);
            ++n;
        }
        CHECK(n >= 12);
    }
}

TEST_CASE("hypometric saccades draw corrective saccades, accurate ones do not") {
    PatientParams p;
    p.eye.saccade_gain = 0.7;
    p.eye.saccade_gain_sd = 0;
    auto count = [](const Movements& m, const char* kind) {
        int n = 0;
        for (const auto& s : m.saccades) n += s.kind == kind;
        return n;
    };
    const Movements hypo = simulate_movements(p, Task::Saccades, 30, 5);
    p.eye.saccade_gain = 1.0;
    const Movements normal = simulate_movements(p, Task::Saccades, 30, 5);
    CHECK(count(hypo, "corrective") >= count(hypo, "primary"));
    CHECK(count(normal, "corrective") <= 1);
}

TEST_CASE("peak saccade velocity follows the main sequence") {
    PatientParams p;
    const Movements m = simulate_movements(p, Task::Saccades, 30, 9);
    const Channel& eye = m.truth.at("eye_truth");
    for (const auto& s : m.saccades) {
        if (s.kind != "primary") continue;
        const double a = std::hypot(s.amplitude_h_deg, s.amplitude_v_deg);
        double peak = 0;
        for (double t = s.onset_s; t < s.offset_s; t += 0.001)
            peak = std::max(peak, std::hypot(at(eye, 0, t + 0.001) - at(eye, 0, t),
                                             at(eye, 1, t + 0.001) - at(eye, 1, t)) / 0.001);
        const double expected = p.eye.main_sequence_vmax_deg_s * (1 - std::exp(-a / p.eye.main_sequence_c_deg));
        CHECK(peak == doctest::Approx(expected).epsilon(0.05));
    }
}

TEST_CASE("a short integrator time constant makes the eye drift back from eccentric gaze") {
    PatientParams p;
    p.eye.gaze_holding_tau_s = 2.0;
    const Movements m = simulate_movements(p, Task::GazeHolding, 12, 3);
    int catch_up = 0;
    for (const auto& s : m.saccades) catch_up += s.kind == "catch_up" && s.onset_s > 3;
    CHECK(catch_up >= 4);  // gaze-evoked nystagmus: drift back, catch-up saccade out, again
}

TEST_CASE("the same seed gives the same movements, another seed other ones") {
    PatientParams p;
    const Movements a = simulate_movements(p, Task::Saccades, 8, 42);
    const Movements b = simulate_movements(p, Task::Saccades, 8, 42);
    const Movements c = simulate_movements(p, Task::Saccades, 8, 43);
    CHECK(a.truth == b.truth);
    CHECK_FALSE(a.truth == c.truth);
    CHECK_NOTHROW(a.truth.validate());
}

TEST_CASE("smooth pursuit: eye velocity follows the target at the set gain, catch-up saccades fill the gap") {
    PatientParams p;
    p.eye.pursuit_gain = 0.6;
    const Movements m = simulate_movements(p, Task::Pursuit, 20, 2);
    const Channel& eye = m.truth.at("eye_truth");
    const Channel& target = m.truth.at("target");
    const double lag = p.eye.pursuit_latency_ms / 1000 + p.eye.pursuit_time_constant_ms / 1000;
    double num = 0, den = 0;
    for (double t = 3; t < 20; t += 0.001) {
        bool saccade = false;
        for (const auto& s : m.saccades) saccade |= t >= s.onset_s - 0.005 && t <= s.offset_s + 0.005;
        if (saccade) continue;
        const double ev = (at(eye, 0, t + 0.0005) - at(eye, 0, t - 0.0005)) / 0.001;
        const double tv = (at(target, 0, t - lag + 0.0005) - at(target, 0, t - lag - 0.0005)) / 0.001;
        num += ev * tv;
        den += tv * tv;
    }
    // The first-order rise (60 ms) shaves 0.6 % off the gain at 0.3 Hz; latency plus time constant
    // approximate its phase.
    CHECK(num / den == doctest::Approx(0.6).epsilon(0.03));
    int catch_up = 0;
    for (const auto& s : m.saccades) catch_up += s.kind == "catch_up";
    CHECK(catch_up >= 8);
}

TEST_CASE("a schedule with a malformed event is refused, naming the event") {
    PatientParams p;
    const std::vector<StimulusEvent> short_target{{0.0, "target", "h_deg,v_deg", {5}}};
    try {
        simulate_movements(p, Task::Saccades, short_target, 2, 1);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("stimulus event 0") != std::string::npos);
    }
    const std::vector<StimulusEvent> nan_impulse{{1.0, "head_impulse", "", {1, std::nan("")}}};
    CHECK_THROWS_AS(simulate_movements(p, Task::HeadImpulse, nan_impulse, 2, 1), Error);
    CHECK_THROWS_AS(simulate_movements(p, Task::Saccades, 0.0, 1), Error);
}
