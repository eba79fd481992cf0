// Gaze holding: eccentric targets held for several seconds; a leaky neural integrator lets the eye
// drift back toward the centre (gaze-evoked nystagmus). Its time constant is the eccentricity over
// the centripetal drift velocity (Leigh & Zee, The Neurology of Eye Movements, gaze holding).

#include <cmath>

#include "eye_common.hpp"
#include "purkinje/core/names.hpp"
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
    const auto classes = signal::classify_gaze(recording.at(names::kGaze));
    const auto targets = detail::gaze_targets(recording, gaze.t_s.back());
    std::vector<double> tau, drift, beats_per_s;
    for (const auto& tg : targets) {
        const double ecc = std::hypot(tg.h_deg, tg.v_deg);
        if (ecc < 10 || tg.until_s - tg.t_s < 3) continue;
        const double ux = tg.h_deg / ecc, uy = tg.v_deg / ecc;
        const double from = tg.t_s + 1.0, to = tg.until_s;
        std::vector<double> centripetal, position;
        for (std::size_t i = 0; i < gaze.t_s.size(); ++i) {
            if (gaze.t_s[i] < from || gaze.t_s[i] >= to) continue;
            const auto label = classes.labels[i];
            if (label != signal::EyeMovement::Fixation && label != signal::EyeMovement::SmoothPursuit) continue;
            centripetal.push_back(-(gaze.vx_deg_s[i] * ux + gaze.vy_deg_s[i] * uy));
            position.push_back(gaze.x_deg[i] * ux + gaze.y_deg[i] * uy);
        }
        int beats = 0;
        for (const auto& e : classes.events)
            if (e.kind == signal::EyeMovement::Saccade && e.onset_s >= from && e.onset_s < to) ++beats;
        if (centripetal.size() < 10) continue;
        const double v = detail::median(centripetal), e = detail::median(position);
        drift.push_back(v);
        beats_per_s.push_back(beats / (to - from));
        // A drift below 0.05 deg/s is within fixational noise: the integrator is then not leaky
        // enough to measure here, and the time constant is capped at e / 0.05.
        tau.push_back(e / std::max(v, 0.05));
    }
    if (tau.empty())
        throw_bad_input("gaze_holding events", "no eccentric target (>= 10 deg, >= 3 s) with usable gaze",
                        "'target' events at >= 10 deg held >= 3 s");
    detail::FindingList f(out, options);
    f.add("centripetal_drift_deg_s", detail::mean(drift), "deg/s", "median_slow_phase_velocity_toward_centre",
          "Centripetal drift at 20 deg");
    f.add("integrator_time_constant_s", detail::median(tau), "s", "eccentricity_over_centripetal_drift",
          "Neural integrator time constant");
    f.add("gaze_evoked_beats_per_s", detail::mean(beats_per_s), "1/s", "classify_gaze_saccades_during_hold",
          "Gaze-evoked nystagmus beats per second");
    return out;
}

}  // namespace purkinje::assess
