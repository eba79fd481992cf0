#include "hand_common.hpp"

#include <array>
#include <cmath>

#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess::detail {

std::vector<double> along_principal_axis(const std::vector<double>& x, const std::vector<double>& y) {
    const double mx = mean(x), my = mean(y);
    double sxx = 0, syy = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
        const double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx, syy += dy * dy, sxy += dx * dy;
    }
    const double angle = 0.5 * std::atan2(2 * sxy, sxx - syy);
    std::vector<double> along(x.size());
    for (std::size_t i = 0; i < along.size(); ++i) along[i] = (x[i] - mx) * std::cos(angle) + (y[i] - my) * std::sin(angle);
    return along;
}

HandTrace hand_trace(const Recording& recording, const AnalysisOptions& options,
                     const std::string& protocol, double min_rate_hz) {
    const Channel& hand = require_channel(recording, names::kHand, protocol);
    HandTrace out;
    out.rate_hz = require_rate(hand, min_rate_hz, protocol);
    auto p = conditioned_positions(hand, "x", "y", out.rate_hz);
    out.t_s = std::move(p.t_s);
    out.x_cm = std::move(p.x);
    out.y_cm = std::move(p.y);
    for (auto* v : {&out.x_cm, &out.y_cm})
        for (double& s : *v) s *= options.length_unit_to_cm;
    return out;
}

std::vector<TargetJump> target_jumps(const Recording& recording, const HandTrace& hand) {
    std::vector<std::pair<double, std::array<double, 2>>> targets;
    for (const auto& e : events_of(recording, "hand_target"))
        if (e.values.size() >= 2) targets.push_back({e.t_s, {e.values[0], e.values[1]}});
    if (targets.empty()) {
        if (const Channel* target = recording.find(names::kTarget); target && !target->empty()) {
            const auto& x = target->component("x");
            const auto& y = target->component("y");
            for (std::size_t i = 0; i < target->size(); ++i)
                if (i == 0 || x[i] != x[i - 1] || y[i] != y[i - 1])
                    targets.push_back({target->t_s[i], {double(x[i]), double(y[i])}});
        }
    }
    std::vector<TargetJump> jumps;
    const double end_s = hand.t_s.empty() ? 0.0 : hand.t_s.back();
    for (std::size_t k = 1; k < targets.size(); ++k) {
        TargetJump j;
        j.t_s = targets[k].first;
        j.x_cm = targets[k].second[0];
        j.y_cm = targets[k].second[1];
        j.from_x_cm = targets[k - 1].second[0];
        j.from_y_cm = targets[k - 1].second[1];
        j.until_s = k + 1 < targets.size() ? targets[k + 1].first : end_s;
        if (j.t_s < end_s) jumps.push_back(j);
    }
    return jumps;
}

std::vector<Pointing> primary_movements(const HandTrace& hand, const std::vector<TargetJump>& jumps) {
    // Low-pass at 3 Hz before segmenting: an intention tremor (3-5 Hz) otherwise keeps the speed
    // above the offset threshold and runs every movement into the next; the endpoint is then the
    // position the tremor oscillates about, which is what a rater reads as the miss.
    signal::ReachOptions options;
    options.lowpass_hz = 3;
    const auto reaches = signal::segment_reaches(hand.t_s, hand.x_cm, hand.y_cm, options);
    std::vector<Pointing> out;
    for (const auto& jump : jumps) {
        const double distance = std::hypot(jump.x_cm - jump.from_x_cm, jump.y_cm - jump.from_y_cm);
        for (const auto& r : reaches) {
            // A movement answers this jump when its speed peaks after the jump (a visual reaction
            // takes > 100 ms) and before the next one, and it covers a third of the way.
            // (An ongoing tremor may join the movement to the hold before it, so the onset is free.)
            if (r.peak_s < jump.t_s + 0.15 || r.peak_s >= jump.until_s) continue;
            if (r.straight_distance < distance / 3) continue;
            Pointing p;
            p.jump = jump;
            p.primary = r;
            p.endpoint_error_cm = std::hypot(r.end_x - jump.x_cm, r.end_y - jump.y_cm);
            const double ux = (jump.x_cm - jump.from_x_cm) / distance, uy = (jump.y_cm - jump.from_y_cm) / distance;
            p.overshoot_cm = (r.end_x - jump.x_cm) * ux + (r.end_y - jump.y_cm) * uy;
            p.reaction_time_ms = 1000 * (r.onset_s - jump.t_s);
            out.push_back(p);
            break;
        }
    }
    return out;
}

ReachSegment reach_segment(const HandTrace& hand, const TargetJump& jump, double from_s, double to_s) {
    ReachSegment s;
    s.start_x = jump.from_x_cm;
    s.start_y = jump.from_y_cm;
    s.target_x = jump.x_cm;
    s.target_y = jump.y_cm;
    for (std::size_t i = 0; i < hand.t_s.size(); ++i) {
        if (hand.t_s[i] < from_s || hand.t_s[i] > to_s) continue;
        s.t_s.push_back(hand.t_s[i]);
        s.x_cm.push_back(hand.x_cm[i]);
        s.y_cm.push_back(hand.y_cm[i]);
    }
    return s;
}

}  // namespace purkinje::assess::detail

namespace purkinje::assess::detail {

int pointings_made(const HandTrace& hand, const std::vector<TargetJump>& jumps) {
    int made = 0;
    for (const auto& jump : jumps) {
        const double distance = std::hypot(jump.x_cm - jump.from_x_cm, jump.y_cm - jump.from_y_cm);
        double closest = distance;
        for (std::size_t i = 0; i < hand.t_s.size(); ++i)
            if (hand.t_s[i] >= jump.t_s && hand.t_s[i] < jump.until_s && std::isfinite(hand.x_cm[i]))
                closest = std::min(closest, std::hypot(hand.x_cm[i] - jump.x_cm, hand.y_cm[i] - jump.y_cm));
        made += closest < distance / 3;
    }
    return made;
}

}  // namespace purkinje::assess::detail
