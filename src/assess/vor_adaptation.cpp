// VOR adaptation: head impulses in blocks, pre (normal viewing), adaptation (x2: the target moves
// against the head by the measured head velocity, demanding gain 2; x0: with the head, gain 0) and
// post; the trial-by-trial gain is fitted by the two-state model (Smith, Ghazizadeh & Shadmehr 2006).

#include <random>

#include "vestibular_common.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/model/two_state.hpp"

namespace purkinje::assess {

ProtocolInfo vor_adaptation_protocol() {
    ProtocolInfo p;
    p.key = names::kVorAdaptation;
    p.title = "VOR adaptation (x2 / x0 viewing)";
    p.examiner_instructions =
        "Head impulses as for the head impulse test, in three blocks: pre (6, normal viewing), "
        "adaptation (24: the stimulus window moves the dot by the measured head velocity, against the "
        "head for x2, with it for x0) and post (6, normal viewing). Needs live head velocity.";
    p.patient_instructions = "Keep looking at the dot, even when it moves with your head turns.";
    p.view = View::Eye;
    p.channels = {names::kGaze, names::kHead};
    p.min_rate_hz = detail::kMinImpulseRateHz;
    p.recommended_rate_hz = 250;
    p.duration_s = 38;
    p.limits = "As for head impulses (>= 100 Hz); the dot's motion needs head velocity with < 20 ms delay.";
    return p;
}

std::vector<StimulusEvent> vor_adaptation_schedule(std::uint64_t seed) {
    auto rng = detail::schedule_rng(seed, 17);
    std::uniform_real_distribution<double> gap(0.95, 1.15), peak(170, 230);
    std::bernoulli_distribution left(0.5);
    std::vector<StimulusEvent> s{detail::event(0, "target", "h_deg,v_deg", {0, 0})};
    double t = 0.8;
    const struct { const char* label; double demanded; int impulses; } blocks[] = {
        {"pre", 1, 6}, {"adapt x2", 2, 24}, {"post", 1, 6}};
    for (const auto& b : blocks) {
        s.push_back(detail::event(t - 0.3, "block", b.label, {}));
        s.push_back(detail::event(t - 0.3, "vor_viewing", "demanded_gain", {b.demanded}));
        for (int k = 0; k < b.impulses; ++k, t += gap(rng))
            s.push_back(detail::event(t, "head_impulse", "direction,peak_deg_s,duration_ms",
                                      {left(rng) ? 1.0 : -1.0, peak(rng), 150}));
    }
    return s;
}

ProtocolAnalysis analyse_vor_adaptation(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kVorAdaptation;
    const auto impulses = detail::impulses_from_recording(recording, out.protocol);
    const auto viewing = detail::events_of(recording, "vor_viewing");
    auto demanded_at = [&](double t) {
        double g = 1;
        for (const auto& v : viewing)
            if (v.t_s <= t && !v.values.empty()) g = v.values[0];
        return g;
    };
    model::AdaptationSeries series;
    std::vector<double> gain, pre;
    bool adapted = false;
    double adapt_demand = 1;
    for (const auto& imp : impulses) {
        const double g = imp.analysis.gain_auc.value_or(NAN);
        const double d = demanded_at(imp.t_s);
        gain.push_back(g);
        series.perturbation.push_back(d - 1);
        if (d != 1) adapted = true, adapt_demand = d;
        if (!adapted) pre.push_back(g);
    }
    detail::FindingList f(out, options);
    const double baseline = detail::median(pre);
    f.add("impulses", double(impulses.size()), "{count}", "impulses_analysed", "Impulses in all blocks");
    if (!std::isfinite(baseline) || !adapted) {
        out.notes.push_back("vor_adaptation: needs impulses before and during an adaptation block");
        return out;
    }
    std::vector<double> during;
    for (std::size_t n = 0; n < gain.size(); ++n)
        if (series.perturbation[n] != 0) during.push_back(gain[n]);
    const std::size_t tail = std::min<std::size_t>(5, during.size());
    const double adapted_gain = detail::median({during.end() - long(tail), during.end()});
    f.add("baseline_gain", baseline, "1", "median_auc_gain_pre_block", "VOR gain before adaptation");
    f.add("adapted_gain", adapted_gain, "1", "median_auc_gain_last5_adaptation", "VOR gain at the end of adaptation");
    f.add("gain_change_percent", 100 * (adapted_gain - baseline) / baseline, "%", "(adapted-baseline)/baseline",
          std::string("Adaptive gain change (demanded x") + (adapt_demand > 1 ? "2" : "0") + ")");
    for (double g : gain) series.adaptation.push_back(g - baseline);
    if (options.fit_models) {
        try {
            model::TwoStateOptions o;
            o.bootstrap_resamples = options.bootstrap_resamples;
            auto fit = model::fit_two_state(series, o);
            fit.fit.protocol = out.protocol;
            out.fits.push_back(fit.fit);
            if (fit.derived.measured_aftereffect)
                f.add("aftereffect_gain", *fit.derived.measured_aftereffect, "1",
                      "first_post_trial_minus_baseline", "Aftereffect (first post-adaptation trial)");
            f.add("adaptation_extent", fit.derived.adaptation_extent, "1", "two_state_steady_state_fraction",
                  "Adaptation extent (two-state model)");
        } catch (const Error& e) {
            out.notes.push_back("vor_adaptation: two-state model not fitted: " + e.message());
        }
    }
    return out;
}

}  // namespace purkinje::assess
