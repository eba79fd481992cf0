#pragma once
// The demo examination: the virtual patient (sim) does every protocol on assess's own stimulus
// schedule, its camera frames are rendered and tracked by the real trackers where both exist, and
// the recorded channels go to the analysis. Only the faces and the tests may join sim with the
// analysis, so this glue lives in src/cli.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "purkinje/assess/analysis.hpp"
#include "purkinje/core/session.hpp"
#include "purkinje/sim/movements.hpp"
#include "purkinje/sim/patient.hpp"

namespace purkinje::cli {

struct ExamOptions {
    std::vector<std::string> protocols;   // empty: every protocol the simulator can perform
    std::uint64_t seed = 1;
    bool render_eye_frames = true;        // false: every eye channel from the truth plus tracker noise
    // Protocols whose eye frames are rendered and tracked (render + track ~2-10 ms a frame on the
    // 2-core VM, depending on load). Saccades, head impulses and VOR adaptation are not rendered by
    // default: in these frames the pupil tracker loses the motion-blurred pupil at saccade and
    // impulse speeds, so their gains come out wrong (docs/validation.md, ## assess).
    std::vector<std::string> rendered_protocols{"smooth_pursuit", "gaze_holding", "vor_sinusoidal", "vor_cancellation"};
    int eye_width_px = 192, eye_height_px = 144;  // modest frames keep the demo under a minute
    double hand_rate_hz = 60;             // hand marker camera
    double head_rate_hz = 250;            // headband / goggle gyroscope
    std::function<void(const std::string&)> progress;  // "saccades: 2880 frames tracked" ...
};

// What the simulator truly did, for the validation of the analysis (never shown as a finding).
struct ExamTruth {
    std::string protocol;
    sim::Movements movements;
};

struct SimulatedExam {
    Session session;                      // trials with their recorded channels and schedules
    std::vector<ExamTruth> truth;
    std::vector<std::string> notes;       // how each channel was measured
};

// Protocols the simulator can perform (rest tremor and vendor imports it cannot).
std::vector<std::string> simulated_protocols();

// Simulates and measures one session of `patient`.
SimulatedExam simulate_exam(const sim::PatientParams& patient, const std::string& patient_code,
                            const ExamOptions& options);

}  // namespace purkinje::cli
