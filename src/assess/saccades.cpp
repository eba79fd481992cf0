// Visually guided saccades: target steps of 5-20 deg; gain (primary amplitude / retinal error),
// latency and corrective saccades (saccadic dysmetria, Leigh & Zee, The Neurology of Eye Movements).

#include <cmath>

#include "eye_common.hpp"
#include "purkinje/core/names.hpp"
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
    const Channel& gaze = detail::require_channel(recording, names::kGaze, out.protocol);
    detail::require_rate(gaze, saccades_protocol().min_rate_hz, out.protocol);
    const auto classes = signal::classify_gaze(gaze);
    const auto targets = detail::gaze_targets(recording, gaze.t_s.back());
    std::vector<double> gain, latency, peak_velocity;
    int steps = 0, with_corrective = 0;
    for (std::size_t k = 1; k < targets.size(); ++k) {
        const auto& tg = targets[k];
        ++steps;
        const signal::GazeEvent* primary = nullptr;
        for (const auto& e : classes.events) {
            if (e.kind != signal::EyeMovement::Saccade) continue;
            if (e.onset_s < tg.t_s + 0.08 || e.onset_s >= std::min(tg.t_s + 0.8, tg.until_s)) continue;
            const double ex = tg.h_deg - e.start_x_deg, ey = tg.v_deg - e.start_y_deg;
            const double error = std::hypot(ex, ey);
            if (error < 2) continue;
            const double along = ((e.end_x_deg - e.start_x_deg) * ex + (e.end_y_deg - e.start_y_deg) * ey) / error;
            if (along < 0.3 * error) continue;
            primary = &e;
            gain.push_back(along / error);
            latency.push_back(1000 * (e.onset_s - tg.t_s));
            peak_velocity.push_back(e.peak_velocity_deg_s);
            break;
        }
        if (!primary) continue;
        for (const auto& e : classes.events)
            if (e.kind == signal::EyeMovement::Saccade && e.onset_s > primary->offset_s &&
                e.onset_s < std::min(primary->offset_s + 0.5, tg.until_s) && e.amplitude_deg > 0.5) {
                ++with_corrective;
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
    f.add("saccade_gain", g, "1", "median_primary_amplitude_over_retinal_error", "Saccade gain (primary)",
          primaries > 2 ? std::optional(g - 1.96 * g_sd / std::sqrt(primaries)) : std::nullopt,
          primaries > 2 ? std::optional(g + 1.96 * g_sd / std::sqrt(primaries)) : std::nullopt);
    if (primaries > 2) f.add("saccade_gain_sd", g_sd, "1", "sd_of_primary_gain", "Saccade gain variability");
    f.add("saccade_latency_ms", detail::median(latency), "ms", "median_step_to_primary_onset", "Saccade latency");
    f.add("saccade_peak_velocity_deg_s", detail::median(peak_velocity), "deg/s", "median_primary_peak_velocity",
          "Peak velocity of primary saccades");
    f.add("corrective_saccade_fraction", double(with_corrective) / primaries, "1",
          "steps_with_corrective_within_500ms", "Steps needing a corrective saccade");
    return out;
}

}  // namespace purkinje::assess
