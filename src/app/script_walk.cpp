#include "script_walk.hpp"

#include <fstream>

#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {
// Frames an ImGui layout needs to settle (auto-sized windows, tables, popups) before a screenshot.
constexpr int kSettleFrames = 4;
const char* kWalkCode = "WALK-0001";
}  // namespace

ScriptedWalk::ScriptedWalk(Workstation& ws, AppWindow& window, std::filesystem::path shots_dir)
    : ws_(ws), window_(window), dir_(std::move(shots_dir)) {
    std::filesystem::create_directories(dir_);
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
    steps_.push_back({"07_settings", [this] {
                          ws_.go_to(Screen::Settings);
                          return true;
                      },
                      "the settings page"});
}

bool ScriptedWalk::advance() {
    if (current_ >= steps_.size()) return false;
    Step& step = steps_[current_];
    if (frames_in_step_ == 0) {
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
    if (frames_in_step_ == kSettleFrames) window_.request_screenshot(dir_ / (step.name + ".png"));
    if (frames_in_step_ > kSettleFrames) {
        ++current_;
        frames_in_step_ = 0;
    }
    if (current_ >= steps_.size()) {
        log_.push_back("left out: new session, live capture, finger chase and saccade protocols on the virtual patient, "
                       "review and PDF export (assess and report are not on main yet)");
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
