#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <fstream>

#include <doctest/doctest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "purkinje/capture/image_folder.hpp"
#include "purkinje/capture/timing.hpp"
#include "purkinje/capture/video_file.hpp"
#include "purkinje/core/error.hpp"
#include "scripted_source.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using namespace purkinje::capture;
using capture::test::pattern_image;
using capture::test::same_pixels;

namespace {

const cv::Size kSize{64, 48};

// A lossless FFV1 video of `count` pattern frames, written directly with OpenCV (no Purkinje code).
void write_ffv1(const std::filesystem::path& path, std::size_t count, int channels, double fps = 30) {
    cv::VideoWriter writer(path.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('F', 'F', 'V', '1'), fps, kSize,
                           channels == 3);
    REQUIRE(writer.isOpened());
    for (std::size_t i = 0; i < count; ++i) writer.write(pattern_image(static_cast<std::int64_t>(i), kSize, channels));
}

TimestampTable table_for(const std::vector<double>& times, int channels) {
    TimestampTable table;
    table.metadata["channels"] = std::to_string(channels);
    for (std::size_t i = 0; i < times.size(); ++i) {
        table.frames.push_back({static_cast<std::int64_t>(i), times[i], TimestampOrigin::Driver, {}});
    }
    return table;
}

ErrorKind error_kind(const std::function<void()>& action, std::string& text) {
    try {
        action();
    } catch (const Error& e) {
        text = e.what();
        return e.kind();
    }
    text = "(no error)";
    return ErrorKind::Internal;
}

}  // namespace

TEST_CASE("video file: irregular times from the sidecar are read back exactly, frames lossless") {
    purkinje::test::ScratchDir dir("capture-video-sidecar");
    const auto times = capture::test::irregular_times(40);
    const auto video = dir / "clip.mkv";
    write_ffv1(video, times.size(), 1);
    write_timestamps(sidecar_path_for(video), table_for(times, 1));

    VideoFileSource source(video);
    CHECK(source.timestamps_path() == sidecar_path_for(video));
    CHECK(source.frame_size() == kSize);
    std::size_t n = 0;
    while (auto frame = source.next()) {
        REQUIRE(n < times.size());
        CHECK(std::memcmp(&frame->t_s, &times[n], sizeof(double)) == 0);
        CHECK(frame->origin == TimestampOrigin::Driver);
        CHECK(frame->index == static_cast<std::int64_t>(n));
        CHECK(same_pixels(frame->image, pattern_image(static_cast<std::int64_t>(n), kSize, 1)));
        ++n;
    }
    CHECK(n == times.size());
    CHECK(source.state() == SourceState::Ended);
    CHECK(source.describe().find("sidecar") != std::string::npos);
}

TEST_CASE("video file: without a sidecar the container's times are used (origin file)") {
    purkinje::test::ScratchDir dir("capture-video-container");
    const auto video = dir / "clip.mkv";
    write_ffv1(video, 30, 3, 25.0);
    VideoFileSource source(video);
    CHECK(source.timestamps_path().empty());
    CHECK(source.nominal_rate_hz() == doctest::Approx(25.0));
    TimingMonitor monitor(source.nominal_rate_hz());
    std::int64_t n = 0;
    while (auto frame = source.next()) {
        CHECK(frame->origin == TimestampOrigin::File);
        CHECK(std::abs(frame->t_s - static_cast<double>(n) * 0.04) <= 0.0011);  // Matroska keeps milliseconds
        CHECK(frame->image.channels() == 3);
        monitor.add(frame->index, frame->t_s);
        ++n;
    }
    CHECK(n == 30);
    const auto report = monitor.report();
    CHECK(report.missing_total() == 0);
    CHECK(report.measured_rate_hz == doctest::Approx(25.0).epsilon(0.01));
}

TEST_CASE("video file: irregular (variable-rate) container times are read back as the file holds them") {
    // A phone or a screen recorder writes variable frame rate files: the times live in the container.
    // OpenCV's writer only writes constant rates, so FFmpeg's command line retimes a clip here.
    if (std::system("command -v ffmpeg > /dev/null 2>&1") != 0) {
        std::fprintf(stderr, "SKIPPED: the ffmpeg command is not installed\n");
        std::_Exit(purkinje::test::kSkipReturnCode);
    }
    purkinje::test::ScratchDir dir("capture-video-vfr");
    write_ffv1(dir / "regular.mkv", 10, 1);
    const auto video = dir / "irregular.mkv";
    const std::string command = "ffmpeg -v error -y -i '" + (dir / "regular.mkv").string() +
                                "' -vf 'settb=1/1000,setpts=N*10+gte(N\\,5)*37+gte(N\\,8)*23' -c:v ffv1 "
                                "-fps_mode passthrough -enc_time_base 1/1000 '" + video.string() + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    const std::vector<double> expected_ms = {0, 10, 20, 30, 40, 87, 97, 107, 140, 150};
    VideoFileOptions options;
    options.grey = true;
    VideoFileSource source(video, options);
    std::size_t n = 0;
    while (auto frame = source.next()) {
        REQUIRE(n < expected_ms.size());
        CHECK(frame->origin == TimestampOrigin::File);
        CHECK(frame->t_s == doctest::Approx(expected_ms[n] / 1000.0).epsilon(1e-9));
        CHECK(same_pixels(frame->image, pattern_image(static_cast<std::int64_t>(n), kSize, 1)));
        ++n;
    }
    CHECK(n == expected_ms.size());
}

TEST_CASE("video file: missing, empty, corrupt and truncated files give clear errors naming the file") {
    purkinje::test::ScratchDir dir("capture-video-bad");
    std::string text;
    CHECK(error_kind([&] { VideoFileSource s(dir / "absent.mkv"); }, text) == ErrorKind::NotFound);
    CHECK(text.find("absent.mkv") != std::string::npos);

    { std::ofstream(dir / "empty.mkv"); }
    CHECK(error_kind([&] { VideoFileSource s(dir / "empty.mkv"); }, text) == ErrorKind::BadInput);
    CHECK(text.find("empty.mkv") != std::string::npos);
    CHECK(text.find("empty") != std::string::npos);

    {
        std::ofstream out(dir / "noise.mp4", std::ios::binary);
        for (int i = 0; i < 5000; ++i) out.put(static_cast<char>((i * 131 + 7) % 251));
    }
    CHECK(error_kind([&] { VideoFileSource s(dir / "noise.mp4"); }, text) == ErrorKind::BadInput);
    CHECK(text.find("noise.mp4") != std::string::npos);

    // A sidecar that promises more frames than the video holds: the video was cut short.
    const auto video = dir / "cut.mkv";
    write_ffv1(video, 10, 1);
    write_timestamps(sidecar_path_for(video), table_for(capture::test::irregular_times(25), 1));
    VideoFileSource cut(video);
    int n = 0;
    while (cut.next()) ++n;
    CHECK(n == 10);
    CHECK(cut.state() == SourceState::Failed);
    CHECK(cut.error().find("cut.mkv") != std::string::npos);
    CHECK(cut.error().find("truncated") != std::string::npos);

    // A sidecar given explicitly must exist.
    VideoFileOptions options;
    options.timestamps = dir / "nowhere.csv";
    CHECK(error_kind([&] { VideoFileSource s(video, options); }, text) == ErrorKind::NotFound);
    CHECK(text.find("nowhere.csv") != std::string::npos);
}

TEST_CASE("video file: a video whose bytes were cut in half ends without crashing") {
    purkinje::test::ScratchDir dir("capture-video-halved");
    const auto video = dir / "half.mkv";
    write_ffv1(video, 60, 3);
    const auto size = std::filesystem::file_size(video);
    std::filesystem::resize_file(video, size / 2);
    write_timestamps(sidecar_path_for(video), table_for(capture::test::irregular_times(60), 3));
    VideoFileSource source(video);
    int n = 0;
    while (auto frame = source.next()) {
        CHECK(frame->image.size() == kSize);
        ++n;
    }
    CHECK(n < 60);
    CHECK(source.state() == SourceState::Failed);
    CHECK(source.error().find("half.mkv") != std::string::npos);
}

TEST_CASE("image folder: irregular times from timestamps.csv, images named or in sorted order") {
    purkinje::test::ScratchDir dir("capture-images");
    const auto times = capture::test::irregular_times(25);
    TimestampTable named = table_for(times, 1);
    for (std::size_t i = 0; i < times.size(); ++i) {
        named.frames[i].file = "eye_" + std::to_string(1000 + i) + ".png";
        named.frames[i].index = static_cast<std::int64_t>(i) * 2;  // every other frame kept
        cv::imwrite((dir / named.frames[i].file).string(), pattern_image(static_cast<std::int64_t>(i), kSize, 1));
    }
    write_timestamps(dir / "timestamps.csv", named);

    ImageFolderSource source(dir.path());
    CHECK(source.frame_count() == times.size());
    std::size_t n = 0;
    while (auto frame = source.next()) {
        CHECK(std::memcmp(&frame->t_s, &times[n], sizeof(double)) == 0);
        CHECK(frame->index == static_cast<std::int64_t>(n) * 2);
        CHECK(same_pixels(frame->image, pattern_image(static_cast<std::int64_t>(n), kSize, 1)));
        ++n;
    }
    CHECK(n == times.size());
    CHECK(source.state() == SourceState::Ended);

    // Without a file column: one row per image in name order.
    auto unnamed = table_for(times, 1);
    ImageFolderOptions options;
    options.timestamps = dir / "unnamed.csv";
    write_timestamps(options.timestamps, unnamed);
    ImageFolderSource sorted(dir.path(), options);
    n = 0;
    while (auto frame = sorted.next()) {
        CHECK(same_pixels(frame->image, pattern_image(static_cast<std::int64_t>(n), kSize, 1)));
        CHECK(frame->t_s == times[n]);
        ++n;
    }
    CHECK(n == times.size());
}

TEST_CASE("image folder: missing folder, timestamp file or image, and a corrupt image mid-stream") {
    purkinje::test::ScratchDir dir("capture-images-bad");
    std::string text;
    CHECK(error_kind([&] { ImageFolderSource s(dir / "none"); }, text) == ErrorKind::NotFound);
    CHECK(error_kind([&] { ImageFolderSource s(dir.path()); }, text) == ErrorKind::NotFound);
    CHECK(text.find("timestamps.csv") != std::string::npos);

    auto table = table_for({0.0, 0.01, 0.02, 0.03}, 1);
    for (std::size_t i = 0; i < table.frames.size(); ++i) {
        table.frames[i].file = "f" + std::to_string(i) + ".png";
        cv::imwrite((dir / table.frames[i].file).string(), pattern_image(static_cast<std::int64_t>(i), kSize, 1));
    }
    table.frames[3].file = "gone.png";
    write_timestamps(dir / "timestamps.csv", table);
    CHECK(error_kind([&] { ImageFolderSource s(dir.path()); }, text) == ErrorKind::NotFound);
    CHECK(text.find("gone.png") != std::string::npos);

    { std::ofstream(dir / "gone.png") << "not a png"; }
    ImageFolderSource source(dir.path());
    int n = 0;
    while (source.next()) ++n;
    CHECK(n == 3);
    CHECK(source.state() == SourceState::Failed);
    CHECK(source.error().find("gone.png") != std::string::npos);

    // Rows and images that do not match in number.
    ImageFolderOptions options;
    options.timestamps = dir / "short.csv";
    write_timestamps(options.timestamps, table_for({0.0, 0.01}, 1));
    CHECK(error_kind([&] { ImageFolderSource s(dir.path(), options); }, text) == ErrorKind::BadInput);
    CHECK(text.find("2 frames") != std::string::npos);

    // A nominal rate that is not a number.
    auto unreadable_rate = table_for({0.0, 0.01, 0.02, 0.03, 0.04}, 1);  // f0-f3.png and gone.png
    unreadable_rate.metadata["nominal_rate_hz"] = "fast";
    write_timestamps(options.timestamps, unreadable_rate);
    CHECK(error_kind([&] { ImageFolderSource s(dir.path(), options); }, text) == ErrorKind::BadInput);
    CHECK_MESSAGE(text.find("nominal_rate_hz") != std::string::npos, text);
}

TEST_CASE("video file: the real DeepVOG infrared eye video reads with its container times") {
    const auto video = purkinje::test::require_shared_data("eye_video/deepvog_demo.mp4");
    VideoFileOptions options;
    options.grey = true;
    VideoFileSource source(video, options);
    CHECK(source.frame_size() == cv::Size(320, 240));
    TimingMonitor monitor(source.nominal_rate_hz());
    int synthetic = 0;
    while (auto frame = source.next()) {
        CHECK(frame->image.channels() == 1);
        // 25 Hz constant frame rate: every time is a whole number of 40 ms (the last frames, drained
        // from the decoder without a presentation time, are placed one interval after the previous).
        CHECK(frame->t_s == doctest::Approx(static_cast<double>(frame->index) * 0.04).epsilon(1e-9));
        synthetic += frame->origin == TimestampOrigin::Synthetic;
        monitor.add(frame->index, frame->t_s);
    }
    CHECK(synthetic <= 2);
    CHECK(source.state() == SourceState::Ended);
    const auto report = monitor.report();
    CHECK(report.frames == 1112);
    CHECK(report.nominal_rate_hz == doctest::Approx(25.0));
    CHECK(report.duration_s == doctest::Approx(1111 * 0.04).epsilon(1e-6));
    CHECK(report.missing_total() == 0);
    CHECK(report.jitter_ms < 1.0);
}
