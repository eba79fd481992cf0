// purkinje-cli classify: label every gaze sample of a CSV file (fixation, saccade, PSO, smooth pursuit,
// blink/missing, undefined) and optionally write one row per event. The analysis is
// purkinje::signal::classify_gaze; this file only reads, converts and writes.
#include <cmath>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/signal/conditioning.hpp"
#include "purkinje/signal/gaze_csv.hpp"
#include "purkinje/signal/gaze_events.hpp"

namespace purkinje::cli {
namespace {

struct ClassifyArgs {
    std::string in, out, events;
    double rate_hz = 0;
    std::string units = "deg";
    std::vector<double> screen_px, screen_m;
    double distance_m = 0;
    std::string x_column = "x", y_column = "y";
};

std::ofstream open_for_writing(const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error(ErrorKind::BadInput, "cannot be written", path, "a writable file path");
    return out;
}

void run_classify(const ClassifyArgs& a) {
    const auto table = signal::read_csv(a.in);
    auto gaze = signal::gaze_samples(table, a.x_column, a.y_column);
    if (a.units == "px") {
        if (a.screen_px.size() != 2 || a.screen_m.size() != 2 || !(a.distance_m > 0))
            throw_bad_input("--units px", "needs the screen geometry to convert pixels to degrees",
                            "--screen-px W H --screen-m W H --distance-m D");
        const signal::ScreenGeometry screen{a.screen_px[0], a.screen_px[1], a.screen_m[0], a.screen_m[1],
                                            a.distance_m};
        signal::pixels_to_degrees(screen, gaze.x, gaze.y);
    }
    const auto result = signal::classify_gaze(gaze.t_s, gaze.x, gaze.y, {}, a.rate_hz);

    auto out = open_for_writing(a.out);
    std::string header;
    for (const auto& h : table.header) header += (header.empty() ? "" : ",") + h;
    out << header << ",label\n";
    for (std::size_t i = 0; i < table.rows(); ++i) out << table.lines[i] << ',' << int(result.labels[i]) << '\n';
    if (!out) throw Error(ErrorKind::BadInput, "could not be written completely", a.out, "space on the disk");

    if (!a.events.empty()) {
        auto ev = open_for_writing(a.events);
        ev << "event,label,onset_s,offset_s,duration_ms,amplitude_deg,peak_velocity_deg_s,direction_deg,"
              "start_x_deg,start_y_deg,end_x_deg,end_y_deg\n";
        for (const auto& e : result.events)
            ev << fmt::format("{},{},{:.6f},{:.6f},{:.1f},{:.3f},{:.1f},{:.1f},{:.3f},{:.3f},{:.3f},{:.3f}\n",
                              signal::to_string(e.kind), int(e.kind), e.onset_s, e.offset_s, e.duration_ms,
                              e.amplitude_deg, e.peak_velocity_deg_s, e.direction_deg, e.start_x_deg,
                              e.start_y_deg, e.end_x_deg, e.end_y_deg);
    }
    const auto& th = result.thresholds;
    std::cout << fmt::format(
        "{}: {} samples at {:.1f} Hz{}; {} saccades, {} fixations, {} PSO, {} pursuit, {} blinks, {} undefined; "
        "adaptive thresholds peak {:.1f} deg/s, onset {:.1f} deg/s (noise median {:.1f}, robust SD {:.1f} deg/s)\n",
        a.in, table.rows(), result.rate_hz, result.resampled ? " (resampled)" : "",
        result.count(signal::EyeMovement::Saccade), result.count(signal::EyeMovement::Fixation),
        result.count(signal::EyeMovement::PostSaccadicOscillation),
        result.count(signal::EyeMovement::SmoothPursuit), result.count(signal::EyeMovement::Blink),
        result.count(signal::EyeMovement::Undefined), th.peak_velocity_deg_s, th.onset_velocity_deg_s, th.noise_median_deg_s, th.noise_sd_deg_s);
}

const bool registered = register_command(40, [](CLI::App& app, GlobalOptions&) {
    auto args = std::make_shared<ClassifyArgs>();
    auto* cmd = app.add_subcommand(
        "classify",
        "Label gaze samples: 1 fixation, 2 saccade, 3 PSO, 4 smooth pursuit, 5 blink/missing, 0 undefined");
    cmd->add_option("--in", args->in, "input CSV with columns t_s,x,y (empty x/y = missing)")->required();
    cmd->add_option("--out", args->out, "output CSV: the input plus a column 'label'")->required();
    cmd->add_option("--rate", args->rate_hz, "sample rate in Hz (default: from the time stamps)");
    cmd->add_option("--units", args->units, "units of x and y")->check(CLI::IsMember({"px", "deg"}));
    cmd->add_option("--screen-px", args->screen_px, "screen width and height in pixels")->expected(2);
    cmd->add_option("--screen-m", args->screen_m, "screen width and height in metres")->expected(2);
    cmd->add_option("--distance-m", args->distance_m, "eye to screen distance in metres");
    cmd->add_option("--x-column", args->x_column, "name of the horizontal gaze column (default x)");
    cmd->add_option("--y-column", args->y_column, "name of the vertical gaze column (default y)");
    cmd->add_option("--events", args->events, "also write one row per event to this CSV");
    cmd->callback([args] { run_classify(*args); });
});

}  // namespace
}  // namespace purkinje::cli
