// purkinje-cli demo: the main job. Creates (or reuses) the demo database, a demo patient and one
// session, then prints what was stored.

#include <cmath>
#include <iostream>

#include "command.hpp"
#include "database_access.hpp"
#include "purkinje/core/time.hpp"
#include "session_print.hpp"

namespace purkinje::cli {
namespace {

// Finger chase trace while the virtual patient's own movements are not yet available: minimum-jerk
// reaches (Flash & Hogan 1985) between targets 30 cm apart that jump every 2 s, sampled at 120 Hz.
Trial finger_chase_trace() {
    const double rate = 120.0, jump_every_s = 2.0, reach_s = 0.6, reaction_s = 0.25;
    const double targets_cm[][2] = {{0, 0}, {30, 0}, {15, 20}, {0, 0}, {30, 10}, {10, 25}};
    Trial trial;
    trial.protocol = "finger_chase";
    trial.condition = "right hand";
    Channel hand("hand", rate, {{"x", "cm"}, {"y", "cm"}});
    Channel target("target", 0.0, {{"x", "cm"}, {"y", "cm"}});
    const int n_targets = static_cast<int>(std::size(targets_cm));
    for (int k = 0; k < n_targets; ++k) {
        target.push_back(k * jump_every_s, {float(targets_cm[k][0]), float(targets_cm[k][1])});
        trial.recording.events.push_back({k * jump_every_s, "target", "x_cm,y_cm", {targets_cm[k][0], targets_cm[k][1]}});
    }
    const int samples = static_cast<int>(n_targets * jump_every_s * rate);
    for (int i = 0; i < samples; ++i) {
        const double t = i / rate;
        const int k = std::min(n_targets - 1, static_cast<int>(t / jump_every_s));
        const double* from = targets_cm[k > 0 ? k - 1 : 0];
        const double* to = targets_cm[k];
        const double tau = std::clamp((t - k * jump_every_s - reaction_s) / reach_s, 0.0, 1.0);
        const double s = tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
        hand.push_back(t, {float(from[0] + s * (to[0] - from[0])), float(from[1] + s * (to[1] - from[1]))}, 1.0f);
    }
    trial.recording.channels = {std::move(hand), std::move(target)};
    return trial;
}

const bool registered = register_command(1, [](CLI::App& app, GlobalOptions& options) {
    auto* demo = app.add_subcommand("demo", "Demo examination on a virtual patient (no camera needed)");
    demo->callback([&options] {
        GlobalOptions demo_options = options;
        if (demo_options.db_path.empty()) demo_options.db_path = "purkinje-demo.db";
        auto db = open_database(demo_options);
        const std::string code = "DEMO-001";
        if (!db.find_patient(code)) {
            Patient p;
            p.code = code;
            p.birth_year = 1961;
            p.sex = "female";
            p.diagnosis = "virtual patient (demo)";
            db.add_patient(p);
        }
        Session session;
        session.patient_code = code;
        session.started_at = utc_now_iso8601();
        session.examiner = "demo";
        session.camera = "synthetic trace (no camera)";
        session.camera_fps = 120.0;
        session.trials.push_back(finger_chase_trace());
        db.save_session(session);
        std::cout << "Purkinje demo: database " << db.path().string() << "\n\n";
        print_session(std::cout, db.load_session(session.id));
        std::cout << "\n" << db.list_sessions(code).size() << " session(s) of " << code << " stored.\n";
    });
});

}  // namespace
}  // namespace purkinje::cli
