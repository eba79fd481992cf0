#include <chrono>
#include <thread>

#include <doctest/doctest.h>

#include "purkinje/capture/capture_thread.hpp"
#include "purkinje/capture/timing.hpp"
#include "scripted_source.hpp"

using namespace purkinje;
using namespace purkinje::capture;
using namespace std::chrono_literals;

namespace {

std::vector<double> regular_times(std::size_t count, double rate_hz) {
    std::vector<double> times;
    for (std::size_t i = 0; i < count; ++i) times.push_back(static_cast<double>(i) / rate_hz);
    return times;
}

struct ConsumerResult {
    std::vector<Frame> frames;
    std::int64_t missed_by_index = 0;  // what the consumer itself can see from the frame numbers
};

ConsumerResult consume(CaptureThread& capture, std::chrono::microseconds work_per_frame) {
    ConsumerResult result;
    std::int64_t expected_index = 0;
    while (!capture.finished()) {
        auto frame = capture.pop(50ms);
        if (!frame) continue;
        result.missed_by_index += frame->index - expected_index;
        expected_index = frame->index + 1;
        result.frames.push_back(std::move(*frame));
        if (work_per_frame.count() > 0) std::this_thread::sleep_for(work_per_frame);
    }
    return result;
}

CaptureOptions queue_options(std::size_t capacity, OverflowPolicy overflow = OverflowPolicy::DropOldest,
                             std::int64_t max_frames = 0, double max_seconds = 0) {
    CaptureOptions options;
    options.queue_capacity = capacity;
    options.overflow = overflow;
    options.max_frames = max_frames;
    options.max_seconds = max_seconds;
    return options;
}

}  // namespace

TEST_CASE("capture thread: a consumer slower than the camera counts exactly the frames it missed") {
    // The camera gives a frame every 200 us; the consumer needs 2 ms a frame, so most frames drop.
    capture::test::ScriptedSource source(regular_times(400, 5000), {32, 24}, 1, 5000);
    source.pause = 200us;
    CaptureThread capture(source, queue_options(4, OverflowPolicy::DropOldest));
    capture.start();
    // On a loaded machine the camera thread may be scheduled as slowly as the consumer; let it
    // run ahead of the 4-frame queue first, so that frames are certainly dropped.
    for (int wait = 0; wait < 10000 && capture.stats().captured < 20; ++wait) std::this_thread::sleep_for(1ms);
    const auto result = consume(capture, 2000us);
    const auto stats = capture.stats();
    CHECK(stats.captured == 400);
    CHECK(stats.dropped > 0);
    CHECK(stats.delivered == static_cast<std::int64_t>(result.frames.size()));
    CHECK(stats.delivered + stats.dropped == stats.captured);
    // Drop-oldest always keeps the newest frame, so every missed frame shows as an index gap.
    CHECK(result.missed_by_index == stats.dropped);
    CHECK(result.frames.back().index == 399);
    CHECK(stats.source_state == SourceState::Ended);

    // The timing monitor on the consumer's side finds the same number from the indices.
    TimingMonitor monitor(5000);
    for (const auto& frame : result.frames) monitor.add(frame.index, frame.t_s);
    // The monitor counts gaps after the first frame it sees; frames dropped before it are the
    // first frame's index.
    CHECK(monitor.report().missing_by_index + result.frames.front().index == stats.dropped);
    CHECK(monitor.report().missing_by_time == 0);
}

TEST_CASE("capture thread: drop-newest keeps the queued frames and counts the refused ones") {
    capture::test::ScriptedSource source(regular_times(300, 5000), {32, 24}, 3, 5000);
    source.pause = 200us;
    CaptureThread capture(source, queue_options(3, OverflowPolicy::DropNewest));
    capture.start();
    const auto result = consume(capture, 2000us);
    const auto stats = capture.stats();
    CHECK(stats.captured == 300);
    CHECK(stats.delivered + stats.dropped == 300);
    // Frames refused after the last delivered one are invisible to the consumer as index gaps; the
    // rest are exactly the gaps it saw.
    const std::int64_t after_last = 299 - result.frames.back().index;
    CHECK(result.missed_by_index + after_last == stats.dropped);
    CHECK(result.frames.front().index == 0);
}

TEST_CASE("capture thread: a fast consumer loses nothing") {
    capture::test::ScriptedSource source(regular_times(200, 1000), {32, 24}, 1, 1000);
    source.pause = 100us;
    CaptureThread capture(source, queue_options(200));
    capture.start();
    const auto result = consume(capture, 0us);
    CHECK(result.frames.size() == 200);
    CHECK(capture.stats().dropped == 0);
    for (std::size_t i = 0; i < result.frames.size(); ++i) {
        CHECK(capture::test::same_pixels(result.frames[i].image,
                                         capture::test::pattern_image(static_cast<std::int64_t>(i), {32, 24}, 1)));
    }
}

TEST_CASE("capture thread: a camera failing mid-stream ends the trial cleanly and keeps its frames") {
    capture::test::ScriptedSource source(regular_times(100, 1000), {32, 24}, 1, 1000);
    source.fail_after = 37;
    CaptureThread capture(source, queue_options(100));
    capture.start();
    const auto result = consume(capture, 0us);
    const auto stats = capture.stats();
    CHECK(result.frames.size() == 37);
    CHECK(result.frames.back().index == 36);
    CHECK(stats.source_state == SourceState::Failed);
    CHECK(stats.source_error.find("unplugged after 37") != std::string::npos);
    CHECK_FALSE(stats.running);
    CHECK(capture.finished());
    // Starting again on a failed source does nothing and still reports the failure.
    capture.start();
    CHECK(capture.finished());
    CHECK(capture.stats().source_state == SourceState::Failed);
}

TEST_CASE("capture thread: stop keeps queued frames, restart continues the same source") {
    capture::test::ScriptedSource source(regular_times(1000, 1000), {16, 12}, 1, 1000);
    source.pause = 500us;
    CaptureThread capture(source, queue_options(1000));
    capture.start();
    while (capture.stats().captured < 20) std::this_thread::sleep_for(1ms);
    capture.stop();
    const auto first = capture.stats();
    CHECK_FALSE(first.running);
    CHECK(first.queued == static_cast<std::size_t>(first.captured));
    std::vector<std::int64_t> indices;
    while (auto frame = capture.try_pop()) indices.push_back(frame->index);
    CHECK(static_cast<std::int64_t>(indices.size()) == first.captured);
    CHECK(capture.finished());

    capture.start();
    while (capture.stats().captured < first.captured + 20) std::this_thread::sleep_for(1ms);
    capture.stop();
    while (auto frame = capture.try_pop()) indices.push_back(frame->index);
    for (std::size_t i = 0; i < indices.size(); ++i) CHECK(indices[i] == static_cast<std::int64_t>(i));
    CHECK(capture.stats().dropped == 0);
}

TEST_CASE("capture thread: frame and time limits end a planned recording") {
    capture::test::ScriptedSource source(regular_times(500, 100), {16, 12}, 1, 100);
    CaptureThread by_frames(source, queue_options(500, OverflowPolicy::DropOldest, 50));
    by_frames.start();
    const auto result = consume(by_frames, 0us);
    CHECK(result.frames.size() == 50);

    capture::test::ScriptedSource timed(regular_times(500, 100), {16, 12}, 1, 100);
    CaptureThread by_time(timed, queue_options(500, OverflowPolicy::DropOldest, 0, 1.0));
    by_time.start();
    const auto timed_result = consume(by_time, 0us);
    CHECK(timed_result.frames.size() == 101);  // t = 0 .. 1.00 s at 100 Hz
    CHECK(timed_result.frames.back().t_s == doctest::Approx(1.0));
}
