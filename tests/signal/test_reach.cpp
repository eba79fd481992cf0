#include <cmath>
#include <doctest/doctest.h>
#include <random>

#include "purkinje/core/error.hpp"
#include "purkinje/signal/reach.hpp"

using namespace purkinje;
using namespace purkinje::signal;

namespace {
double minimum_jerk(double tau) {
    tau = std::min(1.0, std::max(0.0, tau));
    return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
}
}  // namespace

TEST_CASE("reaches: onset and offset around the peak, endpoint, straightness and submovements") {
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0, 0.01);
    const double rate = 120;
    std::vector<double> t, x, y;
    for (int i = 0; i < int(6 * rate); ++i) {
        const double s = i / rate;
        // Reach 1: 20 cm to the right in 0.8 s from 0.5 s. Reach 2: back, 0.8 s from 2.5 s, with a
        // 3 cm corrective submovement from 3.2 s (a dysmetric undershoot then correction).
        double px = 20 * minimum_jerk((s - 0.5) / 0.8) - 17 * minimum_jerk((s - 2.5) / 0.8) -
                    3 * minimum_jerk((s - 3.2) / 0.4);
        t.push_back(s);
        x.push_back(px + noise(rng));
        y.push_back(noise(rng));
    }
    const auto reaches = segment_reaches(t, x, y);
    REQUIRE(reaches.size() == 2);
    const Reach& first = reaches[0];
    CHECK(first.peak_s == doctest::Approx(0.9).epsilon(0.03));
    CHECK(first.onset_s > 0.5);
    CHECK(first.onset_s < 0.6);
    CHECK(first.offset_s > 1.2);
    CHECK(first.offset_s < 1.3);
    CHECK(first.peak_speed == doctest::Approx(1.875 * 20 / 0.8).epsilon(0.03));
    CHECK(first.end_x == doctest::Approx(20).epsilon(0.02));
    CHECK(first.path_length_ratio == doctest::Approx(1.0).epsilon(0.03));
    CHECK(first.submovements == 1);
    CHECK(reaches[1].submovements == 2);
    CHECK(reaches[1].end_x == doctest::Approx(0).scale(1).epsilon(0.5));
    const double ttt = time_to_target_s(first, t, x, y, 20, 0, 1.0);
    CHECK(ttt > 0.4);
    CHECK(ttt < 0.8);
}

TEST_CASE("cycles of alternating movements: rate, regularity and amplitude decrement") {
    const double rate = 100;
    std::vector<double> t, angle;
    for (int i = 0; i < 1000; ++i) {
        const double s = i / rate;
        const double amplitude = 40 * (1 - 0.05 * s);  // fatigues to half over 10 s
        t.push_back(s);
        angle.push_back(amplitude * std::sin(2 * M_PI * 2.5 * s));
    }
    const auto cycles = detect_cycles(t, angle);
    CHECK(cycles.cycles.size() >= 22);
    CHECK(cycles.rate_hz == doctest::Approx(2.5).epsilon(0.02));
    CHECK(cycles.period_cv < 0.03);
    CHECK(cycles.amplitude_decrement == doctest::Approx(0.45).epsilon(0.15));
    CHECK(cycles.mean_amplitude == doctest::Approx(2 * 40 * 0.75).epsilon(0.1));
}

TEST_CASE("reach segmentation refuses time going backwards") {
    CHECK_THROWS_AS(segment_reaches({0, 0.1, 0.05}, {0, 0, 0}, {0, 0, 0}), Error);
}
