// The vestibular plant honours its parameters: VOR gain per side measured on the truth (eye
// velocity against head velocity, saccades left out) equals the set gain within 0.01, VOR
// cancellation suppresses it by the set fraction, and the impulse-by-impulse gain under x2 / x0
// viewing follows the two-state learner.

#include <cmath>
#include <doctest/doctest.h>

#include "purkinje/sim/movements.hpp"

using namespace purkinje;
using namespace purkinje::sim;

namespace {

bool in_saccade(const Movements& m, double t) {
    for (const auto& s : m.saccades)
        if (t >= s.onset_s - 0.005 && t <= s.offset_s + 0.005) return true;
    return false;
}

// Least-squares gain of eye velocity on minus the (latency-shifted) head velocity over [from, to).
double vor_gain(const Movements& m, double from_s, double to_s, double latency_s, double min_head_deg_s = 5) {
    const Channel& eye = m.truth.at("eye_truth");
    const Channel& head = m.truth.at("head_truth");
    double num = 0, den = 0;
    for (double t = from_s; t < to_s; t += 0.001) {
        if (in_saccade(m, t)) continue;
        const double ev = (sample_truth(eye, 0, t + 0.0005) - sample_truth(eye, 0, t - 0.0005)) / 0.001;
        const double hv = (sample_truth(head, 0, t - latency_s + 0.0005) - sample_truth(head, 0, t - latency_s - 0.0005)) / 0.001;
        if (std::abs(hv) < min_head_deg_s) continue;
        num += -ev * hv;
        den += hv * hv;
    }
    return num / den;
}

}  // namespace

TEST_CASE("head impulses: the VOR gain of each side on the truth equals the set gain within 0.01") {
    PatientParams p;
    p.vestibular.vor_gain_left = 0.35;
    p.vestibular.vor_gain_right = 0.95;
    p.vestibular.covert_saccade_fraction = 0.6;
    const Movements m = simulate_movements(p, Task::HeadImpulse, 40, 12);
    int left = 0, right = 0, catch_up_left = 0, catch_up_right = 0;
    for (const auto& imp : m.head_impulses) {
        const double g = vor_gain(m, imp.onset_s, imp.onset_s + 0.2, p.vestibular.vor_latency_ms / 1000, 20);
        const double expected = imp.direction > 0 ? p.vestibular.vor_gain_right : p.vestibular.vor_gain_left;
        INFO("impulse at " << imp.onset_s << " s, direction " << imp.direction << ", peak " << imp.peak_velocity_deg_s);
        CHECK(std::abs(g - expected) < 0.01);
        CHECK(imp.peak_velocity_deg_s >= 150);
        CHECK(imp.peak_velocity_deg_s <= 250);
        (imp.direction > 0 ? right : left)++;
        if (imp.covert_saccade || imp.overt_saccade) (imp.direction > 0 ? catch_up_right : catch_up_left)++;
    }
    CHECK(left >= 4);
    CHECK(right >= 4);
    CHECK(catch_up_left == left);       // a 0.35 gain always leaves a gaze error to catch up
    CHECK(catch_up_right == 0);  // 0.95 leaves at most ~1 deg: below the catch-up threshold
}

TEST_CASE("sinusoidal rotation: the VOR gain on the truth equals the set gain within 0.01") {
    PatientParams p;
    p.vestibular.vor_gain_left = p.vestibular.vor_gain_right = 0.8;
    const Movements m = simulate_movements(p, Task::VorSinusoid, 20, 4);
    CHECK(std::abs(vor_gain(m, 2, 20, p.vestibular.vor_latency_ms / 1000) - 0.8) < 0.01);
    int catch_up = 0;
    for (const auto& s : m.saccades) catch_up += s.kind == "catch_up";
    CHECK(catch_up > 5);  // the 20 % gaze slip is made good by quick phases
}

TEST_CASE("VOR cancellation suppresses the VOR by the set fraction") {
    PatientParams p;
    p.vestibular.vor_cancellation = 0.9;
    const Movements healthy = simulate_movements(p, Task::VorCancellation, 12, 4);
    CHECK(std::abs(vor_gain(healthy, 2, 12, 0.008) - 0.1) < 0.01);
    p.vestibular.vor_cancellation = 0.3;
    const Movements impaired = simulate_movements(p, Task::VorCancellation, 12, 4);
    CHECK(std::abs(vor_gain(impaired, 2, 12, 0.008) - 0.7) < 0.01);
}

TEST_CASE("VOR adaptation: impulse-by-impulse gain follows the two-state learner under x2 and x0") {
    for (Task task : {Task::VorAdaptationX2, Task::VorAdaptationX0}) {
        PatientParams p;
        const double demanded = task == Task::VorAdaptationX2 ? 2.0 : 0.0;
        const Movements m = simulate_movements(p, task, 120, 6);
        // The learner, written out here from its equations.
        std::vector<double> expected;
        double xf = 0, xs = 0;
        for (std::size_t k = 0; k < m.adaptation_gain_by_trial.size(); ++k) {
            const double g = 1.0 + xf + xs;
            expected.push_back(g);
            const double e = demanded - g;
            xf = p.vestibular.adaptation_a_fast * xf + p.vestibular.adaptation_b_fast * e;
            xs = p.vestibular.adaptation_a_slow * xs + p.vestibular.adaptation_b_slow * e;
        }
        REQUIRE(m.adaptation_gain_by_trial.size() >= 40);
        std::size_t k = 0;
        for (const auto& imp : m.head_impulses) {
            if (imp.demanded_gain != demanded) continue;
            const double measured = vor_gain(m, imp.onset_s, imp.onset_s + 0.2, 0.008, 20);
            INFO(to_string(task) << " trial " << k);
            CHECK(std::abs(measured - expected[k]) < 0.01);
            CHECK(std::abs(m.adaptation_gain_by_trial[k] - expected[k]) < 1e-12);
            ++k;
        }
        CHECK(k == expected.size());
        // It adapts toward the demand, and the fast state saturates early while the slow one builds.
        if (demanded > 1) CHECK(expected.back() > 1.2);
        else CHECK(expected.back() < 0.8);
    }
}

TEST_CASE("a floccular learner (small B) barely adapts") {
    PatientParams p;
    p.vestibular.adaptation_b_fast = 0.003;
    p.vestibular.adaptation_b_slow = 0.0004;
    const Movements m = simulate_movements(p, Task::VorAdaptationX2, 120, 6);
    REQUIRE(!m.adaptation_gain_by_trial.empty());
    CHECK(m.adaptation_gain_by_trial.back() < 1.06);
}
