#pragma once
// The lund2013 agreement study (../shared/data/README.md): every recording classified with the
// given options, Cohen's kappa per class against each coder, samples pooled per stimulus type.

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "purkinje/signal/agreement.hpp"
#include "purkinje/signal/conditioning.hpp"
#include "purkinje/signal/gaze_csv.hpp"
#include "purkinje/signal/gaze_events.hpp"

namespace purkinje::test {

struct LundAgreement {
    // kappa[stimulus]["MN"|"RA"][class code 1..3]
    std::map<std::string, std::map<std::string, std::map<int, double>>> kappa;
    std::map<std::string, std::map<int, double>> coders;  // MN vs RA, same pooling
    std::size_t samples = 0;
};

inline LundAgreement lund2013_agreement(const std::filesystem::path& folder,
                                        const signal::GazeClassifierOptions& options) {
    std::ifstream in(folder / "recordings.json");
    const auto meta = nlohmann::json::parse(in);
    signal::ScreenGeometry screen;
    screen.width_px = meta["screen_px"][0];
    screen.height_px = meta["screen_px"][1];
    screen.width_m = meta["screen_m"][0];
    // The data README converts both axes with the width's pixel pitch (0.38 m / 1024 px), as the
    // published comparisons did; the screen's stated height (0.30 m) would give 5% larger vertical angles.
    screen.height_m = screen.height_px * screen.width_m / screen.width_px;
    screen.distance_m = meta["viewing_distance_m"];
    std::map<std::string, std::map<std::string, std::map<int, signal::BinaryAgreement>>> pooled;
    std::map<std::string, std::map<int, signal::BinaryAgreement>> coders;
    LundAgreement out;
    for (const auto& rec : meta["recordings"]) {
        const auto table = signal::read_csv(folder / rec["file"].get<std::string>());
        auto gaze = signal::gaze_samples(table, "x_px", "y_px");
        signal::pixels_to_degrees(screen, gaze.x, gaze.y);
        const double rate = rec["sample_rate_hz"];
        // The files' t_s is index / 500 even for the 200 Hz recordings: time comes from the true rate.
        for (std::size_t i = 0; i < gaze.t_s.size(); ++i) gaze.t_s[i] = double(i) / rate;
        const auto result = signal::classify_gaze(gaze.t_s, gaze.x, gaze.y, {}, rate, options);
        std::vector<int> ours(result.labels.size());
        for (std::size_t i = 0; i < ours.size(); ++i) ours[i] = int(result.labels[i]);
        const std::string stimulus = rec["category"];
        std::vector<int> mn, ra;
        for (double v : table.numbers("label_MN", false)) mn.push_back(int(v));
        for (double v : table.numbers("label_RA", false)) ra.push_back(int(v));
        for (int code = 1; code <= 4; ++code) {
            pooled[stimulus]["MN"][code].add(ours, mn, code);
            pooled[stimulus]["RA"][code].add(ours, ra, code);
            coders[stimulus][code].add(mn, ra, code);
        }
        out.samples += ours.size();
    }
    for (auto& [stimulus, by_coder] : pooled)
        for (auto& [coder, by_class] : by_coder)
            for (auto& [code, agreement] : by_class) out.kappa[stimulus][coder][code] = agreement.kappa();
    for (auto& [stimulus, by_class] : coders)
        for (auto& [code, agreement] : by_class) out.coders[stimulus][code] = agreement.kappa();
    return out;
}

}  // namespace purkinje::test
