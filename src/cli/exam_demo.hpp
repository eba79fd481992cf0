#pragma once
// The demo examination: the virtual patient (sim) does every protocol on assess's own stimulus
// schedule; its camera frames are rendered (eye camera, face camera with the ArUco headband, hand
// camera over the target board) and measured by the real trackers (pupil, head pose, fingertip);
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
#include "purkinje/track/head_pose.hpp"

namespace purkinje::cli {

// The virtual patient's printed headband (sim::headband_spec_mm) as the head tracker is given it: the
// demo's face camera, and `purkinje-cli track --tracker head --band virtual-patient` on a video the app
// recorded of the virtual patient.
track::HeadbandLayout virtual_patient_headband();

struct ExamOptions {
    std::vector<std::string> protocols;   // empty: every protocol the simulator can perform
    std::uint64_t seed = 1;
    // true: every channel from rendered frames and the real trackers. false (--fast, the many-patient
    // tests): every channel from the simulator truth at the camera's rate plus tracker-like noise.
    bool track_frames = true;
    // Frame sizes: the eye camera's close-up is enough at 192x144 (pupil ~30 px across); the face
    // camera needs 640x480: at 480x360 the headband's side markers (2.4 cm, ~18 px, seen obliquely)
    // are lost and single-marker poses read yaw 12% short (docs/validation.md, ## assess); the hand
    // camera at 320x240 still shows the 1.6 cm fingertip dot ~9 px across.
    int eye_width_px = 192, eye_height_px = 144;
    int face_width_px = 640, face_height_px = 480;
    int hand_width_px = 320, hand_height_px = 240;
    int threads = 2;                      // protocols are rendered and tracked in parallel
    std::function<void(const std::string&)> progress;  // "saccades: 2880 eye frames tracked (3.1 s)" ...
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
