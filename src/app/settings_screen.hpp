#pragma once
// The settings page: database file, camera defaults, display units. Edits a copy; Save writes the
// file and applies it (a new database path is opened by main, the old one kept if that fails).

#include <string>
#include <vector>

#include "app_state.hpp"

namespace purkinje::app {

class SettingsScreen {
public:
    explicit SettingsScreen(AppState& state) : state_(state) {}
    void draw();
    // Loads the current settings into the form (on entering the page).
    void begin_editing();
    // Checks and saves the form; false (and a message) when something is not acceptable.
    bool save();
    // Puts `draft` into the form as if typed (the scripted walk and tests).
    void set_draft(const Settings& draft);
    // Why the last save was refused, one line per field; empty after a successful save.
    const std::vector<std::string>& problems() const { return problems_; }

private:
    AppState& state_;
    Settings draft_;
    char database_path_[512] = {};
    char video_path_[512] = {};
    bool editing_ = false;
    std::vector<std::string> problems_;
    void draw_hand_and_screen();
};

}  // namespace purkinje::app
