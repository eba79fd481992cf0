#pragma once
// The scripted walk (`purkinje --script walk --shots DIR`): steps through the screens on successive
// frames the way a clinician would, through the same actions the buttons call, writes a screenshot
// per screen into DIR and a log of each step's check. The GUI test runs it under Xvfb.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app_window.hpp"
#include "workstation.hpp"

namespace purkinje::app {

class ScriptedWalk {
public:
    // `script`: "walk" (patients, saccades and finger chase, review, export, settings), "calibrate" (the
    // calibration steps, script_calibration.cpp) or "vor" (a head-impulse trial with the eye and head cameras,
    // and its review, script_vor.cpp).
    ScriptedWalk(Workstation& workstation, AppWindow& window, std::filesystem::path shots_dir, const std::string& script = "walk");

    // Called once per frame after the workstation drew; false when the walk has finished.
    bool advance();
    // Every failed check, in words; empty when the walk passed.
    const std::vector<std::string>& failures() const { return failures_; }

private:
    struct Step {
        std::string name;                 // the screenshot's file name (without .png)
        std::function<bool()> action;     // run once on entering the step; false = a failed check
        std::string description;
        // The screenshot waits until this holds (a trial has frames, a trial has finished); empty = at once.
        std::function<bool()> ready = {};
        double timeout_s = 60;
    };
    void add_session_steps();
    void add_calibration_steps();  // script_calibration.cpp
    void add_vor_steps();          // script_vor.cpp
    void write_log() const;

    Workstation& ws_;
    AppWindow& window_;
    std::filesystem::path dir_;
    std::vector<Step> steps_;
    std::vector<std::string> log_;
    std::vector<std::string> failures_;
    std::vector<std::string> left_out_;
    double vor_trial_seconds_ = 12;
    std::size_t current_ = 0;
    int frames_in_step_ = 0;
    int frames_ready_ = 0;
    double step_started_s_ = 0;
};

}  // namespace purkinje::app
