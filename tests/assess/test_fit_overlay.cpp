// Fit overlays on synthetic trials whose answer is known by construction.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "purkinje/assess/fit_overlay.hpp"
#include "purkinje/assess/protocol.hpp"
#include "purkinje/core/names.hpp"

using namespace purkinje;

namespace {

// A sinusoidal head rotation of 10 deg at 0.5 Hz (the protocol's schedule) at 120 Hz, the eye in the
// head compensating with `gain` (head yaw is positive to the left, gaze x to the right: a compensatory
// eye moves with the head's sign), and one 5 deg saccade at 4 s.
Trial head_sine_trial(const std::string& protocol, double gain) {
    Trial trial;
    trial.protocol = protocol;
    trial.recording.events = protocol == names::kVorSinusoidal ? assess::vor_sinusoidal_schedule(1)
                                                                : assess::vor_cancellation_schedule(1);
    Channel head(names::kHead, 120, {{"yaw", "deg"}, {"pitch", "deg"}, {"roll", "deg"}});
    Channel gaze(names::kGaze, 120, {{"x", "deg"}, {"y", "deg"}});
    std::mt19937 rng(4);
    std::normal_distribution<double> noise(0, 0.02);
    const double w = 2 * std::numbers::pi * 0.5;
    for (int i = 0; i < 120 * 10; ++i) {
        const double t = i / 120.0;
        const double yaw = t < 1 ? 0 : 10 * std::sin(w * (t - 1));
        const double saccade = 5 * std::clamp((t - 4.0) / 0.03, 0.0, 1.0);
        head.push_back(t, {float(yaw), 0.f, 0.f});
        gaze.push_back(t, {float(gain * yaw + saccade + noise(rng)), float(noise(rng))});
    }
    trial.recording.channels = {head, gaze};
    return trial;
}

}  // namespace

TEST_CASE("sinusoidal VOR overlay: head and desaccaded eye velocity over the analysed window, with gain and phase") {
    const auto overlays = assess::fit_overlays(head_sine_trial(names::kVorSinusoidal, 0.6), {});
    REQUIRE(overlays.size() == 1);
    const auto& o = overlays.front();
    CHECK(o.model == "head_sine_traces");
    CHECK(o.title.find("gain 0.60") != std::string::npos);
    REQUIRE(o.curves.size() == 2);
    const auto& head = o.curves[0];
    const auto& eye = o.curves[1];
    REQUIRE(head.x.size() == eye.x.size());
    CHECK(head.x.front() >= 1.0 + 0.5 / 0.5 - 1e-9);  // half a cycle after the rotation starts
    // The eye lies on 0.6 x the head (slope through the origin, and the scatter about it: the tracker
    // noise differentiated); the saccade itself is taken out (NaN), not drawn as a spike.
    int compared = 0, removed = 0;
    double eh = 0, hh = 0;
    for (std::size_t i = 0; i < eye.x.size(); ++i) {
        if (std::abs(eye.x[i] - 4.0) < 0.05) removed += !std::isfinite(eye.y[i]);
        if (!std::isfinite(eye.y[i])) continue;
        eh += eye.y[i] * head.y[i], hh += head.y[i] * head.y[i];
        ++compared;
    }
    const double slope = eh / hh;
    double scatter = 0;
    for (std::size_t i = 0; i < eye.x.size(); ++i)
        if (std::isfinite(eye.y[i])) scatter += std::pow(eye.y[i] - slope * head.y[i], 2);
    CHECK(slope == doctest::Approx(0.6).epsilon(0.03));
    CHECK(std::sqrt(scatter / compared) < 2.0);  // deg/s; the head's peak is 31 deg/s
    CHECK(compared > 800);
    CHECK(removed > 5);
}

TEST_CASE("VOR cancellation overlay: a cancelled VOR leaves the eye flat against the head") {
    const auto overlays = assess::fit_overlays(head_sine_trial(names::kVorCancellation, 0.05), {});
    REQUIRE(overlays.size() == 1);
    CHECK(overlays.front().title.find("gain 0.05") != std::string::npos);
}
