#include "purkinje/assess/fit_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "eye_sinusoid.hpp"
#include "hand_common.hpp"
#include "vestibular_common.hpp"
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

// `model`: the stored fit's name, or the picture's own for pictures of data without a stored fit.
FitOverlay overlay_of(const Trial& trial, std::string model, std::string title, Axis x, Axis y, std::string method) {
    FitOverlay out;
    out.protocol = trial.protocol;
    out.model = std::move(model);
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
    FitOverlay out = overlay_of(trial, stored.model, "Reach forward model", {"time from the reach's window start", "s"},
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
    FitOverlay out = overlay_of(trial, stored.model, "Main sequence", {"amplitude", "deg"}, {"peak velocity", "deg/s"},
                                "saccades of this trial (signal::classify_gaze) and the session's stored main-sequence fit");
    out.curves = {std::move(saccades), std::move(curve)};
    return out;
}

// vHIT's picture: per side, every impulse's head velocity with the eye velocity inverted onto it (a VOR
// gain of 1 lays the eye on the head), against time from the impulse's onset, catch-up saccades marked at
// their peaks. The impulses and their windows are the analysis' own (detail::impulses_from_recording).
std::vector<FitOverlay> impulse_overlays(const Trial& trial, std::vector<std::string>& notes) {
    const auto impulses = detail::impulses_from_recording(trial.recording, trial.protocol);
    std::vector<FitOverlay> out;
    for (const std::string side : {"left", "right"}) {
        FitOverlay o = overlay_of(trial, "head_impulse_traces", "", {"time from head impulse onset", "ms"}, {"velocity", "deg/s"}, "");
        OverlayCurve saccades;
        saccades.label = "catch-up saccades (peak)";
        saccades.points = true;
        saccades.group = 2;
        std::vector<double> gains;
        int excluded = 0;
        for (const auto& imp : impulses) {
            if (imp.side != side) continue;
            if (!imp.analysis.artefacts.empty()) {
                ++excluded;
                continue;
            }
            if (imp.analysis.gain_auc) gains.push_back(*imp.analysis.gain_auc);
            const double dt_ms = 1000.0 / imp.rate_hz, sign = imp.analysis.direction;
            OverlayCurve head, eye;
            head.group = 0;
            eye.group = 1;
            if (o.curves.empty()) head.label = "head velocity", eye.label = "eye velocity (inverted)";
            for (std::size_t i = 0; i < imp.head_velocity_dps.size(); ++i) {
                const double t = double(i) * dt_ms - imp.analysis.onset_time_ms;
                head.x.push_back(t), head.y.push_back(sign * imp.head_velocity_dps[i]);
                eye.x.push_back(t), eye.y.push_back(sign * imp.eye_velocity_dps[i]);
            }
            for (const auto& sac : imp.analysis.saccades) {
                const auto at = std::lround((imp.analysis.onset_time_ms + sac.peak_latency_ms) / dt_ms);
                if (at < 0 || std::size_t(at) >= imp.eye_velocity_dps.size()) continue;
                saccades.x.push_back(sac.peak_latency_ms);
                saccades.y.push_back(sign * imp.eye_velocity_dps[std::size_t(at)]);
            }
            o.curves.push_back(std::move(head));
            o.curves.push_back(std::move(eye));
        }
        if (o.curves.empty()) continue;
        std::sort(gains.begin(), gains.end());
        char title[160];
        std::snprintf(title, sizeof title, "%zu impulses to the %s, gain %.2f (area, median)", o.curves.size() / 2, side.c_str(),
                      gains.empty() ? NAN : 0.5 * (gains[(gains.size() - 1) / 2] + gains[gains.size() / 2]));
        o.title = title;
        o.method = "the analysis' impulses (peak -150 ms to +450 ms, model::analyse_head_impulse): head yaw velocity and the eye "
                   "velocity from the gaze channel, both signed so that the head's peak is positive (a gain of 1 lays "
                   "the eye on the head)" +
                   (excluded ? "; " + std::to_string(excluded) + " impulse(s) with artefacts left out" : std::string());
        if (!saccades.x.empty()) o.curves.push_back(std::move(saccades));
        out.push_back(std::move(o));
    }
    if (out.empty()) notes.push_back("head impulse traces: no usable impulse in trial " + std::to_string(trial.index + 1));
    return out;
}

// The sinusoidal rotation's picture: head velocity and the eye velocity the gain was fitted to (saccades,
// PSO and blinks taken out), against time, over the analysed window. In the stored conventions (head yaw
// positive to the left, gaze x to the right) a compensatory eye moves with the head's sign, so a gain of 1
// lays the eye on the head (VOR) and a cancelled VOR leaves the eye flat (VOR cancellation).
FitOverlay head_sine_overlay(const Trial& trial) {
    const auto r = detail::head_sine_response(trial.recording, trial.protocol);
    FitOverlay o = overlay_of(trial, "head_sine_traces", "", {"time", "s"}, {"velocity", "deg/s"}, "");
    char title[160];
    std::snprintf(title, sizeof title, "Eye against head velocity at %.2g Hz: gain %.2f, phase %+.0f deg", r.fit.frequency_hz,
                  r.fit.gain, r.fit.phase_deg);
    o.title = title;
    OverlayCurve head, eye;
    head.label = "head velocity";
    eye.label = "eye velocity (saccades removed)";
    eye.group = 1;
    head.x = r.t_s, head.y = r.drive_velocity_dps;
    eye.x = r.t_s, eye.y = r.eye_velocity_dps;
    o.curves = {std::move(head), std::move(eye)};
    o.method = "the analysis' window (the head_sine event from half a cycle in) and eye velocity (gaze x, saccades, PSO and "
               "blinks +-20 ms removed); gain and phase of the least-squares sinusoid at the stimulus frequency (" +
               r.fit.definition + "_desaccaded)";
    return o;
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
        if (trial.protocol == names::kHeadImpulse)
            for (auto& o : impulse_overlays(trial, why)) out.push_back(std::move(o));
        if (trial.protocol == names::kVorSinusoidal || trial.protocol == names::kVorCancellation)
            out.push_back(head_sine_overlay(trial));
    } catch (const Error& e) {
        why.push_back("model overlay of trial " + std::to_string(trial.index + 1) + ": " + e.message());
    }
    return out;
}

}  // namespace purkinje::assess
