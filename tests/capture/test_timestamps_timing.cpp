#include <cstring>
#include <functional>
#include <fstream>
#include <random>

#include <doctest/doctest.h>

#include "purkinje/capture/timestamps.hpp"
#include "purkinje/capture/timing.hpp"
#include "purkinje/core/error.hpp"
#include "scripted_source.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using namespace purkinje::capture;

namespace purkinje::capture::test {
std::vector<double> irregular_times(std::size_t count, unsigned seed) {
    std::mt19937 random(seed);
    std::normal_distribution<double> jitter_s(0.0, 0.0004);
    std::vector<double> times;
    double t = 0;
    for (std::size_t i = 0; i < count; ++i) {
        times.push_back(t);
        t += 1.0 / 120.0 + jitter_s(random);
        if (i % 17 == 5) t += 2.0 / 120.0;  // two frames lost by the "camera"
    }
    return times;
}
}  // namespace purkinje::capture::test

namespace {
void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

std::string error_text(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}
}  // namespace

TEST_CASE("timestamp sidecar: irregular times read back bit for bit, with metadata and file names") {
    purkinje::test::ScratchDir dir("capture-sidecar");
    TimestampTable table;
    table.metadata["source"] = "camera /dev/video0";
    table.metadata["nominal_rate_hz"] = "120";
    const auto times = capture::test::irregular_times(200);
    for (std::size_t i = 0; i < times.size(); ++i) {
        table.frames.push_back({static_cast<std::int64_t>(i * 2 + 3), times[i] + 1e-9 / 3.0,
                                i % 2 ? TimestampOrigin::Driver : TimestampOrigin::SteadyClock,
                                "img_" + std::to_string(i) + ".png"});
    }
    write_timestamps(dir / "t.csv", table);
    const auto back = read_timestamps(dir / "t.csv");
    CHECK(back.value("source") == "camera /dev/video0");
    CHECK(back.value("nominal_rate_hz") == "120");
    REQUIRE(back.frames.size() == table.frames.size());
    for (std::size_t i = 0; i < times.size(); ++i) {
        CHECK(back.frames[i].index == table.frames[i].index);
        CHECK(std::memcmp(&back.frames[i].t_s, &table.frames[i].t_s, sizeof(double)) == 0);
        CHECK(back.frames[i].origin == table.frames[i].origin);
        CHECK(back.frames[i].file == table.frames[i].file);
    }
}

TEST_CASE("timestamp sidecar: bad files give errors naming the file, line and column") {
    purkinje::test::ScratchDir dir("capture-sidecar-bad");
    const auto path = dir / "t.csv";
    write_text(path, "");
    CHECK(error_text([&] { read_timestamps(path); }).find("no header") != std::string::npos);
    write_text(path, "frame,time\n0,0\n");
    CHECK(error_text([&] { read_timestamps(path); }).find("line 1") != std::string::npos);
    write_text(path, "index,t_s,origin\n0,0,driver\n1,abc,driver\n");
    auto text = error_text([&] { read_timestamps(path); });
    CHECK(text.find(path.string() + " line 3, column t_s") != std::string::npos);
    write_text(path, "index,t_s,origin\n0,0,driver\n1,0.01,camera\n");
    CHECK(error_text([&] { read_timestamps(path); }).find("column origin") != std::string::npos);
    write_text(path, "index,t_s,origin\n0,0.5,driver\n1,0.25,driver\n");
    CHECK(error_text([&] { read_timestamps(path); }).find("backwards") != std::string::npos);
    write_text(path, "index,t_s,origin\n3,0,driver\n3,0.25,driver\n");
    CHECK(error_text([&] { read_timestamps(path); }).find("does not follow") != std::string::npos);
    write_text(path, "index,t_s,origin\n0,nan,driver\n");
    CHECK(error_text([&] { read_timestamps(path); }).find("column t_s") != std::string::npos);
    CHECK_THROWS_AS(read_timestamps(dir / "absent.csv"), Error);
}

TEST_CASE("timing monitor: rate, jitter and drops found from timestamp gaps and index gaps") {
    TimingMonitor monitor(100.0);
    // 100 Hz, frames 0..99, but the camera lost 3 frames after frame 40 (one 40 ms interval) and the
    // queue dropped frames 70 and 71 (index gap, normal 30 ms interval).
    double t = 0;
    for (std::int64_t i = 0; i < 100; ++i) {
        if (i == 70 || i == 71) {
            t += 0.01;
            continue;
        }
        monitor.add(i, t);
        t += (i == 40) ? 0.04 : 0.01 + ((i % 2) ? 0.0002 : -0.0002);
    }
    const auto report = monitor.report();
    CHECK(report.frames == 98);
    CHECK(report.missing_by_index == 2);
    CHECK(report.missing_by_time == 3);
    CHECK(report.gap_count == 2);
    CHECK(report.expected_interval_ms == doctest::Approx(10.0));
    CHECK(report.jitter_ms == doctest::Approx(0.2).epsilon(0.05));
    CHECK(report.max_interval_ms == doctest::Approx(40.0).epsilon(0.02));
    // 97 delivered intervals + 5 missing frames over the whole span of 102 nominal intervals.
    CHECK(report.measured_rate_hz == doctest::Approx(100.0).epsilon(0.01));
    CHECK(report.delivered_rate_hz < report.measured_rate_hz);
    CHECK(summarize(report).find("98 frames") != std::string::npos);
}

TEST_CASE("timing monitor: without a nominal rate the median interval is the expected one") {
    const auto times = capture::test::irregular_times(120);
    std::vector<std::int64_t> indices(times.size());
    for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = static_cast<std::int64_t>(i);
    const auto report = measure_timing(indices, times);
    CHECK(report.expected_interval_ms == doctest::Approx(1000.0 / 120.0).epsilon(0.02));
    // A gap of two lost frames after every frame i with i % 17 == 5 (i < 119).
    std::int64_t gaps = 0;
    for (std::size_t i = 0; i + 1 < times.size(); ++i) gaps += (i % 17 == 5);
    CHECK(report.gap_count == gaps);
    CHECK(report.missing_by_time == 2 * gaps);
    CHECK(report.missing_by_index == 0);
}

TEST_CASE("timing monitor: head impulses at 60 Hz raise a warning, 120 Hz does not") {
    const auto requirement = rate_requirement("head_impulse");
    REQUIRE(requirement);
    CHECK(requirement->minimum_rate_hz == 100);
    TimingMonitor slow(60), fast(120);
    for (int i = 0; i < 60; ++i) slow.add(i, i / 60.0);
    for (int i = 0; i < 120; ++i) fast.add(i, i / 120.0);
    const auto warning = rate_warning(slow.report(), *requirement);
    REQUIRE(warning);
    CHECK(warning->find("100 Hz") != std::string::npos);
    CHECK_FALSE(rate_warning(fast.report(), *requirement));
    CHECK_FALSE(rate_requirement("tap_dance"));
    TimingMonitor empty(120);
    CHECK(rate_warning(empty.report(), *requirement));
}
