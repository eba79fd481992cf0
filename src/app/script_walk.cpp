#include "script_walk.hpp"

#include <fstream>

#include <algorithm>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/core/time.hpp"

namespace purkinje::app {
namespace {
// Frames an ImGui layout needs to settle (auto-sized windows, tables, popups) before a screenshot.
constexpr int kSettleFrames = 4;
const char* kWalkCode = "WALK-0001";
}  // namespace

ScriptedWalk::ScriptedWalk(Workstation& ws, AppWindow& window, std::filesystem::path shots_dir, const std::string& script)
    : ws_(ws), window_(window), dir_(std::move(shots_dir)) {
    std::filesystem::create_directories(dir_);
    if (script == "vor") {
        add_vor_steps();
        return;
    }
    if (script == "calibrate") {
        add_calibration_steps();
        return;
    }
    steps_.push_back({"01_patients", [this] {
                          ws_.go_to(Screen::Patients);
                          ws_.patients().set_search("");
                          return true;
                      },
                      "the patient list"});
    steps_.push_back({"02_new_patient_empty_code", [this] {
                          ws_.patients().start_new();
                          const bool refused = !ws_.patients().submit_form();
                          return refused && ws_.patients().form_message().find("code") != std::string::npos;
                      },
                      "adding a patient without a code is refused with a message"});
    steps_.push_back({"03_new_patient", [this] {
                          ws_.patients().start_new();
                          Patient p;
                          p.code = kWalkCode;
                          p.birth_year = 1961;
                          p.sex = "female";
                          p.diagnosis = "SCA6, gait ataxia since 2019";
                          ws_.patients().fill_form(p);
                          return ws_.patients().submit_form();
                      },
                      "a new pseudonymous patient without identifying fields is added"});
    steps_.push_back({"04_duplicate_code", [this] {
                          ws_.patients().start_new();
                          Patient p;
                          p.code = kWalkCode;
                          ws_.patients().fill_form(p);
                          const bool refused = !ws_.patients().submit_form();
                          return refused && ws_.patients().form_message().find("already in use") != std::string::npos;
                      },
                      "a duplicate code is refused with a message and the first patient is kept"});
    steps_.push_back({"05_patient_new", [this] {
                          ws_.state().open_patient(kWalkCode);
                          return ws_.database().find_patient(kWalkCode).has_value();
                      },
                      "the new patient's page, no sessions yet"});
    steps_.push_back({"06_patient_history", [this] {
                          // The patient with the most sessions on file shows the course and comparison.
                          std::string best;
                          std::size_t most = 0;
                          for (const auto& p : ws_.database().list_patients()) {
                              const auto n = ws_.database().list_sessions(p.code).size();
                              if (n > most) most = n, best = p.code;
                          }
                          if (best.empty()) return true;  // nothing on file: the step shows the empty page
                          ws_.state().open_patient(best);
                          ws_.patient_view().reload();
                          return !ws_.patient_view().metrics().empty();
                      },
                      "a patient with several sessions: headline findings, course with normal band and MDC, comparison"});
    add_session_steps();
    steps_.push_back({"13_settings", [this] {
                          ws_.go_to(Screen::Settings);
                          return true;
                      },
                      "the settings page"});
}

void ScriptedWalk::add_session_steps() {
    steps_.push_back({"07_new_session", [this] {
                          ws_.state().open_patient(kWalkCode);
                          ws_.go_to(Screen::NewSession);
                          return true;
                      },
                      "the new-session screen with the full cerebellar exam preset"});
    steps_.push_back({"08_new_session_plan", [this] {
                          ws_.new_session().set_protocols({names::kSaccades, names::kFingerChase});
                          SourceChoice source;
                          source.kind = SourceKind::Simulated;
                          source.patient_preset = "mild_cerebellar_ataxia";
                          source.width = 320;
                          source.height = 240;
                          source.fps = 60;
                          ws_.new_session().set_source(source);
                          ws_.new_session().set_trial_seconds(7);
                          return true;
                      },
                      "saccades and finger chase on the simulated patient (mild cerebellar ataxia), 7 s trials"});
    steps_.push_back({"09a_calibrate_gaze", [this] {
                          if (!ws_.exam() && !ws_.new_session().start()) return false;
                          const auto& protocols = ws_.exam()->plan().protocols;
                          const auto at = std::find(protocols.begin(), protocols.end(), names::kSaccades) - protocols.begin();
                          ws_.exam()->select_protocol(static_cast<std::size_t>(at));
                          ws_.exam()->start_calibration();
                          return ws_.exam()->calibrating();
                      },
                      "the 9-point gaze calibration of the eye camera: pupil ellipse over the image, the targets and "
                      "the calibrated fixations",
                      [this] { return !ws_.exam() || !ws_.exam()->calibrating(); }});
    steps_.push_back({"09a2_stimulus_window", [this] {
                          ws_.live().open_stimulus();
                          if (!ws_.live().stimulus()) return false;
                          ws_.live().stimulus()->request_screenshot(dir_ / "stimulus_window.png");
                          return true;
                      },
                      "the stimulus window opened beside the workstation, with its four corner markers",
                      [this] { return std::filesystem::exists(dir_ / "stimulus_window.png"); }});
    steps_.push_back({"09a3_screen_homography", [this] {
                          // The walk's camera looks at the stimulus screen from the side: the window's own
                          // frame seen through a perspective (the virtual patient's camera films no screen).
                          const cv::Mat screen = cv::imread((dir_ / "stimulus_window.png").string(), cv::IMREAD_COLOR);
                          if (screen.empty()) return false;
                          const float w = float(screen.cols), h = float(screen.rows);
                          const std::vector<cv::Point2f> from{{0, 0}, {w, 0}, {w, h}, {0, h}};
                          const std::vector<cv::Point2f> to{{90, 70}, {560, 100}, {530, 410}, {115, 440}};
                          cv::Mat camera;
                          cv::warpPerspective(screen, camera, cv::getPerspectiveTransform(from, to), cv::Size(640, 480),
                                              cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(70, 75, 80));
                          return ws_.live().locate_screen(camera) && ws_.live().screen()->reprojection_rms_px < 1.0;
                      },
                      "the screen homography from the corner markers: detected corners and the mapped outline over "
                      "the camera image, reprojection error in px"});
    auto trial_steps = [this](const std::string& number, const char* protocol, const char* title) {
        steps_.push_back({number + "_live_" + protocol, [this, protocol] {
                              if (!ws_.exam() && !ws_.new_session().start()) return false;
                              const auto& protocols = ws_.exam()->plan().protocols;
                              const auto at = std::find(protocols.begin(), protocols.end(), protocol) - protocols.begin();
                              ws_.exam()->select_protocol(static_cast<std::size_t>(at));
                              ws_.exam()->start_trial();
                              return ws_.exam()->running() != nullptr;
                          },
                          std::string("a ") + title + " trial recording live: camera image, frame rate, drops, traces",
                          [this] {
                              const TrialCapture* running = ws_.exam() ? ws_.exam()->running() : nullptr;
                              if (!running) return true;
                              const auto snap = running->snapshot();
                              return snap.finished || snap.t_s.size() > 170;  // the first movements
                          }});
        steps_.push_back({number + "b_done_" + protocol, [this] { return ws_.exam() != nullptr; },
                          std::string("the ") + title + " trial finished and is listed",
                          [this, protocol] {
                              return !ws_.exam() || ws_.exam()->running() == nullptr;
                          }});
    };
    trial_steps("09", names::kSaccades, "saccade");
    trial_steps("10", names::kFingerChase, "finger chase");
    steps_.push_back({"11_session_saved", [this] {
                          if (!ws_.exam()) return false;
                          // A protocol the virtual patient cannot yet film is left out visibly, not failed.
                          if (ws_.exam()->trials_of(names::kFingerChase) == 0)
                              left_out_.push_back("finger chase on the virtual patient: " + ws_.live().message());
                          if (ws_.exam()->trials_of(names::kSaccades) != 1) return false;
                          for (const auto& t : ws_.exam()->trials())
                              log_.push_back("live trackers, " + t.trial.protocol + ": " + std::to_string(t.tracker_tracked) + " of " +
                                             std::to_string(t.tracker_received) + " frames tracked, " +
                                             std::to_string(t.tracker_skipped) + " skipped, " +
                                             std::to_string(t.tracker_ms_per_frame).substr(0, 4) + " ms/frame; video dropped " +
                                             std::to_string(t.video_dropped));
                          if (!ws_.exam()->calibration("eye")) return false;
                          return ws_.live().save_session();
                      },
                      "the session is analysed and saved whole: tracked channels, trial videos, findings",
                      [this] { return !ws_.live().saving(); }});
    steps_.push_back({"12_patient_with_session", [this] {
                          ws_.state().open_patient(kWalkCode);
                          const auto sessions = ws_.database().list_sessions(kWalkCode);
                          if (sessions.size() != 1) return false;
                          // The trackers' channels were stored, and the analysis found something in each protocol.
                          const Session stored = ws_.database().load_session(sessions.front().id);
                          for (const auto& trial : stored.trials) {
                              const char* needed = trial.protocol == names::kSaccades ? names::kGaze : names::kHand;
                              const Channel* c = trial.recording.find(needed);
                              if (!c || c->size() < 100) {
                                  failures_.push_back(trial.protocol + " trial: no tracked '" + needed + "' channel stored");
                                  return false;
                              }
                              log_.push_back("stored " + trial.protocol + ": " + std::to_string(trial.recording.channels.size()) +
                                             " channels, '" + needed + "' " + std::to_string(c->size()) + " samples");
                          }
                          for (const char* protocol : {names::kSaccades, names::kFingerChase}) {
                              const auto n = std::count_if(stored.findings.begin(), stored.findings.end(),
                                                           [&](const Finding& f) { return f.protocol == protocol; });
                              log_.push_back(std::string("findings ") + protocol + ": " + std::to_string(n));
                              if (n == 0) {
                                  failures_.push_back(std::string("no findings stored for ") + protocol);
                                  return false;
                              }
                          }
                          return true;
                      },
                      "the patient's page lists the new session with its headline findings"});
    steps_.push_back({"12b_exported", [this] {
                          const auto sessions = ws_.database().list_sessions(kWalkCode);
                          if (sessions.empty()) return false;
                          ws_.patient_view().export_session(sessions.front().id, {"pdf", "csv", "fhir"});
                          return ws_.patient_view().export_running();
                      },
                      "the session exported as PDF report, CSV tables and FHIR bundle, written atomically",
                      [this] { return !ws_.patient_view().export_running(); }});
    steps_.push_back({"12c_review", [this] {
                          const auto sessions = ws_.database().list_sessions(kWalkCode);
                          if (sessions.empty()) return false;
                          ws_.state().open_review(kWalkCode, sessions.front().id);
                          if (!ws_.review().reload() || !ws_.review().select_protocol(names::kSaccades)) return false;
                          // The clinician rejects the first saccade trial (the patient blinked) and comments.
                          const Session& before = *ws_.review().session();
                          if (before.trials.empty()) return false;
                          const int first = before.trials.front().index;
                          if (!ws_.review().set_trial_accepted(first, false, "blinked during the second target")) return false;
                          if (!ws_.review().save_comment("Walk: saccade trial rejected for a blink; saccades otherwise on target; repeat in 3 months.")) return false;
                          const Session stored = ws_.database().load_session(sessions.front().id);
                          return !stored.trials.front().accepted && stored.trials.front().note == "blinked during the second target" &&
                                 stored.comment.find("repeat in 3 months") != std::string::npos;
                      },
                      "the review of the session: recorded channels with targets laid over them, findings, a trial "
                      "rejected with a note, the clinician's comment saved"});
    steps_.push_back({"12c2_review_model_fit", [this] {
                          return ws_.review().select_protocol(names::kFingerChase);
                      },
                      "the finger chase of the session: the reach forward model laid over the primary reaches",
                      [this] { return !ws_.review().overlays_pending() && !ws_.review().overlays().empty(); }});
    steps_.push_back({"12d_reanalysed", [this] {
                          ws_.review().reanalyse();
                          return ws_.review().reanalysis_running();
                      },
                      "the session analysed again (accepted trials only) and stored as a new analysis version",
                      [this] { return !ws_.review().reanalysis_running(); }});
    steps_.push_back({"12e_review_findings", [this] {
                          // The followed patient's last visit: findings with value, range, flag, method, citation.
                          std::int64_t latest = 0;
                          std::string code;
                          for (const auto& p : ws_.database().list_patients())
                              for (const auto& s : ws_.database().list_sessions(p.code))
                                  if (p.code != kWalkCode && s.finding_count > 0 && s.id > latest) latest = s.id, code = p.code;
                          if (latest == 0) return true;  // nothing analysed on file: the step shows the walk's session
                          ws_.state().open_review(code, latest);
                          return ws_.review().reload() && ws_.review().select_protocol(names::kFingerChase) &&
                                 !ws_.review().session()->findings.empty();
                      },
                      "the review of an analysed session: findings with value, unit, normal range, flag, method and citation"});
}

bool ScriptedWalk::advance() {
    if (current_ >= steps_.size()) return false;
    Step& step = steps_[current_];
    if (frames_in_step_ == 0) {
        step_started_s_ = steady_now_s();
        frames_ready_ = 0;
        bool ok = false;
        try {
            ok = step.action();
        } catch (const std::exception& e) {
            failures_.push_back(step.name + ": threw " + e.what());
        }
        if (!ok) failures_.push_back(step.name + ": check failed (" + step.description + "); status: " + ws_.state().status.text);
        log_.push_back(std::string(ok ? "ok    " : "FAIL  ") + step.name + "  " + step.description);
    }
    ++frames_in_step_;
    const bool ready = !step.ready || step.ready();
    if (!ready && frames_ready_ < kSettleFrames && steady_now_s() - step_started_s_ > step.timeout_s) {
        failures_.push_back(step.name + ": timed out after " + std::to_string(static_cast<int>(step.timeout_s)) + " s");
        frames_ready_ = kSettleFrames;  // take the screenshot of what is there and move on
    }
    if (ready) ++frames_ready_;
    if (frames_ready_ == kSettleFrames) {
        window_.request_screenshot(dir_ / (step.name + ".png"));
        ++frames_ready_;
    } else if (frames_ready_ > kSettleFrames) {
        ++current_;
        frames_in_step_ = 0;
    }
    if (current_ >= steps_.size()) {
        if (!ws_.patient_view().last_export().error.empty())
            failures_.push_back("12b_exported: " + ws_.patient_view().last_export().error);
        for (const auto& f : ws_.patient_view().last_export().files) log_.push_back("exported " + f.string());
        for (const auto& l : left_out_) log_.push_back("left out: " + l);
        write_log();
        return false;
    }
    return true;
}

void ScriptedWalk::write_log() const {
    std::ofstream out(dir_ / "walk.log");
    for (const auto& line : log_) out << line << '\n';
    for (const auto& f : failures_) out << "failure: " << f << '\n';
}

}  // namespace purkinje::app
