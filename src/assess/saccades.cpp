// Visually guided saccades: target steps of 5-20 deg; signal::classify_gaze finds the saccades,
// model::saccade_trial_metrics judges each step (gain, latency, corrective saccades) and
// model::fit_main_sequence fits V = Vmax (1 - exp(-A / C)) (Bahill, Clark & Stark 1975).

#include <cmath>

#include "eye_common.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/model/oculomotor.hpp"
#include "purkinje/signal/gaze_events.hpp"

namespace purkinje::assess {

ProtocolInfo saccades_protocol() {
    ProtocolInfo p;
    p.key = names::kSaccades;
    p.title = "Visually guided saccades";
    p.examiner_instructions =
        "Seat the patient 60 cm from the screen, head on a chin rest or held still, eye camera "
        "focused on one eye. The dot steps 12 times between -20 and +20 deg (some vertical) at "
        "unpredictable times 1.6-2.2 s apart.";
    p.patient_instructions = "Look at the dot. When it jumps, look at it again as quickly as you can.";
    p.view = View::Eye;
    p.channels = {names::kGaze};
    p.min_rate_hz = 60;
    p.recommended_rate_hz = 250;
    p.duration_s = 24;
    p.limits =
        "Needs >= 60 Hz for gain and latency (>= 250 Hz for peak velocity and the main sequence); "
        "infrared lighting without reflections in glasses; drooping lids and mascara disturb the pupil.";
    return p;
}

std::vector<StimulusEvent> saccades_schedule(std::uint64_t seed) {
    auto rng = detail::schedule_rng(seed, 11);
    const double positions[] = {-20, -15, -10, -5, 5, 10, 15, 20};
    std::uniform_int_distribution<int> pick(0, 7);
    std::uniform_real_distribution<double> gap(1.6, 2.2);
    std::vector<StimulusEvent> s{detail::event(0, "target", "h_deg,v_deg", {0, 0})};
    double h = 0, t = 1.0;
    for (int k = 0; k < 12; ++k, t += gap(rng)) {
        double next = h;
        while (next == h) next = positions[pick(rng)];
        h = next;
        s.push_back(detail::event(t, "target", "h_deg,v_deg", {h, k % 4 == 3 ? 10.0 : 0.0}));
    }
    return s;
}

ProtocolAnalysis analyse_saccades(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kSaccades;
    const auto gaze = detail::gaze_trace(recording, out.protocol, saccades_protocol().min_rate_hz);
    const auto classes = detail::classify(gaze);
    const auto targets = detail::gaze_targets(recording, gaze.t_s.back());
    // Each target step as a model::SaccadeTrial: the saccades after it, signed along the step.
    std::vector<double> gain, latency, final_gain, amplitudes, peak_velocities;
    int steps = 0, with_corrective = 0;
    for (std::size_t k = 1; k < targets.size(); ++k) {
        const auto& tg = targets[k];
        const double dx = tg.h_deg - targets[k - 1].h_deg, dy = tg.v_deg - targets[k - 1].v_deg;
        const double step = std::hypot(dx, dy);
        if (step < 1) continue;
        ++steps;
        model::SaccadeTrial trial;
        trial.target_onset_s = tg.t_s;
        trial.target_step_deg = step;
        for (const auto& e : classes.events) {
            if (e.kind != signal::EyeMovement::Saccade || e.onset_s < tg.t_s || e.onset_s >= tg.until_s) continue;
            const double along = ((e.end_x_deg - e.start_x_deg) * dx + (e.end_y_deg - e.start_y_deg) * dy) / step;
            trial.saccades.push_back({e.onset_s, e.offset_s, along, e.peak_velocity_deg_s});
        }
        const auto m = model::saccade_trial_metrics(trial);
        if (!m.gain || !m.latency_ms) continue;
        gain.push_back(*m.gain);
        latency.push_back(*m.latency_ms);
        if (m.final_gain) final_gain.push_back(*m.final_gain);
        with_corrective += m.corrective_saccades > 0;
        for (const auto& sac : trial.saccades)
            if (sac.onset_s >= tg.t_s + *m.latency_ms / 1000 - 1e-9) {
                amplitudes.push_back(std::abs(sac.amplitude_deg));
                peak_velocities.push_back(sac.peak_velocity_dps);
                break;
            }
    }
    detail::FindingList f(out, options);
    const int primaries = int(gain.size());
    f.add("primary_saccades", primaries, "{count}", "adaptive_velocity_threshold_nystrom2010",
          "Primary saccades found (of " + std::to_string(steps) + " target steps)");
    if (primaries == 0) {
        out.notes.push_back("saccades: no primary saccade answered a target step");
        return out;
    }
    const double g = detail::median(gain);
    const double g_sd = detail::sd(gain);
    f.add("saccade_gain", g, "1", "median_primary_gain", "Saccade gain (primary amplitude / target step)",
          primaries > 2 ? std::optional(g - 1.96 * g_sd / std::sqrt(primaries)) : std::nullopt,
          primaries > 2 ? std::optional(g + 1.96 * g_sd / std::sqrt(primaries)) : std::nullopt);
    if (primaries > 2) f.add("saccade_gain_sd", g_sd, "1", "sd_of_primary_gain", "Saccade gain variability");
    if (!final_gain.empty())
        f.add("final_saccade_gain", detail::median(final_gain), "1", "median_primary_plus_corrective_gain",
              "Final gain after corrective saccades");
    f.add("saccade_latency_ms", detail::median(latency), "ms", "median_step_to_primary_onset", "Saccade latency");
    f.add("corrective_saccade_fraction", double(with_corrective) / primaries, "1", "steps_with_corrective_within_500ms",
          "Steps needing a corrective saccade");
    if (options.fit_models && amplitudes.size() >= 5) {
        try {
            auto ms = model::fit_main_sequence(amplitudes, peak_velocities);
            ms.fit.protocol = out.protocol;
            out.fits.push_back(std::move(ms.fit));
        } catch (const Error& e) {
            out.notes.push_back("saccades: main sequence not fitted: " + e.message());
        }
    }
    return out;
}

}  // namespace purkinje::assess
