#pragma once
// What every screen shares: where the user is (screen, patient, session), the settings, and the one
// status line that carries messages and errors to the user. Screens change it; main draws it.

#include <cstdint>
#include <string>

#include "settings.hpp"

namespace purkinje::app {

enum class Screen { Patients, PatientView, NewSession, Live, Settings, Review };

struct StatusLine {
    std::string text;
    bool is_error = false;
    void info(std::string message) { text = std::move(message); is_error = false; }
    void error(std::string message) { text = std::move(message); is_error = true; }
    void clear() { text.clear(); is_error = false; }
};

struct AppState {
    Screen screen = Screen::Patients;
    std::string patient_code;      // the open patient (PatientView)
    std::int64_t review_session_id = 0;  // the session on the review screen
    Settings settings;
    StatusLine status;
    // Bumped whenever the database changes under the screens (a new patient, another file), so
    // screens reload their cached lists.
    int database_generation = 0;
    // Set by the settings page when the database path changed; main reopens and clears it.
    bool reopen_database = false;
    std::string database_file;     // the file open now, for the title and the settings page
    std::string settings_file;

    void open_patient(const std::string& code) {
        patient_code = code;
        screen = Screen::PatientView;
    }
    void open_review(const std::string& code, std::int64_t session_id) {
        patient_code = code;
        review_session_id = session_id;
        screen = Screen::Review;
    }
};

// True on the frame Ctrl + `glfw_key` is pressed (ImGui 1.86 indexes keys by GLFW's codes).
bool ctrl_shortcut(int glfw_key);

// Draws the status line (red for errors) if there is one.
void draw_status(const StatusLine& status);

}  // namespace purkinje::app
