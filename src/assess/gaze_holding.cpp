// Gaze holding: eccentric targets held for several seconds; a leaky neural integrator lets the eye
// drift back toward the centre (gaze-evoked nystagmus); model::fit_gaze_holding fits its time constant.

#include <cmath>

#include "eye_common.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/model/oculomotor.hpp"
#include "purkinje/signal/gaze_events.hpp"

namespace purkinje::assess {

ProtocolInfo gaze_holding_protocol() {
    ProtocolInfo p;
    p.key = names::kGazeHolding;
    p.title = "Gaze holding (gaze-evoked nystagmus)";
    p.examiner_instructions =
        "Head still. The dot sits in the centre, then 20 deg right for 6 s, centre, 20 deg left for "
        "6 s. Watch for beats toward the eccentric dot (quick phases) and drift back.";
    p.patient_instructions = "Look at the dot and keep looking at it while it stays out to the side.";
    p.view = View::Eye;
    p.channels = {names::kGaze};
    p.min_rate_hz = 30;
    p.recommended_rate_hz = 120;
    p.duration_s = 16;
    p.limits =
        "Needs >= 30 Hz; calibration errors at 20 deg bias the eccentricity; lids and lashes cover "
        "the pupil in extreme gaze; a time constant above ~100 s cannot be told from drift noise in 6 s.";
    return p;
}

std::vector<StimulusEvent> gaze_holding_schedule(std::uint64_t) {
    return {detail::event(0, "target", "h_deg,v_deg", {0, 0}), detail::event(1.5, "target", "h_deg,v_deg", {20, 0}),
            detail::event(7.5, "target", "h_deg,v_deg", {0, 0}), detail::event(9.0, "target", "h_deg,v_deg", {-20, 0})};
}

ProtocolAnalysis analyse_gaze_holding(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kGazeHolding;
    const auto gaze = detail::gaze_trace(recording, out.protocol, gaze_holding_protocol().min_rate_hz);
    const auto classes = detail::classify(gaze);
    const auto targets = detail::gaze_targets(recording, gaze.t_s.back());
    // Segments of slow eye movement (between saccades) while each target is held, 1 s after it
    // appeared; the central ones pin the null position, the eccentric ones the leak.
    std::vector<model::GazeHoldSegment> segments;
    std::vector<double> drift, beats_per_s;
    for (const auto& tg : targets) {
        const double ecc = std::hypot(tg.h_deg, tg.v_deg);
        if (tg.until_s - tg.t_s < 1.5 || std::abs(tg.v_deg) > 1) continue;
        const double from = tg.t_s + 1.0, to = tg.until_s;
        model::GazeHoldSegment seg;
        auto flush = [&] {
            if (seg.t_s.size() >= std::size_t(0.2 * gaze.rate_hz)) segments.push_back(seg);
            seg = {};
        };
        std::vector<double> centripetal;
        for (std::size_t i = 0; i < gaze.t_s.size(); ++i) {
            if (gaze.t_s[i] < from || gaze.t_s[i] >= to) continue;
            const auto label = classes.labels[i];
            const bool slow = label == signal::EyeMovement::Fixation || label == signal::EyeMovement::SmoothPursuit;
            if (!slow || !std::isfinite(gaze.x_deg[i])) {
                flush();
                continue;
            }
            seg.t_s.push_back(gaze.t_s[i]);
            seg.position_deg.push_back(gaze.x_deg[i]);
            if (ecc >= 10) centripetal.push_back(-gaze.vx_deg_s[i] * (tg.h_deg > 0 ? 1 : -1));
        }
        flush();
        if (ecc < 10) continue;
        int beats = 0;
        for (const auto& e : classes.events)
            if (e.kind == signal::EyeMovement::Saccade && e.onset_s >= from && e.onset_s < to) ++beats;
        drift.push_back(detail::median(centripetal));
        beats_per_s.push_back(beats / (to - from));
    }
    if (drift.empty())
        throw_bad_input("gaze_holding events", "no eccentric horizontal target (>= 10 deg, >= 1.5 s) with usable gaze",
                        "'target' events at >= 10 deg held >= 1.5 s");
    detail::FindingList f(out, options);
    f.add("centripetal_drift_deg_s", detail::mean(drift), "deg/s", "median_slow_phase_velocity_toward_centre",
          "Centripetal drift at the eccentric targets");
    f.add("gaze_evoked_beats_per_s", detail::mean(beats_per_s), "1/s", "classify_gaze_saccades_during_hold",
          "Gaze-evoked nystagmus beats per second");
    try {
        auto fit = model::fit_gaze_holding(segments);
        fit.fit.protocol = out.protocol;
        if (fit.time_constant_s) {
            const auto* tau = fit.fit.parameter("tau_s");
            f.add("integrator_time_constant_s", *fit.time_constant_s, "s", "leaky_integrator_drift_on_eccentricity",
                  "Neural integrator time constant", tau ? tau->ci_low : std::nullopt, tau ? tau->ci_high : std::nullopt);
        } else {
            out.notes.push_back("gaze_holding: no measurable leak of the neural integrator (time constant not identifiable)");
        }
        out.fits.push_back(std::move(fit.fit));
    } catch (const Error& e) {
        out.notes.push_back("gaze_holding: leaky integrator not fitted: " + e.message());
    }
    return out;
}

}  // namespace purkinje::assess
