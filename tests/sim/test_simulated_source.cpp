#include <doctest/doctest.h>

#include <opencv2/core.hpp>

#include "purkinje/sim/simulated_source.hpp"

using namespace purkinje;
using namespace purkinje::sim;

namespace {
SimulationConfig eye_config(std::uint64_t seed) {
    SimulationConfig c;
    c.task = Task::Saccades;
    c.size = {192, 192};
    c.fps = 120;
    c.seconds = 1.0;
    c.seed = seed;
    return c;
}
std::vector<double> frame_sums(SimulatedSource& source) {
    std::vector<double> sums;
    while (auto f = source.next()) sums.push_back(cv::sum(f->image)[0] + 1e-3 * double(f->index));
    return sums;
}
}  // namespace

TEST_CASE("SimulatedSource: the same seed gives the same frames and truth") {
    SimulatedSource a(eye_config(5)), b(eye_config(5)), c(eye_config(6));
    CHECK(frame_sums(a) == frame_sums(b));
    CHECK(a.movements().truth == b.movements().truth);
    CHECK(frame_sums(c) != frame_sums(a));
    CHECK(a.state() == capture::SourceState::Ended);
}

TEST_CASE("SimulatedSource: one frame per period, drops leave gaps in the index") {
    SimulationConfig cfg = eye_config(1);
    SimulatedSource plain(cfg);
    CHECK(plain.frame_indices().size() == 120);
    CHECK(plain.frame_times_s()[60] == doctest::Approx(0.5));

    cfg.drop_probability = 0.2;
    cfg.timestamp_jitter_ms = 1.0;
    SimulatedSource lossy(cfg);
    const auto& idx = lossy.frame_indices();
    CHECK(idx.size() < 115);
    CHECK(idx.size() > 80);
    for (std::size_t k = 1; k < idx.size(); ++k) {
        CHECK(idx[k] > idx[k - 1]);
        CHECK(lossy.frame_times_s()[k] > lossy.frame_times_s()[k - 1]);
    }
    auto f = lossy.next();
    REQUIRE(f);
    CHECK(f->image.type() == CV_8UC1);
    CHECK(f->image.size() == cv::Size(192, 192));
    CHECK(lossy.last_truth().index == f->index);
}

TEST_CASE("SimulatedSource: frame truth follows the eye truth channel") {
    SimulatedSource source(eye_config(3));
    const Channel& eye = source.movements().truth.at("eye_truth");
    while (auto f = source.next()) {
        CHECK(source.last_truth().eye.gaze_h_deg == doctest::Approx(sample_truth(eye, 0, f->t_s)));
    }
}
