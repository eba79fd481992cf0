// purkinje: the desktop workstation for the bedside cerebellar exam.

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "app_window.hpp"
#include "patients_screen.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/paths.hpp"
#include "purkinje/core/session.hpp"
#include "purkinje/store/database.hpp"

namespace {

struct AppArguments {
    std::string db_path;
    std::string screenshot;
    int frames = 0;
};

void draw_menu_bar(bool& quit, bool& show_about) {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("About Purkinje")) show_about = true;
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"Purkinje: the bedside cerebellar examination workstation"};
    AppArguments args;
    cli.add_option("--db", args.db_path, "SQLite database (default: $XDG_DATA_HOME/purkinje/purkinje.db)");
    cli.add_option("--screenshot", args.screenshot, "Write a PNG of the window after --frames frames, then exit");
    cli.add_option("--frames", args.frames, "Frames to render before the screenshot")->default_val(5);
    CLI11_PARSE(cli, argc, argv);

    try {
        std::filesystem::path db_path = args.db_path.empty() ? purkinje::default_database_path()
                                                             : std::filesystem::path(args.db_path);
        if (args.db_path.empty()) std::filesystem::create_directories(db_path.parent_path());
        purkinje::store::OpenOptions open;
        open.actor = "purkinje app";
        auto db = purkinje::store::Database::open(db_path, open);

        purkinje::app::AppWindow window({});
        purkinje::app::PatientsScreen patients(db);
        bool quit = false, show_about = false;
        const std::string title = "Purkinje " + std::string(purkinje::software_version()) + "  |  " + db_path.string();
        window.run(
            [&] {
                draw_menu_bar(quit, show_about);
                // ImGui 1.86 indexes keys by the backend's own codes (GLFW here).
                if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q)) quit = true;
                const ImGuiViewport* viewport = ImGui::GetMainViewport();
                ImGui::SetNextWindowPos(viewport->WorkPos);
                ImGui::SetNextWindowSize(viewport->WorkSize);
                ImGui::Begin(title.c_str(), nullptr,
                             ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus);
                patients.draw();
                ImGui::End();
                if (show_about) {
                    ImGui::OpenPopup("About Purkinje");
                    show_about = false;
                }
                if (ImGui::BeginPopupModal("About Purkinje", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
                    ImGui::Text("Purkinje %s", purkinje::software_version());
                    ImGui::TextUnformatted("Bedside cerebellar examination: tracking, models, reports.");
                    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
                    ImGui::EndPopup();
                }
                return !quit;
            },
            args.screenshot.empty() ? 0 : std::max(1, args.frames), args.screenshot);
    } catch (const purkinje::Error& e) {
        std::fprintf(stderr, "purkinje: %s\n", e.what());
        return 1;
    }
    return 0;
}
