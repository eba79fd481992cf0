// The scripted calibration walk (`purkinje --script calibrate --shots DIR`): the camera-calibration
// step of a new session on the simulated webcam (the virtual patient's camera filming a ChArUco board
// at 12 poses), its result checked against the simulator's focal length, the stored intrinsics used
// by the head tracker of a face-view trial, the head camera beside the eye camera calibrated and its
// intrinsics given to a paired VOR trial, and the settings page refusing out-of-range fields.

#include <cmath>
#include <limits>

#include "purkinje/core/names.hpp"
#include "script_walk.hpp"

namespace purkinje::app {
namespace {
const char* kCalibrationCode = "CAL-0001";
constexpr int kCameraWidth = 640, kCameraHeight = 480;
// The head camera: another size, so the virtual patient's two webcams are two cameras with keys of their own.
constexpr int kHeadCameraWidth = 480, kHeadCameraHeight = 360;
// The virtual webcam's focal length (sim/scene_renderers.hpp, sim/charuco_board.hpp).
constexpr double kTruthFocalPx = 0.95 * kCameraWidth;

// The virtual patient's webcam (healthy preset).
SourceChoice webcam() {
    SourceChoice source;
    source.kind = SourceKind::Simulated;
    source.patient_preset = "healthy";
    source.width = kCameraWidth;
    source.height = kCameraHeight;
    source.fps = 30;
    return source;
}

// The same with a head camera beside it (the VOR protocols then record both).
SourceChoice eye_and_head_cameras() {
    SourceChoice source = webcam();
    source.head_camera.enabled = true;
    source.head_camera.width = kHeadCameraWidth;
    source.head_camera.height = kHeadCameraHeight;
    source.head_camera.fps = 30;
    return source;
}
}  // namespace

void ScriptedWalk::add_calibration_steps() {
    // A trial's screenshot waits until its trackers have seen 1.5 s of frames (or the trial ended).
    const auto trial_tracked_a_while = [this] {
        const TrialCapture* running = ws_.exam() ? ws_.exam()->running() : nullptr;
        if (!running) return true;
        const auto tracking = running->tracking();
        return running->snapshot().finished || (tracking && tracking->processed > 45);
    };
    steps_.push_back({"cal_01_new_session", [this] {
                          ws_.patients().start_new();
                          Patient p;
                          p.code = kCalibrationCode;
                          p.diagnosis = "calibration walk";
                          ws_.patients().fill_form(p);
                          if (!ws_.patients().submit_form() && !ws_.database().find_patient(kCalibrationCode)) return false;
                          ws_.state().open_patient(kCalibrationCode);
                          ws_.go_to(Screen::NewSession);
                          return true;
                      },
                      "the new-session screen of a patient, no camera calibration stored yet"});
    steps_.push_back({"cal_02_collecting", [this] {
                          ws_.new_session().set_protocols({names::kVorSinusoidal});
                          ws_.new_session().set_source(webcam());
                          ws_.new_session().set_trial_seconds(4);
                          if (ws_.new_session().stored_intrinsics()) return false;  // a fresh settings folder
                          ws_.new_session().start_camera_calibration();
                          return ws_.new_session().camera_calibration() != nullptr;
                      },
                      "the ChArUco board shown to the simulated webcam: corners drawn live, views counted",
                      [this] {
                          const auto* run = ws_.new_session().camera_calibration();
                          return !run || run->snapshot().views >= 5 || run->snapshot().finished;
                      }});
    steps_.push_back({"cal_03_accepted", [this] { return ws_.new_session().camera_calibration() != nullptr; },
                      "the calibration computed from the kept views, accepted by the RMS threshold and stored",
                      [this] {
                          const auto* run = ws_.new_session().camera_calibration();
                          return !run || run->snapshot().finished;
                      },
                      90});
    steps_.push_back({"cal_04_live_head_calibrated", [this] {
                          const auto* run = ws_.new_session().camera_calibration();
                          if (!run) return false;
                          const auto snap = run->snapshot();
                          if (!snap.intrinsics || !snap.accepted) {
                              failures_.push_back("calibration: " + snap.message);
                              return false;
                          }
                          const auto& k = snap.intrinsics->camera_matrix;
                          char line[240];
                          std::snprintf(line, sizeof line,
                                        "calibration: fx %.2f px, fy %.2f px (truth %.2f px: %+.3f %%), principal point (%.2f, %.2f) px "
                                        "(truth %.2f, %.2f), RMS %.3f px over %d views",
                                        k(0, 0), k(1, 1), kTruthFocalPx, 100.0 * (0.5 * (k(0, 0) + k(1, 1)) / kTruthFocalPx - 1),
                                        k(0, 2), k(1, 2), (kCameraWidth - 1) / 2.0, (kCameraHeight - 1) / 2.0,
                                        snap.intrinsics->rms_reprojection_px, snap.intrinsics->frames_used);
                          log_.push_back(line);
                          const auto stored = ws_.new_session().stored_intrinsics();
                          if (!stored || std::abs(stored->camera_matrix(0, 0) - k(0, 0)) > 1e-6) return false;
                          // The session started now tracks the head with these intrinsics.
                          if (!ws_.new_session().start() || !ws_.exam()) return false;
                          if (!ws_.exam()->plan().calibration.intrinsics) return false;
                          ws_.exam()->start_trial();
                          return ws_.exam()->running() != nullptr;
                      },
                      "a VOR trial in the face view: the head tracker's axes drawn with the calibrated intrinsics",
                      trial_tracked_a_while});
    steps_.push_back({"cal_05_head_camera_calibrated", [this] {
                          if (ws_.exam() && ws_.exam()->running()) ws_.exam()->stop_trial();
                          // The VOR protocols with a head camera beside the eye camera: the head camera is
                          // the one whose intrinsics head pose uses, so it is calibrated too.
                          ws_.go_to(Screen::NewSession);
                          ws_.new_session().set_source(eye_and_head_cameras());
                          if (ws_.new_session().stored_head_camera_intrinsics()) return false;  // not calibrated yet
                          ws_.new_session().set_calibrating_head_camera(true);
                          ws_.new_session().start_camera_calibration();
                          return ws_.new_session().camera_calibration() != nullptr;
                      },
                      "the head camera beside the eye camera calibrated with the same board, stored under its own key",
                      [this] {
                          const auto* run = ws_.new_session().camera_calibration();
                          const bool trial_over = !ws_.exam() || !ws_.exam()->running() || ws_.exam()->running()->snapshot().finished;
                          return trial_over && (!run || run->snapshot().finished);
                      },
                      90});
    steps_.push_back({"cal_06_paired_trial_head_camera_intrinsics", [this] {
                          const auto* run = ws_.new_session().camera_calibration();
                          if (!run || !run->snapshot().accepted || !run->snapshot().intrinsics) {
                              failures_.push_back("head camera calibration: " + (run ? run->snapshot().message : "no run"));
                              return false;
                          }
                          // Entering the screen filled the form from the settings: the two cameras again.
                          ws_.new_session().set_source(eye_and_head_cameras());
                          ws_.new_session().set_protocols({names::kVorSinusoidal});
                          const auto head = ws_.new_session().stored_head_camera_intrinsics();
                          const auto eye = ws_.new_session().stored_intrinsics();
                          if (!head || !eye) return false;
                          char line[200];
                          std::snprintf(line, sizeof line, "head camera calibration: fx %.2f px (truth %.2f px), RMS %.3f px over %d views",
                                        head->camera_matrix(0, 0), kTruthFocalPx * kHeadCameraWidth / kCameraWidth, head->rms_reprojection_px, head->frames_used);
                          log_.push_back(line);
                          // A paired VOR trial: the head camera's trackers get the head camera's intrinsics.
                          // (The face-view trial above has ended; this session replaces its unsaved one.)
                          if (ws_.exam() && ws_.exam()->running() && !ws_.exam()->running()->snapshot().finished) return false;
                          if (!ws_.new_session().start() || !ws_.exam()) {
                              failures_.push_back("paired session: " + ws_.new_session().message());
                              return false;
                          }
                          const auto& calibration = ws_.exam()->plan().calibration;
                          if (!calibration.intrinsics || !calibration.head_camera_intrinsics) return false;
                          ws_.exam()->start_trial();
                          return ws_.exam()->running() != nullptr;
                      },
                      "a VOR trial with the eye and head cameras, the head tracked with the head camera's intrinsics",
                      trial_tracked_a_while});
    steps_.push_back({"cal_07_settings_refused", [this] {
                          if (ws_.exam() && ws_.exam()->running()) ws_.exam()->stop_trial();
                          ws_.go_to(Screen::Settings);
                          Settings bad = ws_.state().settings;
                          bad.hand_reference_id = 2;  // a screen corner marker's id
                          bad.hand_reference_side_cm = 0;
                          bad.sticker_hue_high = 400;
                          bad.viewing_distance_cm = std::numeric_limits<double>::quiet_NaN();
                          ws_.settings_screen().set_draft(bad);
                          const bool refused = !ws_.settings_screen().save();
                          return refused && ws_.settings_screen().problems().size() == 4 && ws_.state().settings.hand_reference_id == 10;
                      },
                      "the settings page: hand board, sticker colour, screen and calibration fields; out-of-range values "
                      "refused with a message per field"});
}

}  // namespace purkinje::app
