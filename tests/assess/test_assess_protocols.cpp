// Protocol analyses on synthetic recordings whose answer is known by construction (no simulator:
// these test the analysis alone; tests/e2e joins it with the virtual patient).

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "purkinje/assess/analysis.hpp"
#include "purkinje/assess/protocol.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"

using namespace purkinje;
using namespace purkinje::assess;

namespace {

double minimum_jerk(double tau) {
    tau = std::clamp(tau, 0.0, 1.0);
    return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
}

// Reaches to each target of the schedule, overshooting by `overshoot` of the distance, then a
// corrective movement onto the target; optional tremor at the target.
Recording reaching(const std::vector<StimulusEvent>& schedule, double overshoot, double tremor_cm,
                   double tremor_hz, double rate = 60, unsigned seed = 3) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, 0.03);
    Recording r;
    r.events = schedule;
    Channel hand(names::kHand, rate, {{"x", "cm"}, {"y", "cm"}});
    const double end = schedule.back().t_s + 1.8;
    for (double t = 0; t < end; t += 1 / rate) {
        double x = schedule[0].values[0], y = schedule[0].values[1];
        double tremor = 0;
        for (std::size_t k = 1; k < schedule.size(); ++k) {
            if (t < schedule[k].t_s) break;
            const double fx = schedule[k - 1].values[0], fy = schedule[k - 1].values[1];
            const double tx = schedule[k].values[0], ty = schedule[k].values[1];
            const double ox = tx + overshoot * (tx - fx), oy = ty + overshoot * (ty - fy);
            const double s1 = minimum_jerk((t - schedule[k].t_s - 0.25) / 0.5);
            const double s2 = minimum_jerk((t - schedule[k].t_s - 1.0) / 0.3);
            x = fx + s1 * (ox - fx) + s2 * (tx - ox);
            y = fy + s1 * (oy - fy) + s2 * (ty - oy);
            tremor = t > schedule[k].t_s + 0.75 ? 1.0 : 0.0;
        }
        x += tremor * 0.5 * tremor_cm * std::sin(2 * std::numbers::pi * tremor_hz * t) + noise(rng);
        hand.push_back(t, {float(x), float(y + noise(rng))});
    }
    r.channels.push_back(hand);
    return r;
}

}  // namespace

TEST_CASE("finger chase: dysmetria of overshooting reaches and the SARA item 5") {
    const auto schedule = finger_chase_schedule(4);
    AnalysisOptions o;
    o.fit_models = false;
    const auto a = analyse_finger_chase(reaching(schedule, 0.2, 0, 0), o);
    double expected = 0;
    for (std::size_t k = 1; k < schedule.size(); ++k)
        expected += 0.2 * std::hypot(schedule[k].values[0] - schedule[k - 1].values[0],
                                     schedule[k].values[1] - schedule[k - 1].values[1]);
    expected /= double(schedule.size() - 1);
    REQUIRE(a.finding("endpoint_error_cm"));
    CHECK(a.finding("endpoint_error_cm")->value == doctest::Approx(expected).epsilon(0.12));
    CHECK(a.finding("overshoot_cm")->value > 0.8 * expected);
    CHECK(a.finding("pointings_completed")->value == double(schedule.size() - 1));
    CHECK(a.sara_item == sara_finger_chase_item(expected, 8));
    CHECK(a.finding("sara_item_5")->flag == Flag::High);
    CHECK(a.finding("sara_item_5")->normal.citation.find("Schmitz-Hubsch") != std::string::npos);

    const auto accurate = analyse_finger_chase(reaching(schedule, 0.0, 0, 0), o);
    CHECK(accurate.finding("endpoint_error_cm")->value < 0.5);
    CHECK(accurate.sara_item == 0);
    CHECK(accurate.finding("sara_item_5")->flag == Flag::Normal);
}

TEST_CASE("nose-finger: intention tremor amplitude and frequency") {
    const auto schedule = nose_finger_schedule(1);
    AnalysisOptions o;
    o.fit_models = false;
    const auto a = analyse_nose_finger(reaching(schedule, 0.0, 3.0, 3.5), o);
    REQUIRE(a.finding("tremor_amplitude_cm"));
    CHECK(a.finding("tremor_peak_hz")->value == doctest::Approx(3.5).epsilon(0.1));
    CHECK(a.finding("tremor_amplitude_cm")->value == doctest::Approx(3.0).epsilon(0.15));
    INFO("pointings " << a.finding("pointings_completed")->value);
    CHECK(a.sara_item == 2);
    const auto still = analyse_nose_finger(reaching(schedule, 0.0, 0.0, 0.0), o);
    CHECK(still.sara_item == 0);
}

TEST_CASE("postural tremor: peak frequency and amplitude of a held finger") {
    Recording r;
    r.events = postural_tremor_schedule(1);
    Channel hand(names::kHand, 60, {{"x", "cm"}, {"y", "cm"}});
    for (int i = 0; i < 600; ++i) {
        const double t = i / 60.0, s = 0.4 * std::sin(2 * std::numbers::pi * 6.0 * t);
        hand.push_back(t, {float(0.6 * s), float(0.8 * s)});  // 0.8 cm peak to peak along a diagonal
    }
    r.channels.push_back(hand);
    const auto a = analyse_tremor(r, names::kPosturalTremor);
    CHECK(a.finding("tremor_peak_hz")->value == doctest::Approx(6.0).epsilon(0.05));
    CHECK(a.finding("tremor_amplitude_cm")->value == doctest::Approx(0.8).epsilon(0.1));
    CHECK(a.finding("tremor_amplitude_cm")->flag == Flag::NotJudged);
    // mm input: the same hand in millimetres gives the same centimetres.
    for (auto& v : r.channels[0].values)
        for (auto& s : v) s *= 10;
    AnalysisOptions mm;
    mm.length_unit_to_cm = 0.1;
    CHECK(analyse_tremor(r, names::kPosturalTremor, mm).finding("tremor_amplitude_cm")->value ==
          doctest::Approx(0.8).epsilon(0.1));
}

TEST_CASE("fast alternating movements: rate, regularity, time for 10 cycles") {
    Recording r;
    r.events = fast_alternating_schedule(1);
    Channel hand(names::kHand, 60, {{"x", "cm"}, {"y", "cm"}});
    for (int i = 0; i < 60 * 12; ++i) {
        const double t = i / 60.0;
        hand.push_back(t, {float(2.0 * std::sin(2 * std::numbers::pi * 2.5 * t)), 0.f});
    }
    r.channels.push_back(hand);
    const auto a = analyse_fast_alternating(r);
    CHECK(a.finding("alternation_rate_hz")->value == doctest::Approx(2.5).epsilon(0.03));
    CHECK(a.finding("time_for_10_cycles_s")->value == doctest::Approx(4.0).epsilon(0.03));
    CHECK(a.sara_item == 0);
}

TEST_CASE("head impulses are refused below 100 Hz with a sentence that says so") {
    Recording r;
    r.events = head_impulse_schedule(1);
    Channel gaze(names::kGaze, 60, {{"x", "deg"}, {"y", "deg"}});
    Channel head(names::kHead, 60, {{"yaw", "deg"}, {"pitch", "deg"}, {"roll", "deg"}});
    for (int i = 0; i < 600; ++i) gaze.push_back(i / 60.0, {0.f, 0.f}), head.push_back(i / 60.0, {0.f, 0.f, 0.f});
    r.channels = {gaze, head};
    try {
        analyse_head_impulse(r);
        FAIL("a 60 Hz recording was analysed");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::Unsupported);
        CHECK(std::string(e.what()).find("at least 100 Hz") != std::string::npos);
    }
    Trial trial;
    trial.protocol = names::kHeadImpulse;
    trial.recording = r;
    Session s;
    s.trials.push_back(trial);
    const auto analysis = analyse_session(s);
    CHECK(analysis.findings.empty());
    REQUIRE(analysis.notes.size() == 1);
    CHECK(analysis.notes[0].find("100 Hz") != std::string::npos);
}

TEST_CASE("gaze holding: the integrator time constant of a leaky drift") {
    Recording r;
    r.events = gaze_holding_schedule(1);
    Channel gaze(names::kGaze, 120, {{"x", "deg"}, {"y", "deg"}});
    const double tau = 10;
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0, 0.05);
    double x = 0;
    std::size_t next = 1;
    double target = 0;
    for (int i = 0; i < 120 * 16; ++i) {
        const double t = i / 120.0;
        if (next < r.events.size() && t >= r.events[next].t_s + 0.2) target = r.events[next++].values[0], x = target;
        x += -x / tau / 120.0;                                 // drift back toward the centre
        if (std::abs(x - target) > 1.0) x = target;           // a corrective beat
        gaze.push_back(t, {float(x + noise(rng)), float(noise(rng))});
    }
    r.channels.push_back(gaze);
    const auto a = analyse_gaze_holding(r);
    CHECK(a.finding("integrator_time_constant_s")->value == doctest::Approx(tau).epsilon(0.2));
    CHECK(a.finding("integrator_time_constant_s")->flag == Flag::Low);
}

namespace {

// Pursuit of the protocol's own sine with a smooth gain `gain`, 100 ms behind, and catch-up
// saccades (minimum jerk, 2 deg in ~60 ms, ~70 deg/s) whenever the eye falls 2 deg behind; 120 Hz
// camera with 0.1 deg noise.
Recording pursuit(double gain, double noise_sd, std::vector<double>* saccade_onsets = nullptr) {
    Recording r;
    r.events = smooth_pursuit_schedule(1);
    const auto& sine = r.events[1];
    const double amp = sine.values[2], w = 2 * std::numbers::pi * sine.values[4], t0 = sine.t_s;
    const double rate = 120, dt_fine = 0.001;
    std::mt19937 rng(11);
    std::normal_distribution<double> noise(0, noise_sd);
    Channel gaze(names::kGaze, rate, {{"x", "deg"}, {"y", "deg"}});
    double eye = 0, saccade_from = -1, saccade_amp = 0;
    int next_sample = 0;
    for (double t = 0; t < 12; t += dt_fine) {
        const double delayed = t - 0.1 - t0;
        eye += delayed < 0 ? 0 : gain * amp * w * std::cos(w * delayed) * dt_fine;
        const double target = t < t0 ? 0 : amp * std::sin(w * (t - t0));
        if (saccade_from < 0 && std::abs(target - eye) > 2) {
            saccade_from = t, saccade_amp = target - eye;
            if (saccade_onsets) saccade_onsets->push_back(t);
        }
        double shown = eye;
        if (saccade_from >= 0) {
            const double tau = std::min(1.0, (t - saccade_from) / 0.06);
            shown = eye + saccade_amp * minimum_jerk(tau);  // the smooth eye keeps pursuing under it
            if (tau >= 1) eye += saccade_amp, shown = eye, saccade_from = -1;
        }
        if (t >= next_sample / rate - 1e-9) {
            gaze.push_back(next_sample / rate, {float(shown + noise(rng)), float(noise(rng))});
            ++next_sample;
        }
    }
    r.channels.push_back(gaze);
    return r;
}

}  // namespace

// Below a gain of ~0.7 catch-up saccades come every < 250 ms and the +-20 ms margins around them
// leave too little smooth eye: 0.6 reads ~0.8 (docs/protocols.md, limits).
TEST_CASE("smooth pursuit: the gain is the smooth eye's, catch-up saccades removed (not the gaze's ~1)") {
    for (double gain : {0.95, 0.75}) {
        std::vector<double> onsets;
        const auto a = analyse_smooth_pursuit(pursuit(gain, 0.1, &onsets));
        INFO("gain " << gain << ": " << onsets.size() << " catch-up saccades");
        CHECK(a.finding("pursuit_gain")->value == doctest::Approx(gain).epsilon(0.06));
        // Phase: the 100 ms delay at 0.3 Hz is 10.8 deg of lag.
        CHECK(a.finding("pursuit_phase_deg")->value == doctest::Approx(-10.8).epsilon(0.35));
    }
}

TEST_CASE("tracking gaps: up to 75 ms are bridged, saccades across them found - a blink is never bridged") {
    // The protocol's target steps at 120 Hz, each answered by a saccade in whose middle the
    // tracker loses 1-3 frames (NaN, confidence 0), as it loses a motion-blurred pupil; or, with
    // `blink_in_first`, a 150 ms blink over the first saccade.
    auto recording = [](bool blink_in_first, std::size_t* steps_out) {
        Recording r;
        r.events = saccades_schedule(1);
        Channel gaze(names::kGaze, 120, {{"x", "deg"}, {"y", "deg"}});
        std::mt19937 rng(2);
        std::normal_distribution<double> noise(0, 0.05);
        struct Step {
            double onset_s, dx, dy;
        };
        std::vector<Step> steps;
        double eye_x = 0, eye_y = 0;
        for (std::size_t k = 1; k < r.events.size(); ++k) {
            steps.push_back({r.events[k].t_s + 0.2, r.events[k].values[0] - eye_x, r.events[k].values[1] - eye_y});
            eye_x = r.events[k].values[0], eye_y = r.events[k].values[1];
        }
        const float nan = std::numeric_limits<float>::quiet_NaN();
        for (int i = 0; i < int(120 * (steps.back().onset_s + 1.5)); ++i) {
            const double t = i / 120.0;
            double x = 0, y = 0;
            bool lost = false;
            for (std::size_t k = 0; k < steps.size(); ++k) {
                // Main sequence duration: ~21 ms + 2.2 ms a degree (Baloh et al. 1975).
                const double duration = 0.021 + 0.0022 * std::hypot(steps[k].dx, steps[k].dy);
                const double tau = (t - steps[k].onset_s) / duration;
                x += steps[k].dx * minimum_jerk(tau);
                y += steps[k].dy * minimum_jerk(tau);
                const double lost_s = blink_in_first && k == 0 ? 0.15 : (1 + double(k % 3)) / 120;
                lost |= tau > 0.3 && tau < 0.3 + lost_s / duration;
            }
            gaze.push_back(t, {lost ? nan : float(x + noise(rng)), lost ? nan : float(y + noise(rng))}, lost ? 0.0f : 0.7f);
        }
        r.channels.push_back(gaze);
        *steps_out = steps.size();
        return r;
    };
    std::size_t steps = 0;
    const auto a = analyse_saccades(recording(false, &steps));
    CHECK(a.finding("primary_saccades")->value == double(steps));
    CHECK(a.finding("saccade_gain")->value == doctest::Approx(1.0).epsilon(0.05));
    const auto blinked = analyse_saccades(recording(true, &steps));
    CHECK(blinked.finding("primary_saccades")->value == double(steps - 1));

    // A trial stopped before its schedule ended: the steps shown after its last sample were never
    // answered, and are not counted among the steps.
    Recording stopped = recording(false, &steps);
    const double stop_s = stopped.events[6].t_s + 0.1;  // the sixth step shown, its saccade not yet made
    Channel& gaze = stopped.channels.front();
    std::size_t kept = 0;
    while (kept < gaze.size() && gaze.t_s[kept] < stop_s) ++kept;
    gaze.t_s.resize(kept);
    gaze.confidence.resize(kept);
    for (auto& component : gaze.values) component.resize(kept);
    const auto early = analyse_saccades(stopped);
    CHECK(early.finding("primary_saccades")->value == 5.0);
    CHECK(early.finding("primary_saccades")->label.find("(of 6 target steps)") != std::string::npos);
}
