#include "vestibular_common.hpp"

#include <cmath>

#include "eye_common.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess::detail {
namespace {

std::optional<Impulse> analyse_window(const std::vector<double>& head_v, const std::vector<double>& eye_v,
                                      double rate, double t_peak) {
    for (std::size_t i = 0; i < head_v.size(); ++i)
        if (!std::isfinite(head_v[i]) || !std::isfinite(eye_v[i])) return std::nullopt;  // blink, lost track
    model::HeadImpulseTrace trace;
    trace.sample_rate_hz = rate;
    trace.head_velocity_dps = head_v;
    trace.eye_velocity_dps = eye_v;
    Impulse imp;
    imp.t_s = t_peak;
    imp.analysis = model::analyse_head_impulse(trace);
    imp.rate_hz = rate;
    imp.head_velocity_dps = head_v;
    imp.eye_velocity_dps = eye_v;
    // Head yaw is left-positive: a positive peak turns the head left and tests the left canal.
    imp.side = imp.analysis.direction > 0 ? "left" : "right";
    return imp;
}

}  // namespace

std::vector<Impulse> impulses_from_recording(const Recording& recording, const std::string& protocol) {
    const auto gaze = gaze_trace(recording, protocol, kMinImpulseRateHz);
    const auto head = head_trace(recording, protocol, kMinImpulseRateHz);
    // Head velocity on the gaze samples' times (the eye camera's clock is the analysis grid).
    const auto head_v = resample(head.t_s, head.vx_deg_s, gaze.t_s);
    std::vector<double> cues;
    for (const auto& e : events_of(recording, "head_impulse")) cues.push_back(e.t_s);
    if (cues.empty()) {
        for (std::size_t i = 1; i + 1 < head_v.size(); ++i)
            if (std::abs(head_v[i]) > 100 && std::abs(head_v[i]) >= std::abs(head_v[i - 1]) &&
                std::abs(head_v[i]) > std::abs(head_v[i + 1]) && (cues.empty() || gaze.t_s[i] - cues.back() > 0.5))
                cues.push_back(gaze.t_s[i] - 0.05);
    }
    std::vector<Impulse> out;
    const double rate = gaze.rate_hz;
    for (double cue : cues) {
        std::size_t peak = 0;
        double best = 0;
        for (std::size_t i = 0; i < gaze.t_s.size(); ++i)
            if (gaze.t_s[i] >= cue && gaze.t_s[i] < cue + 0.4 && std::isfinite(head_v[i]) && std::abs(head_v[i]) > best)
                best = std::abs(head_v[i]), peak = i;
        if (best < 50) continue;
        const long before = long(std::lround(0.15 * rate)), after = long(std::lround(0.45 * rate));
        if (long(peak) - before < 0 || peak + std::size_t(after) >= gaze.t_s.size()) continue;
        const auto b = head_v.begin() + (long(peak) - before), e = head_v.begin() + long(peak) + after;
        const auto eb = gaze.vx_deg_s.begin() + (long(peak) - before), ee = gaze.vx_deg_s.begin() + long(peak) + after;
        if (auto imp = analyse_window({b, e}, {eb, ee}, rate, gaze.t_s[peak])) out.push_back(std::move(*imp));
    }
    return out;
}

std::optional<Impulse> impulse_from_velocity_channels(const Recording& recording) {
    const Channel& head = require_channel(recording, names::kHeadVelocity, names::kVhitImport);
    const Channel& eye = require_channel(recording, names::kEyeVelocity, names::kVhitImport);
    const double rate = require_rate(head, kMinImpulseRateHz, names::kVhitImport);
    if (head.size() != eye.size())
        throw_bad_input("vhit_import channels", "head and eye velocity have different lengths", "one sample each");
    return analyse_window(component(head, "yaw"), component(eye, "x"), rate, head.t_s.front());
}

void add_impulse_findings(const std::vector<Impulse>& impulses, FindingList& f, ProtocolAnalysis& out) {
    std::vector<double> mean_auc(2, NAN);
    for (int s = 0; s < 2; ++s) {
        const std::string side = s == 0 ? "left" : "right";
        std::vector<double> g60, auc, reg, first_latency;
        int covert = 0, overt = 0, n = 0;
        for (const auto& imp : impulses) {
            if (imp.side != side || !imp.analysis.artefacts.empty()) continue;
            ++n;
            if (imp.analysis.gain_60ms) g60.push_back(*imp.analysis.gain_60ms);
            if (imp.analysis.gain_auc) auc.push_back(*imp.analysis.gain_auc);
            if (imp.analysis.gain_regression) reg.push_back(*imp.analysis.gain_regression);
            bool has_covert = false, has_overt = false;
            for (const auto& sac : imp.analysis.saccades) {
                if (!sac.compensatory) continue;
                (sac.kind == model::CatchUpKind::Covert ? has_covert : has_overt) = true;
            }
            if (!imp.analysis.saccades.empty()) first_latency.push_back(imp.analysis.saccades.front().latency_ms);
            covert += has_covert, overt += has_overt;
        }
        f.add("impulses_" + side, n, "{count}", "impulses_without_artefact", "Head impulses to the " + side);
        if (n == 0) {
            out.notes.push_back(out.protocol + ": no usable impulse to the " + side);
            continue;
        }
        if (!g60.empty())
            f.add("vor_gain_60ms_" + side, median(g60), "1", "instantaneous_60ms", "VOR gain at 60 ms, " + side);
        if (!auc.empty()) {
            mean_auc[std::size_t(s)] = mean(auc);
            f.add("vor_gain_auc_" + side, median(auc), "1", "auc_desaccaded", "VOR gain (area), " + side);
        }
        if (!reg.empty())
            f.add("vor_gain_regression_" + side, median(reg), "1", "regression_slope_desaccaded",
                  "VOR gain (regression), " + side);
        f.add("covert_saccade_fraction_" + side, double(covert) / n, "1", "covert_before_head_stops",
              "Impulses with covert catch-up saccades, " + side);
        f.add("overt_saccade_fraction_" + side, double(overt) / n, "1", "overt_after_head_stops",
              "Impulses with overt catch-up saccades, " + side);
        if (auto pr = model::pr_score(first_latency))
            f.add("pr_score_" + side, *pr, "%", "pr_score_cv_first_saccade_latency", "PR score, " + side);
    }
    if (std::isfinite(mean_auc[0]) && std::isfinite(mean_auc[1]))
        f.add("gain_asymmetry_percent", 100 * (mean_auc[0] - mean_auc[1]) / (mean_auc[0] + mean_auc[1]), "%",
              "(left-right)/(left+right)_auc", "VOR gain asymmetry (left - right)");
}

}  // namespace purkinje::assess::detail
