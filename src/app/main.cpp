// purkinje: the desktop workstation for the bedside cerebellar exam.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "app_window.hpp"
#include "purkinje/core/error.hpp"
#include "script_walk.hpp"
#include "settings.hpp"
#include "workstation.hpp"

namespace {

struct AppArguments {
    std::string db_path;
    std::string settings_path;
    std::string screenshot;
    int frames = 0;
    std::string script;
    std::string shots_dir;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"Purkinje: the bedside cerebellar examination workstation"};
    AppArguments args;
    cli.add_option("--db", args.db_path, "SQLite database (default: the settings' file, else $XDG_DATA_HOME/purkinje/purkinje.db)");
    cli.add_option("--settings", args.settings_path, "Settings file (default: $XDG_CONFIG_HOME/purkinje/settings.json)");
    cli.add_option("--screenshot", args.screenshot, "Write a PNG of the window after --frames frames, then exit");
    cli.add_option("--frames", args.frames, "Frames to render before the screenshot")->default_val(5);
    cli.add_option("--script", args.script, "Run a scripted walk through the screens and exit")->check(CLI::IsMember({"walk"}));
    cli.add_option("--shots", args.shots_dir, "Folder for the scripted walk's screenshots and log")->default_val("walk-shots");
    CLI11_PARSE(cli, argc, argv);

    try {
        const std::filesystem::path settings_path =
            args.settings_path.empty() ? purkinje::app::default_settings_path() : std::filesystem::path(args.settings_path);
        purkinje::app::Workstation workstation(args.db_path, settings_path);
        purkinje::app::WindowOptions options;
        options.font_size_px = workstation.state().settings.font_size_px;
        purkinje::app::AppWindow window(options);

        std::optional<purkinje::app::ScriptedWalk> walk;
        if (args.script == "walk") walk.emplace(workstation, window, args.shots_dir);
        window.run(
            [&] {
                const bool keep_going = workstation.draw();
                if (walk) return walk->advance() && keep_going;
                return keep_going;
            },
            args.screenshot.empty() ? 0 : std::max(1, args.frames), args.screenshot);
        if (walk && !walk->failures().empty()) {
            for (const auto& failure : walk->failures()) std::fprintf(stderr, "purkinje: walk: %s\n", failure.c_str());
            return 2;
        }
    } catch (const purkinje::Error& e) {
        std::fprintf(stderr, "purkinje: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "purkinje: unexpected failure: %s\n", e.what());
        return 1;
    }
    return 0;
}
