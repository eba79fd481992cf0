// The VOR walk (`purkinje --script vor --shots DIR`): a head-impulse trial recorded in the real app with
// two cameras of the virtual patient (unilateral vestibular loss: VOR gain 0.3 left, 0.9 right), the
// 250 Hz infrared eye camera and the 100 Hz face camera with the headband, on one clock; the eye camera's
// 9-point calibration first, then a sinusoidal VOR trial with the same cameras; the session analysed and
// saved; the review's head-versus-eye velocity plot.
// The GUI test compares the stored VOR gains with the preset's.

#include <algorithm>

#include "purkinje/core/names.hpp"
#include "script_walk.hpp"

namespace purkinje::app {
namespace {
const char* kVorCode = "VOR-0001";

bool select(ExamSession& exam, const std::string& protocol) {
    const auto& protocols = exam.plan().protocols;
    const auto at = std::find(protocols.begin(), protocols.end(), protocol);
    if (at == protocols.end()) return false;
    exam.select_protocol(static_cast<std::size_t>(at - protocols.begin()));
    return true;
}
}  // namespace

void ScriptedWalk::add_vor_steps() {
    steps_.push_back({"v0_new_session", [this] {
                          ws_.go_to(Screen::Patients);
                          if (!ws_.database().find_patient(kVorCode)) {
                              ws_.patients().start_new();
                              Patient p;
                              p.code = kVorCode;
                              p.birth_year = 1970;
                              p.diagnosis = "vestibular neuritis, left, 6 weeks ago";
                              ws_.patients().fill_form(p);
                              if (!ws_.patients().submit_form()) return false;
                          }
                          ws_.state().open_patient(kVorCode);
                          ws_.go_to(Screen::NewSession);
                          return true;
                      },
                      "a new patient (left vestibular neuritis) and the new-session screen"});
    steps_.push_back({"v1_new_session_plan", [this] {
                          ws_.new_session().set_protocols({names::kHeadImpulse, names::kVorSinusoidal});
                          SourceChoice source;
                          source.kind = SourceKind::Simulated;
                          source.patient_preset = "unilateral_vestibular_loss";
                          // The eye camera as goggles give it; the face camera with the headband beside it.
                          source.width = 192;
                          source.height = 144;
                          source.fps = 250;
                          source.head_camera.enabled = true;
                          source.head_camera.width = 640;
                          source.head_camera.height = 480;
                          source.head_camera.fps = 100;
                          ws_.new_session().set_source(source);
                          ws_.new_session().set_trial_seconds(vor_trial_seconds_);
                          return true;
                      },
                      "head impulses on the simulated patient (left vestibular loss): eye camera 192x144 at 250 Hz and "
                      "head camera 640x480 at 100 Hz"});
    steps_.push_back({"v2_calibrate_eye_camera", [this] {
                          if (!ws_.exam() && !ws_.new_session().start()) return false;
                          if (!select(*ws_.exam(), names::kHeadImpulse)) return false;
                          ws_.exam()->start_calibration();
                          return ws_.exam()->calibrating();
                      },
                      "the eye camera's 9-point gaze calibration (a paired protocol calibrates its eye camera)",
                      [this] { return !ws_.exam() || !ws_.exam()->calibrating(); }});
    steps_.push_back({"v2b_calibration_checked", [this] {
                          if (!ws_.exam()) return false;
                          if (ws_.exam()->calibration("eye")) return true;
                          // What the screen tells the clinician to do: repeat it (logged, so a retry is seen).
                          log_.push_back("calibration repeated after: " + ws_.exam()->calibration_message());
                          ws_.exam()->start_calibration();
                          return ws_.exam()->calibrating();
                      },
                      "the calibration's result (repeated once when it failed, as the screen asks)",
                      [this] { return !ws_.exam() || !ws_.exam()->calibrating(); }});
    steps_.push_back({"v3_live_head_impulses", [this] {
                          if (!ws_.exam() || !ws_.exam()->calibration("eye")) {
                              failures_.push_back("the eye camera was not calibrated: " +
                                                  (ws_.exam() ? ws_.exam()->calibration_message() : std::string()));
                              return false;
                          }
                          log_.push_back("eye camera calibration: " + ws_.exam()->calibration("eye")->method);
                          ws_.exam()->start_trial();
                          return ws_.exam()->running() != nullptr;
                      },
                      "a head-impulse trial recording with both cameras: pupil ellipse on the eye camera, head axes on "
                      "the face camera, gaze and head traces",
                      [this] {
                          const TrialCapture* running = ws_.exam() ? ws_.exam()->running() : nullptr;
                          if (!running) return true;
                          if (running->snapshot().finished) return true;
                          // Both cameras delivering, past the second impulse.
                          return running->camera_count() == 2 && running->camera_snapshot(1).latest_t_s > 3.4 &&
                                 running->tracking(1).has_value() && running->tracking(0).has_value();
                      }});
    steps_.push_back({"v4_trial_done", [this] { return ws_.exam() != nullptr; },
                      "the head-impulse trial finished: two videos, gaze and head channels",
                      [this] { return !ws_.exam() || ws_.exam()->running() == nullptr; },
                      vor_trial_seconds_ + 60});
    steps_.push_back({"v4b_vor_sinusoidal", [this] {
                          if (!ws_.exam() || !select(*ws_.exam(), names::kVorSinusoidal)) return false;
                          ws_.exam()->start_trial();
                          return ws_.exam()->running() != nullptr;
                      },
                      "a sinusoidal VOR trial (0.5 Hz) with the same two cameras and the same eye calibration",
                      [this] { return !ws_.exam() || ws_.exam()->running() == nullptr; }, vor_trial_seconds_ + 60});
    steps_.push_back({"v5_session_saved", [this] {
                          if (!ws_.exam() || ws_.exam()->trials_of(names::kHeadImpulse) != 1 ||
                              ws_.exam()->trials_of(names::kVorSinusoidal) != 1) {
                              failures_.push_back("the head-impulse or sinusoidal VOR trial was not recorded: " + ws_.live().message());
                              return false;
                          }
                          for (const auto& t : ws_.exam()->trials()) {
                              log_.push_back("trial " + t.trial.protocol + ": " + t.source_description);
                              log_.push_back("live trackers: " + std::to_string(t.tracker_tracked) + " of " +
                                             std::to_string(t.tracker_received) + " frames tracked, " +
                                             std::to_string(t.tracker_skipped) + " skipped, " +
                                             std::to_string(t.tracker_ms_per_frame).substr(0, 5) +
                                             " ms/frame (both cameras' trackers added); video dropped " +
                                             std::to_string(t.video_dropped) + ", at most " +
                                             std::to_string(t.video_peak_queued) + " frames waiting to be encoded" +
                                             (t.problem.empty() ? "" : "; " + t.problem));
                              for (const auto& v : t.trial.videos)
                                  log_.push_back("  video " + v.view + ": " + std::to_string(v.frame_count) + " frames kept");
                              for (const auto& c : t.trial.recording.channels)
                                  log_.push_back("  channel " + c.name + ": " + std::to_string(c.size()) + " samples");
                          }
                          return ws_.live().save_session();
                      },
                      "the session analysed (head impulses from the eye camera's gaze and the head camera's head) and saved",
                      [this] { return !ws_.live().saving(); }, 120});
    steps_.push_back({"v6_review_impulses", [this] {
                          const auto sessions = ws_.database().list_sessions(kVorCode);
                          if (sessions.empty()) return false;
                          ws_.state().open_review(kVorCode, sessions.front().id);
                          return ws_.review().reload() && ws_.review().select_protocol(names::kHeadImpulse);
                      },
                      "the review: head velocity and inverted eye velocity per impulse, catch-up saccades marked",
                      [this] { return !ws_.review().overlays_pending() && !ws_.review().overlays().empty(); }, 60});
    steps_.push_back({"v7_review_vor_sinusoidal", [this] { return ws_.review().select_protocol(names::kVorSinusoidal); },
                      "the review of the sinusoidal VOR: head velocity and the desaccaded eye velocity, gain and phase",
                      [this] {
                          if (ws_.review().overlays_pending()) return false;
                          const auto& overlays = ws_.review().overlays();
                          return std::any_of(overlays.begin(), overlays.end(),
                                             [](const assess::FitOverlay& o) { return o.model == "head_sine_traces"; });
                      },
                      60});
}

}  // namespace purkinje::app
