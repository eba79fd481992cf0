// What a trial's videos hold (issue 10): the head camera of a paired trial is stored grey (each frame's
// luminance, losslessly) and its sidecar says so; the eye camera, and a single camera, keep the frames
// as they are delivered. Through the app's own trial recorder (TrialCapture) with scripted cameras.

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include <opencv2/imgproc.hpp>

#include "../../src/app/trial_capture.hpp"
#include "../capture/scripted_source.hpp"
#include "purkinje/capture/timestamps.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {
std::vector<double> times_at(double rate_hz, int frames) {
    std::vector<double> t;
    for (int i = 0; i < frames; ++i) t.push_back(i / rate_hz);
    return t;
}

void wait_until_finished(const app::TrialCapture& trial) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!trial.snapshot().finished) {
        REQUIRE(std::chrono::steady_clock::now() < give_up);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

// Replays a recorded video and returns its frames (the sidecar gives the times and the frames' channels).
std::vector<capture::Frame> replay(const capture::RecordedVideo& video) {
    std::vector<capture::Frame> frames;
    auto source = capture::open_recording(video.video);
    while (auto f = source->next()) frames.push_back(*f);
    return frames;
}
}  // namespace

TEST_CASE("a paired trial stores the head camera's video grey, bit-exact luminance, and its sidecar says so") {
    test::ScratchDir scratch("trial_video_grey");
    const cv::Size size(160, 120);
    constexpr int kEyeFrames = 120, kHeadFrames = 48;
    app::TrialCapture trial(
        app::OpenSources([&] {
            std::vector<app::OpenedSource> cameras(2);
            auto eye = std::make_unique<capture::test::ScriptedSource>(times_at(250, kEyeFrames), size, 1, 250.0);
            eye->pause = std::chrono::milliseconds(2);
            auto head = std::make_unique<capture::test::ScriptedSource>(times_at(100, kHeadFrames), size, 3, 100.0);
            head->pause = std::chrono::milliseconds(5);
            cameras[0].source = std::move(eye);
            cameras[0].view = "eye";
            cameras[1].source = std::move(head);
            cameras[1].view = "face";
            cameras[1].video_grey = true;  // as open_trial_sources sets it for the head camera
            return cameras;
        }),
        scratch.path(), "head_impulse_1");
    wait_until_finished(trial);
    REQUIRE(trial.snapshot().error.empty());
    const auto videos = trial.videos();
    REQUIRE(videos.size() == 2);
    const capture::RecordedVideo& eye = videos[0].second;
    const capture::RecordedVideo& head = videos[1].second;
    CHECK(eye.channels == 1);
    CHECK(head.channels == 1);
    // Nothing is lost quietly: every head frame is in the video or counted as dropped.
    CHECK(head.frames + trial.camera_snapshot(1).stats.dropped + trial.camera_snapshot(1).video_dropped == kHeadFrames);
    CHECK(trial.camera_snapshot(1).video_queued == 0);
    CHECK(trial.camera_snapshot(1).video_peak_queued >= 1);

    const capture::TimestampTable sidecar = capture::read_timestamps(head.timestamps);
    CHECK(sidecar.value("channels") == "1");
    CHECK(sidecar.value("recorded_as").find("grey") != std::string::npos);
    CHECK(static_cast<std::int64_t>(sidecar.frames.size()) == head.frames);
    CHECK(capture::read_timestamps(eye.timestamps).value("recorded_as").empty());

    // The stored frames are the camera's frames' luminance, bit for bit (lossless), at their indices.
    const auto frames = replay(head);
    REQUIRE(static_cast<std::int64_t>(frames.size()) == head.frames);
    for (const auto& f : frames) {
        cv::Mat luminance;
        cv::cvtColor(capture::test::pattern_image(f.index, size, 3), luminance, cv::COLOR_BGR2GRAY);
        REQUIRE(f.image.channels() == 1);
        CHECK(capture::test::same_pixels(f.image, luminance));
    }
}

TEST_CASE("a single colour camera's trial video stays colour, bit-exact, without a grey note") {
    test::ScratchDir scratch("trial_video_colour");
    const cv::Size size(160, 120);
    constexpr int kFrames = 40;
    app::TrialCapture trial(
        [&] {
            auto source = std::make_unique<capture::test::ScriptedSource>(times_at(60, kFrames), size, 3, 60.0);
            source->pause = std::chrono::milliseconds(5);
            app::OpenedSource opened;
            opened.source = std::move(source);
            opened.view = "face";
            return opened;
        },
        scratch.path(), "finger_chase_1");
    wait_until_finished(trial);
    const auto video = trial.video();
    REQUIRE(video.has_value());
    CHECK(video->channels == 3);
    CHECK(video->video.filename() == "finger_chase_1.mkv");
    const capture::TimestampTable sidecar = capture::read_timestamps(video->timestamps);
    CHECK(sidecar.value("channels") == "3");
    CHECK(sidecar.value("recorded_as").empty());
    const auto frames = replay(*video);
    REQUIRE(static_cast<std::int64_t>(frames.size()) == video->frames);
    for (const auto& f : frames) CHECK(capture::test::same_pixels(f.image, capture::test::pattern_image(f.index, size, 3)));
}
