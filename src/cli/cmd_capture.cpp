// purkinje-cli cameras | record | probe: the capture module from the command line.

#include <chrono>
#include <map>
#include <memory>

#include <fmt/core.h>

#include "command.hpp"
#include "purkinje/capture/camera.hpp"
#include "purkinje/capture/capture_thread.hpp"
#include "purkinje/capture/image_folder.hpp"
#include "purkinje/capture/recording.hpp"
#include "purkinje/capture/sha256.hpp"
#include "purkinje/capture/timing.hpp"
#include "purkinje/capture/video_file.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::cli {
namespace {

using namespace purkinje::capture;

std::string rates_text(const CameraMode& mode) {
    if (mode.rates_hz.empty()) return "rates not reported";
    if (mode.rate_range) return fmt::format("{:g}-{:g} Hz", mode.rates_hz.back(), mode.rates_hz.front());
    std::string text;
    for (double rate : mode.rates_hz) text += (text.empty() ? "" : " ") + fmt::format("{:g}", rate);
    return text + " Hz";
}

void list_cameras_command() {
    const auto cameras = list_cameras();
    if (cameras.empty()) {
        fmt::print("No camera found on this machine (no V4L2 video capture device under /dev/video*).\n");
        return;
    }
    for (const auto& camera : cameras) {
        fmt::print("camera {}: {}  {}  driver {}  bus {}\n", camera.index, camera.device.string(), camera.name,
                   camera.driver.empty() ? "?" : camera.driver, camera.bus.empty() ? "?" : camera.bus);
        for (const auto& mode : camera.modes) {
            fmt::print("  {:<4} {:>5}x{:<5} {}{}\n", mode.pixel_format, mode.width, mode.height, rates_text(mode),
                       mode.compressed ? "  (compressed)" : "");
        }
    }
}

struct RecordArgs {
    int camera = 0;
    double seconds = 10;
    std::string out;
    std::string size = "640x480";
    double fps = 30;
    std::string format;
    bool grey = false;
    std::optional<double> exposure_ms;
    std::optional<double> gain;
    std::string protocol;
    std::string stem = "trial";
};

cv::Size parse_size(const std::string& text) {
    int width = 0, height = 0;
    char separator = 0;
    if (std::sscanf(text.c_str(), "%d%c%d", &width, &separator, &height) != 3 || (separator != 'x' && separator != 'X') ||
        width <= 0 || height <= 0) {
        throw_bad_input("--size", "'" + text + "' is not a frame size", "WIDTHxHEIGHT, e.g. 640x480");
    }
    return {width, height};
}

std::optional<RateRequirement> requirement_for(const std::string& protocol) {
    if (protocol.empty()) return std::nullopt;
    auto requirement = rate_requirement(protocol);
    if (!requirement) {
        std::string known;
        for (const auto& r : rate_requirements()) known += (known.empty() ? "" : ", ") + r.protocol;
        throw_bad_input("--protocol", "'" + protocol + "' is not a protocol Purkinje knows", known);
    }
    return requirement;
}

void print_timing(const TimingReport& report, const std::optional<RateRequirement>& requirement) {
    fmt::print("frames: {}\n", report.frames);
    fmt::print("duration: {:.3f} s\n", report.duration_s);
    fmt::print("nominal rate: {:.3f} Hz\n", report.nominal_rate_hz);
    fmt::print("measured rate: {:.3f} Hz (camera, counting missing frames)\n", report.measured_rate_hz);
    fmt::print("delivered rate: {:.3f} Hz (frames present)\n", report.delivered_rate_hz);
    fmt::print("median interval: {:.3f} ms\n", report.median_interval_ms);
    fmt::print("jitter: {:.3f} ms (SD of intervals without gaps)\n", report.jitter_ms);
    fmt::print("longest interval: {:.3f} ms\n", report.max_interval_ms);
    fmt::print("missing frames: {} ({} by index, {} by time, in {} gaps)\n", report.missing_total(),
               report.missing_by_index, report.missing_by_time, report.gap_count);
    if (requirement) {
        if (const auto warning = rate_warning(report, *requirement)) {
            fmt::print("WARNING: {}\n", *warning);
        } else {
            fmt::print("rate is enough for {} (needs >= {:g} Hz)\n", requirement->protocol, requirement->minimum_rate_hz);
        }
    }
}

void record_command(const RecordArgs& args) {
    const auto requirement = requirement_for(args.protocol);
    CameraSettings settings;
    settings.device = camera_device(args.camera);
    settings.size = parse_size(args.size);
    settings.rate_hz = args.fps;
    settings.pixel_format = args.format;
    settings.grey = args.grey;
    settings.exposure_ms = args.exposure_ms;
    settings.gain = args.gain;
    CameraSource camera(settings);
    fmt::print("recording from {}\n", camera.describe());
    for (const auto& warning : camera.warnings()) fmt::print("WARNING: {}\n", warning);

    RecordingOptions options;
    options.stem = args.stem;
    if (!args.protocol.empty()) options.metadata["protocol"] = args.protocol;
    RecordingWriter writer(args.out, camera.frame_size(), args.grey ? 1 : 3, camera.nominal_rate_hz(),
                           camera.describe(), options);
    // A generous queue: FFV1 encoding of a frame can take longer than a frame interval now and then.
    CaptureOptions capture_options;
    capture_options.queue_capacity = 64;
    capture_options.max_seconds = args.seconds;
    CaptureThread capture(camera, capture_options);
    TimingMonitor monitor(camera.nominal_rate_hz());
    std::map<TimestampOrigin, std::int64_t> origins;
    capture.start();
    while (!capture.finished()) {
        auto frame = capture.pop(std::chrono::milliseconds(200));
        if (!frame) continue;
        monitor.add(frame->index, frame->t_s);
        ++origins[frame->origin];
        writer.write(*frame);
    }
    const auto stats = capture.stats();
    const auto recorded = writer.finish();
    fmt::print("video: {}\ntimestamps: {}\nsha256: {}\n", recorded.video.string(), recorded.timestamps.string(),
               recorded.sha256);
    for (const auto& [origin, count] : origins) fmt::print("timestamps from {}: {} frames\n", to_string(origin), count);
    fmt::print("dropped by the recorder (queue full): {}\n", stats.dropped);
    print_timing(monitor.report(), requirement);
    if (stats.source_state == SourceState::Failed) {
        throw Error(ErrorKind::Device,
                    "the camera failed during the recording; the " + std::to_string(recorded.frames) +
                        " frames captured before are kept in " + recorded.video.string() + ": " + stats.source_error,
                    settings.device.string());
    }
}

struct ProbeArgs {
    std::string in;
    std::string timestamps;
    std::string protocol;
};

void probe_command(const ProbeArgs& args) {
    const auto requirement = requirement_for(args.protocol);
    std::unique_ptr<FrameSource> source;
    const std::filesystem::path path = args.in;
    if (std::filesystem::is_directory(path)) {
        ImageFolderOptions options;
        options.timestamps = args.timestamps;
        source = std::make_unique<ImageFolderSource>(path, options);
    } else {
        VideoFileOptions options;
        options.timestamps = args.timestamps;
        source = std::make_unique<VideoFileSource>(path, options);
    }
    TimingMonitor monitor(source->nominal_rate_hz());
    std::map<TimestampOrigin, std::int64_t> origins;
    while (auto frame = source->next()) {
        monitor.add(frame->index, frame->t_s);
        ++origins[frame->origin];
    }
    fmt::print("source: {}\n", source->describe());
    fmt::print("state: {}{}\n", to_string(source->state()), source->error().empty() ? "" : " (" + source->error() + ")");
    for (const auto& [origin, count] : origins) fmt::print("timestamps from {}: {} frames\n", to_string(origin), count);
    print_timing(monitor.report(), requirement);
    if (!std::filesystem::is_directory(path)) fmt::print("sha256: {}\n", sha256_file(path));
    if (source->state() == SourceState::Failed) {
        throw Error(ErrorKind::BadInput, "the file broke before its end: " + source->error(), path.string());
    }
}

const bool registered_cameras = register_command(60, [](CLI::App& app, GlobalOptions&) {
    auto* command = app.add_subcommand("cameras", "List the cameras on this machine with their sizes, formats and rates");
    command->callback([] { list_cameras_command(); });
});

const bool registered_record = register_command(61, [](CLI::App& app, GlobalOptions&) {
    auto args = std::make_shared<RecordArgs>();
    auto* command = app.add_subcommand(
        "record", "Record a trial's raw video (lossless FFV1 .mkv) with a per-frame timestamp sidecar and its SHA-256");
    command->add_option("--camera", args->camera, "Camera number N of /dev/videoN (see `cameras`)")->required();
    command->add_option("--seconds", args->seconds, "How long to record, in seconds of frame time")
        ->check(CLI::PositiveNumber);
    command->add_option("--out", args->out, "Folder for <stem>.mkv and <stem>.timestamps.csv")->required();
    command->add_option("--size", args->size, "Frame size WIDTHxHEIGHT")->capture_default_str();
    command->add_option("--fps", args->fps, "Frame rate to ask for (Hz)")->capture_default_str();
    command->add_option("--format", args->format, "Pixel format (MJPG, YUYV, GREY...); default: MJPG when the rate needs it");
    command->add_flag("--grey", args->grey, "Record 1-channel grey frames (infrared eye cameras)");
    command->add_option("--exposure-ms", args->exposure_ms, "Manual exposure in milliseconds");
    command->add_option("--gain", args->gain, "Sensor gain in the driver's units");
    command->add_option("--protocol", args->protocol, "Warn when the rate is too low for this protocol (e.g. head_impulse)");
    command->add_option("--stem", args->stem, "File name stem")->capture_default_str();
    command->callback([args] { record_command(*args); });
});

const bool registered_probe = register_command(62, [](CLI::App& app, GlobalOptions&) {
    auto args = std::make_shared<ProbeArgs>();
    auto* command = app.add_subcommand("probe", "Print a video's or image folder's frame count, rate, jitter and drops");
    command->add_option("--in", args->in, "Video file or image folder")->required();
    command->add_option("--timestamps", args->timestamps, "Timestamp sidecar (default: found by name)");
    command->add_option("--protocol", args->protocol, "Warn when the rate is too low for this protocol");
    command->callback([args] { probe_command(*args); });
});

}  // namespace
}  // namespace purkinje::cli
