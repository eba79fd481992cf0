// Pupil tracker against the virtual patient's infrared eye camera (sim), the acceptance figures
// of issue 5 (docs/validation.md, ## track). The test joins sim and track; src/track never
// includes sim.

#include <algorithm>
#include <cmath>
#include <vector>

#include <doctest/doctest.h>

#include "purkinje/sim/movements.hpp"
#include "purkinje/sim/simulated_source.hpp"
#include "purkinje/track/pupil.hpp"

using namespace purkinje;

namespace {

struct SimScore {
    std::vector<double> errors_px;  // frames the truth does not call a blink (not found = infinite)
    int blink_frames = 0, blink_frames_found = 0;
    int blinks = 0, blinks_found = 0;  // blink events (runs of blink frames)
    int false_blinks = 0;
    double share_within(double px) const {
        return static_cast<double>(std::count_if(errors_px.begin(), errors_px.end(), [&](double e) { return e <= px; })) /
               errors_px.size();
    }
    double quantile(double q) const {
        std::vector<double> e = errors_px;
        std::sort(e.begin(), e.end());
        return e[static_cast<std::size_t>(q * (e.size() - 1))];
    }
};

SimScore run(sim::SimulationConfig config) {
    sim::SimulatedSource source(config);
    track::PupilTracker tracker;
    SimScore score;
    bool in_blink = false, found_in_this_blink = false;
    while (auto frame = source.next()) {
        const track::PupilResult r = tracker.track(frame->image, frame->index);
        const auto& truth = source.last_truth().eye;
        if (truth.blink) {
            ++score.blink_frames;
            const bool found = r.state == track::TrackState::Blink;
            if (found) ++score.blink_frames_found;
            if (!in_blink) ++score.blinks, found_in_this_blink = false;
            found_in_this_blink = found_in_this_blink || found;
            in_blink = true;
        } else {
            if (in_blink && found_in_this_blink) ++score.blinks_found;
            in_blink = false;
            if (r.state == track::TrackState::Blink) ++score.false_blinks;
            score.errors_px.push_back(r.found_ellipse && r.state != track::TrackState::Blink
                                          ? std::hypot(r.centre_px.x - truth.pupil_centre_px.x, r.centre_px.y - truth.pupil_centre_px.y)
                                          : INFINITY);
        }
    }
    if (in_blink && found_in_this_blink) ++score.blinks_found;
    return score;
}

}  // namespace

TEST_CASE("pupil vs sim: clean 320x240 frames, median error <= 0.25 px, 95th percentile <= 1 px") {
    sim::SimulationConfig config;
    config.task = sim::Task::Saccades;
    config.size = {320, 240};
    config.fps = 120;
    config.seconds = 2;
    config.seed = 4;
    config.eye = sim::EyeRenderSettings::clean(config.size);
    const SimScore s = run(config);
    MESSAGE("clean: frames ", s.errors_px.size(), ", median ", s.quantile(0.5), " px, p95 ", s.quantile(0.95), " px");
    CHECK(s.quantile(0.5) <= 0.25);
    CHECK(s.quantile(0.95) <= 1.0);
}

TEST_CASE("pupil vs sim: glints, lids, lashes, noise and blur at demo strength: >= 95% within 2 px, blink recall >= 0.95") {
    SimScore total;
    for (auto [task, seed] : {std::pair{sim::Task::Fixation, 11}, std::pair{sim::Task::Saccades, 4}}) {
        sim::SimulationConfig config;
        config.task = task;
        config.size = {320, 240};
        config.fps = 120;
        config.seconds = 3;
        config.seed = static_cast<std::uint64_t>(seed);
        // Blinks on command every 0.8 s on top of the task's own schedule (and spontaneous blinks).
        config.schedule = sim::default_schedule(task, config.seconds, config.seed);
        for (double t = 0.4; t < config.seconds - 0.3; t += 0.8) config.schedule.push_back({t, "blink", "", {}});
        std::sort(config.schedule.begin(), config.schedule.end(),
                  [](const StimulusEvent& a, const StimulusEvent& b) { return a.t_s < b.t_s; });
        const SimScore s = run(config);
        total.errors_px.insert(total.errors_px.end(), s.errors_px.begin(), s.errors_px.end());
        total.blink_frames += s.blink_frames, total.blink_frames_found += s.blink_frames_found;
        total.blinks += s.blinks, total.blinks_found += s.blinks_found, total.false_blinks += s.false_blinks;
    }
    MESSAGE("demo strength: frames ", total.errors_px.size(), ", within 2 px ", total.share_within(2.0), ", median ",
            total.quantile(0.5), " px; blinks ", total.blinks_found, "/", total.blinks, ", blink frames ",
            total.blink_frames_found, "/", total.blink_frames, ", false blink frames ", total.false_blinks);
    CHECK(total.share_within(2.0) >= 0.95);
    REQUIRE(total.blinks > 0);
    CHECK(static_cast<double>(total.blinks_found) / total.blinks >= 0.95);
    // Frame by frame the edges of a blink (lid half down) are ambiguous: reported, held at 0.8.
    CHECK(static_cast<double>(total.blink_frames_found) / total.blink_frames >= 0.8);
}
