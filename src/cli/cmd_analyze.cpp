// purkinje-cli analyze: one protocol's analysis of a recording made elsewhere, a CSV of
// `t_s,x,y[,z]` fingertip or gaze positions (extra columns ignored), printed as a table or JSON.

#include <cmath>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "purkinje/assess/analysis.hpp"
#include "purkinje/assess/protocol.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/signal/gaze_csv.hpp"
#include "session_print.hpp"

namespace purkinje::cli {
namespace {

struct AnalyzeArgs {
    std::string protocol, in, units = "cm", targets;
    double rate_hz = 0;
    bool json = false;
};

std::string protocol_key(std::string name) {
    for (char& c : name)
        if (c == '-') c = '_';
    return name;
}

void run_analyze(const AnalyzeArgs& args) {
    const std::string key = protocol_key(args.protocol);
    const auto& info = assess::protocol(key);
    if (info.view == assess::View::Import)
        throw_bad_input("--protocol", "vendor exports are read by `purkinje-cli import-vhit`", "a recorded protocol");
    const bool hand = info.view == assess::View::Hand;
    if (hand && args.units == "deg") throw_bad_input("--units", "a hand recording is a length", "cm, mm or px");
    if (!hand && args.units != "deg") throw_bad_input("--units", "gaze positions are angles", "deg");
    const auto table = signal::read_csv(args.in);
    const auto samples = signal::gaze_samples(table, "x", "y");
    Channel c(hand ? names::kHand : names::kGaze, args.rate_hz, {{"x", hand ? "cm" : "deg"}, {"y", hand ? "cm" : "deg"}});
    for (std::size_t i = 0; i < samples.t_s.size(); ++i) {
        const bool ok = std::isfinite(samples.x[i]) && std::isfinite(samples.y[i]);
        c.push_back(samples.t_s[i], {float(samples.x[i]), float(samples.y[i])}, ok ? 1.0f : 0.0f);
    }
    Recording recording;
    recording.channels.push_back(c);
    // Targets (hand_target for hand tasks, target for eye tasks) from a CSV t_s,x,y of target onsets.
    if (!args.targets.empty()) {
        const auto t = signal::gaze_samples(signal::read_csv(args.targets), "x", "y");
        for (std::size_t i = 0; i < t.t_s.size(); ++i)
            recording.events.push_back({t.t_s[i], hand ? "hand_target" : "target", hand ? "x_cm,y_cm" : "h_deg,v_deg", {t.x[i], t.y[i]}});
    }
    assess::AnalysisOptions options;
    if (args.units == "mm") options.length_unit_to_cm = 0.1;
    if (args.units == "px")
        std::cerr << "note: --units px analyses pixels as if they were cm; calibrate the camera for centimetres\n";
    Trial trial;
    trial.protocol = key;
    trial.recording = recording;
    const auto a = assess::analyse_trial(trial, options);
    if (!args.json) {
        print_findings(std::cout, a.findings);
        print_model_fits(std::cout, a.fits);
        for (const auto& n : a.notes) std::cout << "note: " << n << "\n";
        return;
    }
    nlohmann::json j;
    j["protocol"] = key;
    j["algorithm_version"] = assess::kAlgorithmVersion;
    j["input"] = args.in;
    j["units"] = args.units;
    for (const auto& f : a.findings) {
        nlohmann::json x{{"value", f.value}, {"unit", f.unit}, {"method", f.method}, {"flag", to_string(f.flag)}};
        if (f.ci_low) x["ci_low"] = *f.ci_low, x["ci_high"] = *f.ci_high;
        if (f.normal.low) x["normal_low"] = *f.normal.low;
        if (f.normal.high) x["normal_high"] = *f.normal.high;
        if (!f.normal.citation.empty()) x["normal_citation"] = f.normal.citation;
        j["findings"][f.metric] = x;
        j[f.metric] = f.value;  // the headline numbers at top level: tremor_peak_hz, endpoint_error_cm ...
    }
    if (a.sara_item) j["sara_item"] = {{"item", *info.sara_item}, {"score", *a.sara_item}};
    for (const auto& fit : a.fits) {
        nlohmann::json m{{"model", fit.model}, {"rmse", fit.quality.rmse}, {"rmse_unit", fit.quality.rmse_unit},
                         {"r_squared", fit.quality.r_squared}, {"converged", fit.quality.converged}};
        for (const auto& p : fit.parameters) {
            nlohmann::json q{{"unit", p.unit}, {"identifiable", p.identifiable}};
            if (p.identifiable) q["value"] = p.value;
            if (p.identifiable && p.ci_low) q["ci_low"] = *p.ci_low, q["ci_high"] = *p.ci_high;
            m["parameters"][p.name] = q;
        }
        j["models"].push_back(m);
    }
    j["notes"] = a.notes;
    std::cout << j.dump(2) << "\n";
}

const bool registered = register_command(30, [](CLI::App& app, GlobalOptions&) {
    auto* cmd = app.add_subcommand("analyze", "Analyse a recording made elsewhere (CSV t_s,x,y[,z]) for one protocol");
    auto args = std::make_shared<AnalyzeArgs>();
    cmd->add_option("--protocol", args->protocol, "finger-chase, nose-finger, fast-alternating, postural-tremor, "
                                                  "rest-tremor, saccades, smooth-pursuit, gaze-holding")->required();
    cmd->add_option("--in", args->in, "CSV with columns t_s,x,y (z and others ignored)")->required();
    cmd->add_option("--units", args->units, "cm, mm or px (hand), deg (gaze)")
        ->check(CLI::IsMember({"cm", "mm", "px", "deg"}))->capture_default_str();
    cmd->add_option("--rate", args->rate_hz, "Nominal sampling rate in Hz (default: from the time stamps)");
    cmd->add_option("--targets", args->targets, "CSV t_s,x,y of target onsets (finger chase, saccades ...)");
    cmd->add_flag("--json", args->json, "Print JSON instead of tables");
    cmd->callback([args] { run_analyze(*args); });
});

}  // namespace
}  // namespace purkinje::cli
