#pragma once
// The settings page: database file, camera defaults, display units. Edits a copy; Save writes the
// file and applies it (a new database path is opened by main, the old one kept if that fails).

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

private:
    AppState& state_;
    Settings draft_;
    char database_path_[512] = {};
    char video_path_[512] = {};
    bool editing_ = false;
};

}  // namespace purkinje::app
