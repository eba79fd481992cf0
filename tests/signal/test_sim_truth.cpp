// Against the virtual patient's ground truth (sim/, its own plant models): the eye tracker's view of
// the truth (500 Hz, 0.02 deg noise, lost while the lid is closed) classified by signal, each true
// saccade's onset, offset and amplitude compared; the limb's tremor frequency against the spectrum.
#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <random>

#include "purkinje/signal/gaze_events.hpp"
#include "purkinje/signal/spectrum.hpp"
#include "purkinje/sim/movements.hpp"

using namespace purkinje;

namespace {
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? std::nan("") : v[v.size() / 2];
}
}  // namespace

TEST_CASE("simulator truth: saccade movement onset and offset within 4 ms (median), amplitude within 3%") {
    const sim::PatientParams patient;  // healthy
    const sim::Movements m = sim::simulate_movements(patient, sim::Task::Saccades, 60, 21);
    const Channel& eye = m.truth.at("eye_truth");
    const Channel& lid = m.truth.at("eyelid_truth");
    std::mt19937 rng(4);
    std::normal_distribution<double> noise(0, 0.02);
    std::vector<double> t, x, y;
    for (std::size_t i = 0; i < eye.size(); i += 2) {  // 1 kHz truth seen by a 500 Hz tracker
        const bool lost = lid.values[0][i] > 0.5;
        t.push_back(eye.t_s[i]);
        x.push_back(lost ? std::nan("") : eye.values[0][i] + noise(rng));
        y.push_back(lost ? std::nan("") : eye.values[1][i] + noise(rng));
    }
    const auto result = signal::classify_gaze(t, x, y, {}, 500);
    std::vector<double> onset_ms, offset_ms, amplitude_rel;
    std::size_t truths = 0;
    for (const auto& truth : m.saccades) {
        const double amplitude = std::hypot(truth.amplitude_h_deg, truth.amplitude_v_deg);
        if (amplitude < 1.0) continue;  // microsaccades are below what the exam measures
        ++truths;
        for (const auto& e : result.events)
            if (e.kind == signal::EyeMovement::Saccade && e.onset_s <= truth.offset_s && e.offset_s >= truth.onset_s) {
                onset_ms.push_back(std::abs(e.movement_onset_s - truth.onset_s) * 1000);
                offset_ms.push_back(std::abs(e.offset_s - truth.offset_s) * 1000);
                amplitude_rel.push_back(std::abs(e.amplitude_deg - amplitude) / amplitude);
                break;
            }
    }
    REQUIRE(truths >= 20);
    MESSAGE(truths << " saccades >= 1 deg, " << onset_ms.size() << " found; median |onset error| " << median(onset_ms)
                << " ms, |offset error| " << median(offset_ms) << " ms, amplitude error " << median(amplitude_rel) * 100
                << " %");
    CHECK(double(onset_ms.size()) >= 0.95 * double(truths));
    CHECK(median(onset_ms) <= 4.0);
    CHECK(median(offset_ms) <= 4.0);
    CHECK(median(amplitude_rel) <= 0.03);
}

TEST_CASE("simulator truth: intention tremor peak frequency within 0.2 Hz of the limb loop's") {
    sim::PatientParams patient;
    patient.limb.forward_model_weight_w = 0.7;  // a weak forward model: the loop rings at 2-5 Hz
    const std::vector<StimulusEvent> hold{{0.0, "hand_target", "x_cm,y_cm", {0, 0}}};
    const sim::Movements m = sim::simulate_movements(patient, sim::Task::FingerChase, hold, 42, 9);
    const Channel& hand = m.truth.at("hand_truth");
    std::mt19937 rng(2);
    std::normal_distribution<double> noise(0, 0.05);  // a hand marker seen by a 100 Hz camera, 0.5 mm noise
    std::vector<double> x;
    for (std::size_t i = 2000; i < hand.size(); i += 10) x.push_back(hand.values[0][i] + noise(rng));
    const auto tremor = signal::tremor_amplitude(x, 100, 1.5, 8);
    MESSAGE("loop " << m.tremor_frequency_hz << " Hz, measured " << tremor.peak_frequency_hz << " Hz, "
                 << tremor.rms << " cm RMS");
    CHECK(std::abs(tremor.peak_frequency_hz - m.tremor_frequency_hz) <= 0.2);
    CHECK(tremor.rms > 0);
}
