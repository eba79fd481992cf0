#pragma once
// The lund2013 agreement study (../shared/data/README.md): every recording classified with the
// given options, Cohen's kappa per class against each coder, samples pooled per stimulus type.
// Recordings are loaded once; per-file counts can be pooled over any subset of files (the held-out
// check chooses constants on one subset and reports kappa on another).

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "purkinje/signal/agreement.hpp"
#include "purkinje/signal/conditioning.hpp"
#include "purkinje/signal/gaze_csv.hpp"
#include "purkinje/signal/gaze_events.hpp"

namespace purkinje::test {

struct LundRecording {
    std::string file, stimulus;  // stimulus: "img" or "dots"
    std::string participant;     // e.g. "UH21", from the file name
    double rate_hz = 0;
    std::vector<double> t_s, x_deg, y_deg;
    std::vector<int> mn, ra;  // the coders' labels
};

inline std::vector<LundRecording> load_lund2013(const std::filesystem::path& folder) {
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
    std::vector<LundRecording> out;
    for (const auto& rec : meta["recordings"]) {
        LundRecording r;
        r.file = rec["file"].get<std::string>();
        r.stimulus = rec["category"].get<std::string>();
        r.participant = r.file.substr(r.file.find('_') + 1, 4);  // img_UH21_img_Rome.csv, dots_UH21_trial1.csv
        r.rate_hz = rec["sample_rate_hz"];
        const auto table = signal::read_csv(folder / r.file);
        auto gaze = signal::gaze_samples(table, "x_px", "y_px");
        signal::pixels_to_degrees(screen, gaze.x, gaze.y);
        // The files' t_s is index / 500 even for the 200 Hz recordings: time comes from the true rate.
        for (std::size_t i = 0; i < gaze.t_s.size(); ++i) gaze.t_s[i] = double(i) / r.rate_hz;
        r.t_s = std::move(gaze.t_s);
        r.x_deg = std::move(gaze.x);
        r.y_deg = std::move(gaze.y);
        for (double v : table.numbers("label_MN", false)) r.mn.push_back(int(v));
        for (double v : table.numbers("label_RA", false)) r.ra.push_back(int(v));
        out.push_back(std::move(r));
    }
    return out;
}

// One recording's agreement counts: [coder "MN"|"RA"][class code 1..4].
using LundCounts = std::map<std::string, std::map<int, signal::BinaryAgreement>>;

inline LundCounts lund2013_counts(const LundRecording& r, const signal::GazeClassifierOptions& options) {
    const auto result = signal::classify_gaze(r.t_s, r.x_deg, r.y_deg, {}, r.rate_hz, options);
    std::vector<int> ours(result.labels.size());
    for (std::size_t i = 0; i < ours.size(); ++i) ours[i] = int(result.labels[i]);
    LundCounts counts;
    for (int code = 1; code <= 4; ++code) {
        counts["MN"][code].add(ours, r.mn, code);
        counts["RA"][code].add(ours, r.ra, code);
    }
    return counts;
}

// Kappa of one class against one coder, samples pooled over the recordings of one stimulus type that
// `chosen` accepts. NaN when none is chosen.
inline double pooled_kappa(const std::vector<LundRecording>& recordings, const std::vector<LundCounts>& counts,
                           const std::function<bool(std::size_t)>& chosen, const std::string& stimulus,
                           const std::string& coder, int code) {
    signal::BinaryAgreement pooled;
    for (std::size_t f = 0; f < recordings.size(); ++f) {
        if (recordings[f].stimulus != stimulus || !chosen(f)) continue;
        const auto& c = counts[f].at(coder).at(code);
        pooled.both += c.both;
        pooled.only_a += c.only_a;
        pooled.only_b += c.only_b;
        pooled.neither += c.neither;
    }
    return pooled.kappa();
}

struct LundAgreement {
    // kappa[stimulus]["MN"|"RA"][class code 1..4]
    std::map<std::string, std::map<std::string, std::map<int, double>>> kappa;
    std::map<std::string, std::map<int, double>> coders;  // MN vs RA, same pooling
    std::size_t samples = 0;
};

inline LundAgreement lund2013_agreement(const std::filesystem::path& folder,
                                        const signal::GazeClassifierOptions& options) {
    const auto recordings = load_lund2013(folder);
    std::vector<LundCounts> counts;
    std::map<std::string, std::map<int, signal::BinaryAgreement>> coders;
    LundAgreement out;
    for (const auto& r : recordings) {
        counts.push_back(lund2013_counts(r, options));
        for (int code = 1; code <= 4; ++code) coders[r.stimulus][code].add(r.mn, r.ra, code);
        out.samples += r.t_s.size();
    }
    const auto all = [](std::size_t) { return true; };
    for (const char* stimulus : {"img", "dots"})
        for (const char* coder : {"MN", "RA"})
            for (int code = 1; code <= 4; ++code)
                out.kappa[stimulus][coder][code] = pooled_kappa(recordings, counts, all, stimulus, coder, code);
    for (auto& [stimulus, by_class] : coders)
        for (auto& [code, agreement] : by_class) out.coders[stimulus][code] = agreement.kappa();
    return out;
}

}  // namespace purkinje::test
