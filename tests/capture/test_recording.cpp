#include <cstdio>
#include <cstring>
#include <fstream>

#include <doctest/doctest.h>

#include "purkinje/capture/capture_thread.hpp"
#include "purkinje/capture/recording.hpp"
#include "purkinje/capture/sha256.hpp"
#include "purkinje/core/error.hpp"
#include "scripted_source.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using namespace purkinje::capture;
using namespace std::chrono_literals;

namespace {

// Records what `source` gives (through the capture thread, as a trial would) and returns the frames.
std::vector<Frame> record(FrameSource& source, RecordingWriter& writer) {
    CaptureOptions options;
    options.queue_capacity = 1000;
    CaptureThread capture(source, options);
    capture.start();
    std::vector<Frame> frames;
    while (!capture.finished()) {
        if (auto frame = capture.pop(50ms)) {
            writer.write(*frame);
            frames.push_back(std::move(*frame));
        }
    }
    return frames;
}

void check_replay(const std::filesystem::path& video, const std::vector<Frame>& recorded) {
    auto replay = open_recording(video);
    std::size_t n = 0;
    while (auto frame = replay->next()) {
        REQUIRE(n < recorded.size());
        CHECK(frame->index == recorded[n].index);
        CHECK(std::memcmp(&frame->t_s, &recorded[n].t_s, sizeof(double)) == 0);
        CHECK(frame->origin == recorded[n].origin);
        CHECK(capture::test::same_pixels(frame->image, recorded[n].image));
        ++n;
    }
    CHECK(n == recorded.size());
    CHECK(replay->state() == SourceState::Ended);
}

}  // namespace

TEST_CASE("recording: grey and colour trials replay with identical frames and bit-identical times") {
    purkinje::test::ScratchDir dir("capture-record");
    for (const int channels : {1, 3}) {
        CAPTURE(channels);
        auto times = capture::test::irregular_times(60, 11);
        for (auto& t : times) t += 1.0 / 3.0;  // times with full 17-digit mantissas
        capture::test::ScriptedSource source(times, {80, 60}, channels, 120);
        RecordingOptions options;
        options.stem = "trial_" + std::to_string(channels);
        options.metadata["protocol"] = "head_impulse";
        RecordingWriter writer(dir.path(), source.frame_size(), channels, source.nominal_rate_hz(), source.describe(),
                               options);
        const auto frames = record(source, writer);
        const auto recorded = writer.finish();
        CHECK(recorded.frames == 60);
        CHECK(recorded.codec == "FFV1");
        CHECK(recorded.sha256.size() == 64);
        CHECK(recorded.sha256 == sha256_file(recorded.video));
        CHECK(recorded.first_t_s == times.front());
        CHECK(recorded.last_t_s == times.back());
        const auto sidecar = read_timestamps(recorded.timestamps);
        CHECK(sidecar.value("protocol") == "head_impulse");
        CHECK(sidecar.value("channels") == std::to_string(channels));
        CHECK(sidecar.value("source") == "scripted test source");
        check_replay(recorded.video, frames);
    }
}

TEST_CASE("recording: a trial whose camera failed keeps the frames it had, and they replay") {
    purkinje::test::ScratchDir dir("capture-record-failed");
    capture::test::ScriptedSource source(capture::test::irregular_times(80), {40, 30}, 1, 120);
    source.fail_after = 33;
    RecordingWriter writer(dir.path(), source.frame_size(), 1, 120, source.describe());
    const auto frames = record(source, writer);
    CHECK(source.state() == SourceState::Failed);
    const auto recorded = writer.finish();
    CHECK(recorded.frames == 33);
    check_replay(recorded.video, frames);
}

TEST_CASE("recording: replay at the original timing takes at least the recorded time") {
    purkinje::test::ScratchDir dir("capture-record-paced");
    std::vector<double> times;
    for (int i = 0; i < 16; ++i) times.push_back(0.02 * i);
    capture::test::ScriptedSource source(times, {16, 12}, 1, 50);
    RecordingWriter writer(dir.path(), source.frame_size(), 1, 50, source.describe());
    record(source, writer);
    const auto recorded = writer.finish();
    auto replay = open_recording(recorded.video, ReplayPace::Original);
    const double start = steady_now_s();
    int n = 0;
    while (replay->next()) ++n;
    CHECK(n == 16);
    CHECK(steady_now_s() - start >= 0.3 - 1e-3);  // a lower bound only: pacing never runs ahead
}

TEST_CASE("recording: wrong frames, an existing recording and a missing sidecar are refused clearly") {
    purkinje::test::ScratchDir dir("capture-record-bad");
    RecordingWriter writer(dir.path(), {32, 24}, 1, 30, "test");
    Frame colour;
    colour.image = capture::test::pattern_image(0, {32, 24}, 3);
    CHECK_THROWS_AS(writer.write(colour), Error);
    Frame grey;
    grey.image = capture::test::pattern_image(0, {32, 24}, 1);
    writer.write(grey);
    const auto recorded = writer.finish();
    CHECK_THROWS_AS(RecordingWriter(dir.path(), {32, 24}, 1, 30, "test"), Error);

    std::filesystem::remove(recorded.timestamps);
    try {
        open_recording(recorded.video);
        FAIL("a recording without its sidecar opened");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::NotFound);
        CHECK(std::string(e.what()).find("trial.timestamps.csv") != std::string::npos);
    }
}

TEST_CASE("recording: the store's TrialVideo keeps relative paths and refuses a video whose bytes changed") {
    purkinje::test::ScratchDir dir("capture-record-store");
    const auto folder = dir / "videos" / "session_1";
    capture::test::ScriptedSource source(capture::test::irregular_times(12), {24, 16}, 1, 120);
    RecordingWriter writer(folder, source.frame_size(), 1, 120, source.describe());
    std::vector<Frame> frames;
    while (auto frame = source.next()) {
        writer.write(*frame);
        frames.push_back(*frame);
    }
    const auto recorded = writer.finish();

    const auto video = to_trial_video(recorded, "eye", dir.path());
    CHECK(video.path == "videos/session_1/trial.mkv");
    CHECK(video.timestamps_path == "videos/session_1/trial.timestamps.csv");
    CHECK(video.sha256 == recorded.sha256);
    CHECK(video.codec == "FFV1");
    CHECK(video.frame_count == 12);
    CHECK(video.view == "eye");
    // Outside the database's folder the path stays absolute.
    CHECK(std::filesystem::path(to_trial_video(recorded, "eye", dir / "elsewhere").path).is_absolute());

    auto replay = open_trial_video(video, dir.path());
    std::size_t n = 0;
    while (auto frame = replay->next()) {
        CHECK(frame->t_s == frames[n].t_s);
        CHECK(capture::test::same_pixels(frame->image, frames[n].image));
        ++n;
    }
    CHECK(n == frames.size());

    {
        std::ofstream out(recorded.video, std::ios::binary | std::ios::app);
        out << "tampered";
    }
    try {
        open_trial_video(video, dir.path());
        FAIL("a changed video was opened");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::BadInput);
        CHECK(std::string(e.what()).find("trial.mkv") != std::string::npos);
        CHECK(std::string(e.what()).find(recorded.sha256) != std::string::npos);
    }
    std::filesystem::remove(recorded.video);
    CHECK_THROWS_AS(open_trial_video(video, dir.path()), Error);
}

TEST_CASE("sha256: matches the FIPS 180-2 test vector and hashes files by content") {
    CHECK(sha256_bytes("abc", 3) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_bytes("", 0) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    purkinje::test::ScratchDir dir("capture-sha");
    {
        std::ofstream out(dir / "abc.bin", std::ios::binary);
        out << "abc";
    }
    CHECK(sha256_file(dir / "abc.bin") == sha256_bytes("abc", 3));
    CHECK_THROWS_AS(sha256_file(dir / "absent.bin"), Error);
}
