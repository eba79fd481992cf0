// purkinje: the desktop workstation for the bedside cerebellar exam.

#include <CLI/CLI.hpp>
#include <imgui.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include <unistd.h>

#include "app_window.hpp"
#include "exam_session.hpp"
#include "image_texture.hpp"
#include "plot.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/core/error.hpp"
#include "script_walk.hpp"
#include "settings.hpp"
#include "stimulus_window.hpp"
#include "workstation.hpp"

namespace {

struct AppArguments {
    std::string db_path;
    std::string settings_path;
    std::string screenshot;
    int frames = 0;
    std::string script;
    std::string shots_dir;
    int stimulus_test_frames = 0;
    std::string stimulus_shot;
    std::string stimulus_camera = "none";
    double camera_fps = 60;
};

// --stimulus-test N --stimulus-camera sim: the whole live path instead of a synthetic head. The
// virtual patient's face view (VOR adaptation, headband in view) is captured on its own thread at the
// camera's pace, the trial's worker records it and hands each frame to the head tracker's worker,
// whose yaw velocities (with their frames' capture times) move the target, x2. Prints the loop
// latency, the trackers' time per frame and the frames they skipped.
int run_stimulus_camera_test(purkinje::app::AppWindow& window, int frames, const std::string& shot, double fps,
                             const std::string& main_shot) {
    namespace app = purkinje::app;
    app::StimulusWindow stimulus(-1);
    stimulus.set_protocol("vor_adaptation");
    stimulus.set_vor_adaptation(2.0);
    auto relay = std::make_shared<app::HeadRelay>();
    relay->set_listener([&stimulus](double t, double v) { stimulus.feed_head_sample(t, v); });
    app::SourceChoice choice;
    choice.kind = app::SourceKind::Simulated;
    choice.patient_preset = "healthy";
    choice.width = 640;
    choice.height = 480;
    choice.fps = fps;
    const auto folder = std::filesystem::temp_directory_path() / ("purkinje-stimulus-" + std::to_string(::getpid()));
    const double seconds = frames / 30.0 + 5;
    std::optional<app::TrialCapture> trial;
    trial.emplace([choice, seconds] { return app::open_trial_source(choice, purkinje::names::kVorAdaptation, seconds, 1); },
                  folder, "vor_adaptation", app::tracking_for("face", std::nullopt, relay));
    int frame = 0;
    app::ImageTexture camera;
    std::int64_t shown = -1;
    window.run([&] {
        const auto tracking = trial->tracking();
        const ImGuiViewport* viewport = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(viewport->WorkPos);
        ImGui::SetNextWindowSize(viewport->WorkSize);
        ImGui::Begin("Stimulus test, simulated camera", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::Text("VOR adaptation x2: the virtual patient's face view, head pose tracked live; the target moves by "
                    "(1 - 2) x head yaw velocity.  Stimulus window frame %d of %d", frame, frames);
        if (const auto latency = stimulus.median_latency_ms())
            ImGui::Text("Loop latency (head frame captured -> target drawn and swapped): median %.1f ms of %zu", *latency,
                        stimulus.latency_count());
        if (tracking) {
            ImGui::Text("Trackers (head pose + face eyes) %.1f ms/frame; %lld of %lld frames tracked, %lld skipped",
                        tracking->mean_ms_per_frame, static_cast<long long>(tracking->tracked),
                        static_cast<long long>(tracking->received), static_cast<long long>(tracking->dropped));
            if (tracking->overlay_index != shown && !tracking->overlay.empty()) {
                camera.upload(tracking->overlay);
                shown = tracking->overlay_index;
            }
            camera.draw(ImGui::GetContentRegionAvail().x * 0.5f);
            ImGui::SameLine();
            ImGui::BeginGroup();
            for (const auto& trace : tracking->traces) {
                app::PlotOptions options;
                options.title = trace.label;
                options.x_label = "time";
                options.x_unit = "s";
                options.y_unit = trace.unit;
                options.size = ImVec2(0, ImGui::GetFontSize() * 12);
                app::plot(trace.label.c_str(), options, {app::line_series(trace.label, tracking->t_s, trace.values)});
            }
            ImGui::EndGroup();
        }
        ImGui::End();
        if (frame == frames - 1 && !shot.empty()) stimulus.request_screenshot(shot);
        if (frame == frames - 1 && !main_shot.empty()) window.request_screenshot(main_shot);
        stimulus.draw_frame(window.handle());
        return ++frame < frames && !trial->snapshot().finished;
    });
    relay->set_listener({});
    trial->request_stop();
    const auto snap = trial->snapshot();
    const auto tracking = trial->tracking();
    trial.reset();
    std::error_code ec;
    std::filesystem::remove_all(folder, ec);
    const auto latency = stimulus.median_latency_ms();
    if (!latency || !tracking) {
        std::fprintf(stderr, "purkinje: stimulus test: no tracked head sample reached the screen%s%s\n",
                     snap.error.empty() ? "" : ": ", snap.error.c_str());
        return 3;
    }
    std::printf("stimulus loop latency (simulated camera %.0f Hz, head tracker): median %.2f ms over %zu head samples, "
                "%d frames, target at %.1f deg; trackers %.2f ms/frame, %lld of %lld frames tracked, %lld skipped, "
                "capture queue dropped %lld, video encoder dropped %lld\n",
                fps, *latency, stimulus.latency_count(), frame, stimulus.target_h_deg(), tracking->mean_ms_per_frame,
                static_cast<long long>(tracking->tracked), static_cast<long long>(tracking->received),
                static_cast<long long>(tracking->dropped), static_cast<long long>(snap.stats.dropped),
                static_cast<long long>(snap.video_dropped));
    return 0;
}

// --stimulus-test: the stimulus window in VOR-adaptation x2 mode for `frames` frames, fed by a
// simulated head (a 1 Hz, 100 deg/s yaw sinusoid sampled at 120 Hz on its own thread, as a camera
// would deliver it); prints the median loop latency and writes a screenshot of the stimulus window.
int run_stimulus_test(purkinje::app::AppWindow& window, int frames, const std::string& shot) {
    using purkinje::steady_now_s;
    purkinje::app::StimulusWindow stimulus(-1);
    stimulus.set_protocol("vor_adaptation");
    stimulus.set_vor_adaptation(2.0);
    std::atomic<bool> stop{false};
    std::thread head([&] {
        const double start = steady_now_s();
        auto next = std::chrono::steady_clock::now();
        while (!stop) {
            const double t = steady_now_s();
            stimulus.feed_head_sample(t, 100.0 * std::sin(2.0 * M_PI * (t - start)));
            next += std::chrono::microseconds(8333);
            std::this_thread::sleep_until(next);
        }
    });
    // Joins the head thread however the loop ends (an exception must not leave it running).
    struct JoinHead {
        std::atomic<bool>& stop; std::thread& thread;
        ~JoinHead() { stop = true; if (thread.joinable()) thread.join(); }
    } join_head{stop, head};
    int frame = 0;
    window.run([&] {
        ImGui::Begin("Stimulus test");
        ImGui::Text("Stimulus window frame %d of %d", frame, frames);
        if (const auto latency = stimulus.median_latency_ms()) ImGui::Text("Loop latency %.1f ms", *latency);
        ImGui::End();
        if (frame == frames - 1 && !shot.empty()) stimulus.request_screenshot(shot);
        stimulus.draw_frame(window.handle());
        return ++frame < frames;
    });
    stop = true;
    head.join();
    const auto latency = stimulus.median_latency_ms();
    if (!latency) {
        std::fprintf(stderr, "purkinje: stimulus test: no head sample reached the screen\n");
        return 3;
    }
    std::printf("stimulus loop latency: median %.2f ms over %zu head samples, %d frames, target at %.1f deg\n",
                *latency, stimulus.latency_count(), frames, stimulus.target_h_deg());
    if (!stimulus.message().empty()) std::fprintf(stderr, "purkinje: %s\n", stimulus.message().c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"Purkinje: the bedside cerebellar examination workstation"};
    AppArguments args;
    cli.add_option("--db", args.db_path, "SQLite database (default: the settings' file, else $XDG_DATA_HOME/purkinje/purkinje.db)");
    cli.add_option("--settings", args.settings_path, "Settings file (default: $XDG_CONFIG_HOME/purkinje/settings.json)");
    cli.add_option("--screenshot", args.screenshot, "Write a PNG of the window after --frames frames, then exit");
    cli.add_option("--frames", args.frames, "Frames to render before the screenshot")->default_val(5);
    cli.add_option("--script", args.script, "Run a scripted walk through the screens and exit")->check(CLI::IsMember({"walk", "vor", "calibrate"}));
    cli.add_option("--shots", args.shots_dir, "Folder for the scripted walk's screenshots and log")->default_val("walk-shots");
    cli.add_option("--stimulus-test", args.stimulus_test_frames,
                   "Open the stimulus window for N frames with a simulated head, print the loop latency, exit")
        ->check(CLI::Range(1, 100000));
    cli.add_option("--stimulus-shot", args.stimulus_shot, "Screenshot of the stimulus window for --stimulus-test")
        ->default_val("stimulus.png");
    cli.add_option("--stimulus-camera", args.stimulus_camera,
                   "Head samples for --stimulus-test: 'none' (a synthetic sinusoid) or 'sim' (the virtual patient's "
                   "face view through the head tracker)")
        ->check(CLI::IsMember({"none", "sim"}));
    cli.add_option("--camera-fps", args.camera_fps, "Frame rate of the simulated camera for --stimulus-camera sim")
        ->check(CLI::Range(10.0, 500.0));
    CLI11_PARSE(cli, argc, argv);

    try {
        const std::filesystem::path settings_path =
            args.settings_path.empty() ? purkinje::app::default_settings_path() : std::filesystem::path(args.settings_path);
        purkinje::app::Workstation workstation(args.db_path, settings_path);
        purkinje::app::WindowOptions options;
        options.font_size_px = workstation.state().settings.font_size_px;
        purkinje::app::AppWindow window(options);

        if (args.stimulus_test_frames > 0 && args.stimulus_camera == "sim")
            return run_stimulus_camera_test(window, args.stimulus_test_frames, args.stimulus_shot, args.camera_fps,
                                            args.screenshot);
        if (args.stimulus_test_frames > 0) return run_stimulus_test(window, args.stimulus_test_frames, args.stimulus_shot);

        std::optional<purkinje::app::ScriptedWalk> walk;
        if (!args.script.empty()) walk.emplace(workstation, window, args.shots_dir, args.script);
        window.run(
            [&] {
                const bool keep_going = workstation.draw();
                if (walk) return walk->advance() && keep_going;
                return keep_going;
            },
            args.screenshot.empty() ? 0 : std::max(1, args.frames), args.screenshot);
        workstation.live().close_stimulus();
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
