#pragma once
// The workstation: the database, the shared state and every screen, drawn into the main window
// with the menu bar, the keyboard shortcuts and the status line. main.cpp only wires it to a window.

#include <filesystem>
#include <optional>

#include "app_state.hpp"
#include "patient_view.hpp"
#include "patients_screen.hpp"
#include "purkinje/store/database.hpp"
#include "exam_session.hpp"
#include "live_screen.hpp"
#include "new_session_screen.hpp"
#include "review_screen.hpp"
#include "settings_screen.hpp"

namespace purkinje::app {

class Workstation {
public:
    // Opens the database (`database_path` when given, else the settings' path, else the default).
    Workstation(const std::filesystem::path& database_path, const std::filesystem::path& settings_path);

    // One frame of the user interface; false when the user asked to quit.
    bool draw();

    AppState& state() { return state_; }
    store::Database& database() { return db_; }
    PatientsScreen& patients() { return patients_; }
    PatientView& patient_view() { return patient_view_; }
    SettingsScreen& settings_screen() { return settings_screen_; }
    NewSessionScreen& new_session() { return new_session_; }
    LiveScreen& live() { return live_; }
    ReviewScreen& review() { return review_; }
    ExamSession* exam() { return exam_.get(); }

    void go_to(Screen screen);
    // Opens another database file; on failure the current one stays open and the status says why.
    bool open_database(const std::filesystem::path& path);

private:
    void draw_menu_bar();
    void handle_shortcuts();
    void draw_about();

    AppState state_;
    store::Database db_;
    PatientsScreen patients_;
    PatientView patient_view_;
    SettingsScreen settings_screen_;
    std::unique_ptr<ExamSession> exam_;
    NewSessionScreen new_session_;
    LiveScreen live_;
    ReviewScreen review_;
    bool quit_ = false;
    bool show_about_ = false;
    Screen last_screen_ = Screen::Patients;
    std::string last_patient_;
};

}  // namespace purkinje::app
