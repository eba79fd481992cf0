// Head impulse test (HIT): passive, small (10-20 deg), fast (150-250 deg/s) head turns while the
// patient fixates; VOR gain by every published definition and catch-up saccades.

#include <algorithm>
#include <random>

#include "vestibular_common.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

ProtocolInfo head_impulse_protocol() {
    ProtocolInfo p;
    p.key = names::kHeadImpulse;
    p.title = "Head impulse test (vHIT)";
    p.examiner_instructions =
        "Stand behind the patient, hands on the jaw or headband, and turn the head 10-20 deg abruptly "
        "and unpredictably left or right (peak 150-250 deg/s), 10 times each side, returning slowly. "
        "Eye camera at >= 100 Hz (goggles at 250 Hz); head velocity from the headband or the goggle's gyroscope.";
    p.patient_instructions = "Keep looking at the dot on the wall, whatever I do with your head.";
    p.view = View::Eye;
    p.channels = {names::kGaze, names::kHead};
    p.min_rate_hz = detail::kMinImpulseRateHz;
    p.recommended_rate_hz = 250;
    p.duration_s = 24;
    p.limits =
        "Refused below 100 Hz: an impulse lasts ~150 ms and the 60 ms gain needs several samples "
        "inside it. Goggle slip inflates gains; glasses cannot be worn under goggles; lashes and "
        "lids hide the pupil in downward gaze.";
    return p;
}

std::vector<StimulusEvent> head_impulse_schedule(std::uint64_t seed) {
    auto rng = detail::schedule_rng(seed, 13);
    std::uniform_real_distribution<double> gap(1.6, 2.2), peak(170, 230);
    std::vector<int> sides(12);
    for (std::size_t k = 0; k < sides.size(); ++k) sides[k] = k % 2 ? 1 : -1;
    std::shuffle(sides.begin(), sides.end(), rng);
    std::vector<StimulusEvent> s{detail::event(0, "target", "h_deg,v_deg", {0, 0})};
    double t = 1.0;
    for (int side : sides) {
        s.push_back(detail::event(t, "head_impulse", "direction,peak_deg_s,duration_ms", {double(side), peak(rng), 150}));
        t += gap(rng);
    }
    return s;
}

ProtocolAnalysis analyse_head_impulse(const Recording& recording, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kHeadImpulse;
    const auto impulses = detail::impulses_from_recording(recording, out.protocol);
    detail::FindingList f(out, options);
    detail::add_impulse_findings(impulses, f, out);
    return out;
}

}  // namespace purkinje::assess
