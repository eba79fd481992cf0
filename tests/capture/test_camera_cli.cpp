#include <doctest/doctest.h>

#include "cli/cli_runner.hpp"
#include "purkinje/capture/camera.hpp"
#include "purkinje/capture/recording.hpp"
#include "purkinje/core/error.hpp"
#include "scripted_source.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using namespace purkinje::capture;

namespace {

bool machine_has_camera() {
    for (const auto& camera : list_cameras()) {
        if (!camera.modes.empty()) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("camera: a missing device gives a NotFound error naming it") {
    try {
        CameraSettings settings;
        settings.device = "/dev/video97";
        CameraSource camera(settings);
        FAIL("a camera that does not exist was opened");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::NotFound);
        CHECK(std::string(e.what()).find("/dev/video97") != std::string::npos);
    }
}

TEST_CASE("camera: a device that is not a camera gives a Device error") {
    try {
        query_camera("/dev/null");
        FAIL("/dev/null was taken for a camera");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::Device);
        CHECK(std::string(e.what()).find("/dev/null") != std::string::npos);
    }
}

TEST_CASE("camera: fourcc codes read as text") {
    CHECK(fourcc_text(0x47504A4D) == "MJPG");
    CHECK(fourcc_text(0x56595559) == "YUYV");
    CHECK(camera_device(3) == "/dev/video3");
}

TEST_CASE("cli: cameras lists the devices, or says there are none, and exits 0") {
    const auto run = purkinje::test::run_cli({"cameras"});
    CHECK(run.exit_code == 0);
    if (machine_has_camera()) {
        CHECK(run.output.find("/dev/video") != std::string::npos);
    } else {
        CHECK(run.output.find("No camera") != std::string::npos);
    }
}

TEST_CASE("cli: record from a missing camera fails with the device named") {
    purkinje::test::ScratchDir dir("capture-cli-record");
    const auto run = purkinje::test::run_cli({"record", "--camera", "97", "--seconds", "1", "--out", dir.path().string()});
    CHECK(run.exit_code == 1);
    CHECK(run.output.find("/dev/video97") != std::string::npos);
}

TEST_CASE("cli: probe prints frame count, rate, jitter and drops of a recording") {
    purkinje::test::ScratchDir dir("capture-cli-probe");
    // 50 frames at 100 Hz with 4 frames lost after frame 20.
    std::vector<double> times;
    for (int i = 0; i < 50; ++i) times.push_back((i + (i > 20 ? 4 : 0)) * 0.01);
    capture::test::ScriptedSource source(times, {32, 24}, 1, 100);
    RecordingWriter writer(dir.path(), source.frame_size(), 1, 100, source.describe());
    while (auto frame = source.next()) writer.write(*frame);
    const auto recorded = writer.finish();

    const auto run = purkinje::test::run_cli({"probe", "--in", recorded.video.string()});
    CHECK(run.exit_code == 0);
    CHECK(run.output.find("frames: 50") != std::string::npos);
    CHECK(run.output.find("missing frames: 4") != std::string::npos);
    CHECK(run.output.find("jitter") != std::string::npos);
    CHECK(run.output.find(recorded.sha256) != std::string::npos);

    const auto missing = purkinje::test::run_cli({"probe", "--in", (dir / "absent.mkv").string()});
    CHECK(missing.exit_code == 1);
    CHECK(missing.output.find("absent.mkv") != std::string::npos);
}
