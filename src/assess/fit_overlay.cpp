#include "purkinje/assess/fit_overlay.hpp"

#include <algorithm>
#include <cmath>

#include "hand_common.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/model/reach_model.hpp"
#include "purkinje/signal/gaze_events.hpp"

namespace purkinje::assess {
namespace {

const ModelFit* find_fit(const std::vector<ModelFit>& fits, const std::string& protocol, const std::string& model) {
    for (const auto& f : fits)
        if (f.protocol == protocol && f.model == model) return &f;
    return nullptr;
}

struct Axis {
    std::string label, unit;
};

FitOverlay overlay_of(const Trial& trial, const ModelFit& stored, std::string title, Axis x, Axis y, std::string method) {
    FitOverlay out;
    out.protocol = trial.protocol;
    out.model = stored.model;
    out.title = std::move(title);
    out.x_label = std::move(x.label);
    out.x_unit = std::move(x.unit);
    out.y_label = std::move(y.label);
    out.y_unit = std::move(y.unit);
    out.method = std::move(method);
    return out;
}

std::optional<FitOverlay> reach_overlay(const Trial& trial, const ModelFit& stored, int max_reaches,
                                        std::vector<std::string>& notes) {
    AnalysisOptions options;
    const auto hand = detail::hand_trace(trial.recording, options, trial.protocol, finger_chase_protocol().min_rate_hz);
    const auto jumps = detail::target_jumps(trial.recording, hand);
    std::vector<model::Reach> reaches;
    for (const auto& p : detail::primary_movements(hand, jumps)) {
        // The same window the analysis fits (finger_chase.cpp).
        auto seg = detail::reach_segment(hand, p.jump, p.primary.onset_s - 0.05, std::min(p.jump.until_s, p.primary.onset_s + 1.5));
        model::Reach r;
        r.start_cm = {p.primary.start_x, p.primary.start_y, 0};
        r.target_cm = {seg.target_x, seg.target_y, 0};
        for (std::size_t i = 0; i < seg.t_s.size(); ++i)
            if (std::isfinite(seg.x_cm[i]) && std::isfinite(seg.y_cm[i])) {
                r.t_s.push_back(seg.t_s[i]);
                r.position_cm.push_back({seg.x_cm[i], seg.y_cm[i], 0});
            }
        if (r.t_s.size() >= 20 && std::hypot(seg.target_x - r.start_cm[0], seg.target_y - r.start_cm[1]) > 2.0)
            reaches.push_back(std::move(r));
    }
    if (reaches.size() < 3) {
        notes.push_back("reach model overlay: fewer than 3 usable reaches in trial " + std::to_string(trial.index + 1));
        return std::nullopt;
    }
    const model::ReachFit fit = model::fit_reach_model(reaches);
    FitOverlay out = overlay_of(trial, stored, "Reach forward model", {"time from the reach's window start", "s"},
                                {"along start -> target", "cm"},
                                "model::fit_reach_model over this trial's " + std::to_string(reaches.size()) +
                                    " primary reaches (the analysis' segmentation); thin: measured, wide: the fitted model");
    for (std::size_t k = 0; k < reaches.size() && int(k) < max_reaches; ++k) {
        const auto& r = reaches[k];
        const double dx = r.target_cm[0] - r.start_cm[0], dy = r.target_cm[1] - r.start_cm[1];
        const double distance = std::hypot(dx, dy);
        OverlayCurve measured, predicted;
        measured.label = "reach " + std::to_string(k + 1) + " (" + std::to_string(int(std::lround(distance))) + " cm)";
        predicted.label = "model, reach " + std::to_string(k + 1);
        predicted.model = true;
        measured.group = predicted.group = int(k);
        for (std::size_t i = 0; i < r.t_s.size(); ++i) {
            const double t = r.t_s[i] - r.t_s.front();
            measured.x.push_back(t);
            measured.y.push_back(((r.position_cm[i][0] - r.start_cm[0]) * dx + (r.position_cm[i][1] - r.start_cm[1]) * dy) / distance);
            predicted.x.push_back(t);
            predicted.y.push_back(fit.predicted_along_cm[k][i]);
        }
        out.curves.push_back(std::move(measured));
        out.curves.push_back(std::move(predicted));
    }
    return out;
}

std::optional<FitOverlay> main_sequence_overlay(const Trial& trial, const ModelFit& stored, std::vector<std::string>& notes) {
    const Channel* gaze = trial.recording.find(names::kGaze);
    const ModelParameter* vmax = stored.parameter("Vmax_dps");
    const ModelParameter* c = stored.parameter("C_deg");
    if (!gaze || gaze->size() < 10 || !vmax || !c || c->value <= 0) {
        notes.push_back("main sequence overlay: trial " + std::to_string(trial.index + 1) + " has no gaze channel or the fit no Vmax, C");
        return std::nullopt;
    }
    OverlayCurve saccades, curve;
    saccades.label = "saccades";
    saccades.points = true;
    for (const auto& e : signal::classify_gaze(*gaze).events)
        if (e.kind == signal::EyeMovement::Saccade) {
            saccades.x.push_back(e.amplitude_deg);
            saccades.y.push_back(e.peak_velocity_deg_s);
        }
    if (saccades.x.empty()) return std::nullopt;
    const double largest = std::max(25.0, *std::max_element(saccades.x.begin(), saccades.x.end()) * 1.1);
    curve.label = "V = Vmax (1 - exp(-A/C))";
    curve.model = true;
    curve.group = 1;
    for (int i = 0; i <= 100; ++i) {
        const double a = largest * i / 100.0;
        curve.x.push_back(a);
        curve.y.push_back(vmax->value * (1 - std::exp(-a / c->value)));
    }
    FitOverlay out = overlay_of(trial, stored, "Main sequence", {"amplitude", "deg"}, {"peak velocity", "deg/s"},
                                "saccades of this trial (signal::classify_gaze) and the session's stored main-sequence fit");
    out.curves = {std::move(saccades), std::move(curve)};
    return out;
}

}  // namespace

std::vector<FitOverlay> fit_overlays(const Trial& trial, const std::vector<ModelFit>& fits, int max_reaches,
                                     std::vector<std::string>* notes) {
    std::vector<std::string> scratch;
    std::vector<std::string>& why = notes ? *notes : scratch;
    std::vector<FitOverlay> out;
    try {
        if (trial.protocol == names::kFingerChase)
            if (const ModelFit* f = find_fit(fits, trial.protocol, "reach_forward_model"))
                if (auto o = reach_overlay(trial, *f, max_reaches, why)) out.push_back(std::move(*o));
        if (trial.protocol == names::kSaccades)
            if (const ModelFit* f = find_fit(fits, trial.protocol, "saccade_main_sequence"))
                if (auto o = main_sequence_overlay(trial, *f, why)) out.push_back(std::move(*o));
    } catch (const Error& e) {
        why.push_back("model overlay of trial " + std::to_string(trial.index + 1) + ": " + e.message());
    }
    return out;
}

}  // namespace purkinje::assess
