#include <algorithm>
#include <cmath>
#include <vector>

#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/track/pupil.hpp"
#include "synthetic_eye.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using namespace purkinje::track;
using testing::SyntheticEye;

namespace {
double centre_error(const PupilResult& r, const SyntheticEye& e) {
    return std::hypot(r.centre_px.x - e.centre.x, r.centre_px.y - e.centre.y);
}
}  // namespace

TEST_CASE("pupil: sub-pixel centre and diameter on a clean synthetic eye") {
    std::vector<double> errors;
    for (int i = 0; i < 20; ++i) {
        SyntheticEye e;
        e.centre = {120.0 + 4.37 * i, 100.0 + 1.91 * i};
        e.radius_x = 20 + 0.7 * i, e.radius_y = 0.85 * e.radius_x, e.angle_deg = 9.0 * i;
        e.seed = static_cast<unsigned>(i + 1);
        const PupilResult r = detect_pupil(render_eye(e), PupilParams{});
        REQUIRE(r.state == TrackState::Tracked);
        CHECK(r.confidence > 0.8);
        CHECK(r.diameter_px == doctest::Approx(2 * e.radius_x).epsilon(0.03));
        errors.push_back(centre_error(r, e));
    }
    std::sort(errors.begin(), errors.end());
    CHECK(errors[errors.size() / 2] < 0.15);
    CHECK(errors.back() < 0.5);
}

TEST_CASE("pupil: glints, an eyelid over the top and noise leave the centre within a pixel") {
    SyntheticEye e;
    e.glints = 3;
    e.noise_sigma = 4;
    e.eyelid_y = e.centre.y - 0.6 * e.radius_y;  // covers the top fifth of the pupil
    const PupilResult r = detect_pupil(render_eye(e), PupilParams{});
    REQUIRE(r.found_ellipse);
    CHECK(centre_error(r, e) < 1.0);
    CHECK(r.confidence < 0.95);  // part of the border is hidden: less than full confidence
}

TEST_CASE("pupil: a closed eye is a blink, a pupil leaving the frame is out of view") {
    PupilTracker tracker;
    SyntheticEye open;
    REQUIRE(tracker.track(render_eye(open), 0).state == TrackState::Tracked);
    SyntheticEye closed = open;
    closed.eyelid_y = open.centre.y + 2 * open.radius_y;
    const PupilResult blink = tracker.track(render_eye(closed), 1);
    CHECK(blink.state == TrackState::Blink);
    CHECK(tracker.track(render_eye(open), 2).state == TrackState::Tracked);  // recovers after it

    SyntheticEye edge = open;
    edge.centre = {open.size.width - 8.0, open.centre.y};
    PupilTracker fresh;
    const PupilResult out = fresh.track(render_eye(edge), 0);
    CHECK(out.state != TrackState::Tracked);
}

TEST_CASE("pupil: tracking follows a moving pupil frame to frame") {
    PupilTracker tracker;
    for (int i = 0; i < 30; ++i) {
        SyntheticEye e;
        e.centre = {100.0 + 3.3 * i, 110.0 + 1.1 * i};
        const PupilResult r = tracker.track(render_eye(e), i);
        REQUIRE(r.state == TrackState::Tracked);
        CHECK(centre_error(r, e) < 0.3);
    }
}

TEST_CASE("pupil: unusable frames give an Error naming the frame") {
    PupilTracker tracker;
    CHECK_THROWS_WITH_AS(tracker.track(cv::Mat(), 7), doctest::Contains("frame 7"), Error);
    CHECK_THROWS_AS(tracker.track(cv::Mat(10, 10, CV_8UC2, cv::Scalar(0)), 3), Error);
    CHECK_THROWS_AS(tracker.track(cv::Mat(10, 10, CV_32F, cv::Scalar(0)), 3), Error);
    // A BGR frame is fine, and so is a blank one (nothing found, no crash).
    cv::Mat bgr;
    cv::cvtColor(render_eye(SyntheticEye{}), bgr, cv::COLOR_GRAY2BGR);
    CHECK(tracker.track(bgr, 4).state == TrackState::Tracked);
    CHECK(PupilTracker{}.track(cv::Mat(240, 320, CV_8U, cv::Scalar(128)), 5).state != TrackState::Tracked);
}

TEST_CASE("pupil: the channel carries NaN with confidence 0 where the pupil was not found") {
    Channel channel = make_pupil_channel(120, true);
    PupilResult found;
    found.state = TrackState::Tracked, found.found_ellipse = true, found.confidence = 0.9;
    found.centre_px = {10, 20}, found.diameter_px = 30, found.diameter_mm = 4.5;
    append_pupil_sample(channel, 0.0, found);
    PupilResult blink;
    blink.state = TrackState::Blink;
    append_pupil_sample(channel, 1.0 / 120, blink);
    channel.validate();
    CHECK(channel.component("diameter_mm")[0] == doctest::Approx(4.5));
    CHECK(std::isnan(channel.component("x")[1]));
    CHECK(channel.confidence[1] == 0.0f);
}

// Real infrared video (DeepVOG demo, no labels): the share of frames tracked at confidence >= 0.5
// and the share of frame-to-frame jumps over 5 px between tracked frames must not get worse than
// measured when this test was written (docs/validation.md, ## track).
TEST_CASE("pupil: real infrared video keeps its tracked share and jump rate") {
    const auto path = purkinje::test::require_shared_data("eye_video/deepvog_demo.mp4");
    cv::VideoCapture video(path.string());
    REQUIRE(video.isOpened());
    PupilTracker tracker;
    cv::Mat frame;
    int frames = 0, tracked = 0, pairs = 0, jumps = 0;
    bool previous_tracked = false;
    cv::Point2d previous;
    while (video.read(frame)) {
        const PupilResult r = tracker.track(frame, frames++);
        const bool ok = r.state == TrackState::Tracked && r.confidence >= 0.5;
        if (ok) ++tracked;
        if (ok && previous_tracked) {
            ++pairs;
            if (std::hypot(r.centre_px.x - previous.x, r.centre_px.y - previous.y) > 5) ++jumps;
        }
        previous_tracked = ok;
        previous = r.centre_px;
    }
    REQUIRE(frames == 1112);
    const double tracked_share = static_cast<double>(tracked) / frames;
    const double jump_share = static_cast<double>(jumps) / pairs;
    MESSAGE("tracked share ", tracked_share, ", jumps over 5 px ", jump_share);
    CHECK(tracked_share >= 0.97);
    CHECK(jump_share <= 0.041);
}
