#include "workstation.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "purkinje/core/error.hpp"
#include "purkinje/core/paths.hpp"
#include "purkinje/core/session.hpp"

namespace purkinje::app {
namespace {

Settings load_or_default(const std::filesystem::path& path, std::string& problem) {
    try {
        return load_settings(path);
    } catch (const Error& e) {
        problem = std::string("The settings file could not be read, defaults are used: ") + e.what();
        return Settings{};
    }
}

std::filesystem::path choose_database(const std::filesystem::path& given, const Settings& settings) {
    if (!given.empty()) return given;
    if (!settings.database_path.empty()) return settings.database_path;
    auto path = purkinje::default_database_path();
    std::filesystem::create_directories(path.parent_path());
    return path;
}

store::Database open_store(const std::filesystem::path& path) {
    store::OpenOptions options;
    options.actor = "purkinje app";
    return store::Database::open(path, options);
}

}  // namespace

bool ctrl_shortcut(int glfw_key) { return ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(glfw_key, false); }

void draw_status(const StatusLine& status) {
    if (status.text.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, status.is_error ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.1f, 0.45f, 0.1f, 1));
    ImGui::TextWrapped("%s", status.text.c_str());
    ImGui::PopStyleColor();
}

Workstation::Workstation(const std::filesystem::path& database_path, const std::filesystem::path& settings_path)
    : state_(),
      db_([&]() -> store::Database {
          state_.settings_file = settings_path.string();
          std::string problem;
          state_.settings = load_or_default(settings_path, problem);
          if (!problem.empty()) state_.status.error(problem);
          const auto path = choose_database(database_path, state_.settings);
          state_.database_file = path.string();
          return open_store(path);
      }()),
      patients_(db_, state_),
      patient_view_(db_, state_),
      settings_screen_(state_),
      new_session_(state_, exam_, db_.path().parent_path()),
      live_(db_, state_, exam_),
      review_(db_, state_) {}

bool Workstation::open_database(const std::filesystem::path& path) {
    try {
        db_ = open_store(path);
    } catch (const Error& e) {
        state_.status.error("The database " + path.string() + " could not be opened; " + state_.database_file +
                            " stays open. " + e.what());
        return false;
    }
    state_.database_file = path.string();
    state_.patient_code.clear();
    state_.review_session_id = 0;
    new_session_.set_database_folder(db_.path().parent_path());
    ++state_.database_generation;
    state_.status.info("Opened the database " + path.string() + ".");
    return true;
}

void Workstation::go_to(Screen screen) {
    if (screen == Screen::Settings && state_.screen != Screen::Settings) settings_screen_.begin_editing();
    state_.screen = screen;
}

void Workstation::handle_shortcuts() {
    if (ctrl_shortcut(GLFW_KEY_Q)) quit_ = true;
    if (ImGui::IsKeyPressed(GLFW_KEY_F2, false)) go_to(Screen::Patients);
    if (ImGui::IsKeyPressed(GLFW_KEY_F3, false) && !state_.patient_code.empty()) go_to(Screen::PatientView);
    if (ctrl_shortcut(GLFW_KEY_COMMA)) go_to(Screen::Settings);
    if (ctrl_shortcut(GLFW_KEY_E) && !state_.patient_code.empty() && !exam_) go_to(Screen::NewSession);
    if (ImGui::IsKeyPressed(GLFW_KEY_F4, false) && exam_) go_to(Screen::Live);
    if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) show_about_ = true;
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false) && !ImGui::IsAnyItemActive()) state_.status.clear();
}

void Workstation::draw_menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Settings", "Ctrl+,")) go_to(Screen::Settings);
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Go")) {
        if (ImGui::MenuItem("Patients", "F2", state_.screen == Screen::Patients)) go_to(Screen::Patients);
        if (ImGui::MenuItem("Open patient", "F3", state_.screen == Screen::PatientView, !state_.patient_code.empty()))
            go_to(Screen::PatientView);
        if (ImGui::MenuItem("New session", "Ctrl+E", state_.screen == Screen::NewSession, !state_.patient_code.empty() && !exam_))
            go_to(Screen::NewSession);
        if (ImGui::MenuItem("Live capture", "F4", state_.screen == Screen::Live, exam_ != nullptr)) go_to(Screen::Live);
        if (ImGui::MenuItem("Review session", nullptr, state_.screen == Screen::Review, state_.review_session_id != 0))
            go_to(Screen::Review);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keyboard shortcuts and about", "F1")) show_about_ = true;
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

void Workstation::draw_about() {
    if (show_about_) {
        ImGui::OpenPopup("About Purkinje");
        show_about_ = false;
    }
    if (ImGui::BeginPopupModal("About Purkinje", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Purkinje %s", purkinje::software_version());
        ImGui::TextUnformatted("Bedside cerebellar examination: tracking, models, reports.");
        ImGui::Separator();
        ImGui::TextUnformatted("F2  patients      F3  open patient      Ctrl+E  new session   F4  live capture\n"
                               "Space  start a trial (live screen)      Ctrl+,  settings\n"
                               "Ctrl+F  search     Ctrl+N  new patient    Ctrl+S  save settings\n"
                               "Esc  clear message  Ctrl+Q  quit");
        if (ImGui::Button("Close") || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

bool Workstation::draw() {
    // A message belongs to the screen it came from: moving on clears it.
    if (state_.screen != last_screen_ || state_.patient_code != last_patient_) {
        if (state_.screen != last_screen_) state_.status.clear();
        if (state_.screen == Screen::NewSession && last_screen_ != Screen::NewSession) new_session_.begin(state_.patient_code);
        last_screen_ = state_.screen;
        last_patient_ = state_.patient_code;
    }
    if (state_.reopen_database) {
        state_.reopen_database = false;
        open_database(choose_database({}, state_.settings));
    }
    handle_shortcuts();
    draw_menu_bar();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const std::string title = "Purkinje " + std::string(purkinje::software_version()) + "  |  " + state_.database_file + "###main";
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float status_h = state_.status.text.empty() ? 0 : ImGui::GetTextLineHeightWithSpacing() * 2.2f;
    ImGui::BeginChild("screen", ImVec2(0, -status_h));
    switch (state_.screen) {
        case Screen::Patients: patients_.draw(); break;
        case Screen::PatientView: patient_view_.draw(); break;
        case Screen::Settings: settings_screen_.draw(); break;
        case Screen::NewSession: new_session_.draw(); break;
        case Screen::Live: live_.draw(); break;
        case Screen::Review: review_.draw(); break;
    }
    ImGui::EndChild();
    if (status_h > 0) {
        ImGui::Separator();
        draw_status(state_.status);
    }
    ImGui::End();
    draw_about();
    live_.draw_stimulus_frame();
    return !quit_;
}

}  // namespace purkinje::app
