// "A camera that disappears mid-trial gives a message and keeps what was already saved" (issue 10),
// through the app's own trial recorder (TrialCapture, which the live screen runs and whose error text
// it shows). The camera is a scripted source that fails part-way, as an unplugged USB camera does.

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "../../src/app/trial_capture.hpp"
#include "../capture/scripted_source.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

TEST_CASE("a camera unplugged mid-trial ends the trial with a message and keeps the frames recorded") {
    test::ScratchDir scratch("camera_lost");
    constexpr int kFramesBeforeUnplug = 40;
    std::vector<double> times;
    for (int i = 0; i < 200; ++i) times.push_back(i / 60.0);
    app::TrialCapture trial(
        [&] {
            auto source = std::make_unique<capture::test::ScriptedSource>(times, cv::Size(160, 120), 1, 60.0);
            source->fail_after = kFramesBeforeUnplug;
            source->pause = std::chrono::milliseconds(16);  // a 60 Hz camera's pace
            app::OpenedSource opened;
            opened.source = std::move(source);
            return opened;
        },
        scratch.path(), "trial_01");

    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!trial.snapshot().finished) {
        REQUIRE(std::chrono::steady_clock::now() < give_up);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const app::TrialSnapshot done = trial.snapshot();
    CHECK(done.error.find("camera stopped") != std::string::npos);
    CHECK(done.error.find("unplugged") != std::string::npos);  // the source's own reason, passed on
    const auto video = trial.video();
    REQUIRE(video.has_value());
    // Every frame the camera gave before it went is in the video or counted as dropped (queue or encoder).
    CHECK(done.stats.captured == kFramesBeforeUnplug);
    CHECK(video->frames + done.stats.dropped + done.video_dropped == kFramesBeforeUnplug);
    CHECK(video->frames > 0);
    CHECK(std::filesystem::file_size(video->video) > 0);
    CHECK(video->last_t_s <= times[kFramesBeforeUnplug - 1] + 1e-9);
}

TEST_CASE("a head camera unplugged mid-trial ends the paired trial: both cameras keep what they recorded") {
    test::ScratchDir scratch("camera_lost_paired");
    constexpr int kHeadFramesBeforeUnplug = 30;
    std::vector<double> eye_times, head_times;
    for (int i = 0; i < 1000; ++i) eye_times.push_back(i / 250.0);
    for (int i = 0; i < 400; ++i) head_times.push_back(i / 100.0);
    app::TrialCapture trial(
        app::OpenSources([&] {
            auto eye = std::make_unique<capture::test::ScriptedSource>(eye_times, cv::Size(96, 72), 1, 250.0);
            eye->pause = std::chrono::milliseconds(4);
            auto head = std::make_unique<capture::test::ScriptedSource>(head_times, cv::Size(160, 120), 3, 100.0);
            head->pause = std::chrono::milliseconds(10);
            head->fail_after = kHeadFramesBeforeUnplug;
            std::vector<app::OpenedSource> cameras(2);
            cameras[0].source = std::move(eye);
            cameras[0].view = "eye";
            cameras[1].source = std::move(head);
            cameras[1].view = "face";
            return cameras;
        }),
        scratch.path(), "head_impulse_1");

    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!trial.snapshot().finished) {
        REQUIRE(std::chrono::steady_clock::now() < give_up);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const app::TrialSnapshot done = trial.snapshot();
    CHECK(done.error.find("head camera stopped") != std::string::npos);
    CHECK(done.error.find("unplugged") != std::string::npos);
    REQUIRE(trial.camera_count() == 2);
    // The eye camera stopped with the trial, long before its 1000 frames (4 s) were given.
    CHECK(trial.camera_snapshot(0).error.empty());
    CHECK(trial.camera_snapshot(0).stats.captured < 900);
    const auto videos = trial.videos();
    REQUIRE(videos.size() == 2);
    CHECK(videos[0].first == "eye");
    CHECK(videos[1].first == "face");
    CHECK(videos[0].second.video.filename() == "head_impulse_1_eye.mkv");
    CHECK(videos[1].second.frames + trial.camera_snapshot(1).stats.dropped + trial.camera_snapshot(1).video_dropped ==
          kHeadFramesBeforeUnplug);
    for (const auto& [view, video] : videos) CHECK(std::filesystem::file_size(video.video) > 0);
}
