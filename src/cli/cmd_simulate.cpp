// purkinje-cli simulate: the virtual patient to disk. A lossless video (FFV1 in Matroska), the
// truth of every frame (truth.csv), the patient's parameters (preset.json) and the stimulus
// schedule (events.csv), so that any tracker or analysis can be run on it and checked.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "command.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/sim/patient.hpp"
#include "purkinje/sim/simulated_source.hpp"
#include "purkinje/sim/truth_table.hpp"

namespace purkinje::cli {
namespace {

struct SimulateOptions {
    std::string preset = "healthy";
    std::string task = "saccades";
    std::string view = "eye";
    std::string size;          // WxH; empty: 320x240 eye, 640x480 face and hand
    double fps = 120;
    double seconds = 10;
    std::uint64_t seed = 1;
    double jitter_ms = 0;
    double drop = 0;
    bool fingertip_aruco = false;
    std::string out;
    bool list = false;
};

void list_everything() {
    std::cout << "Presets (assets/presets):\n";
    for (const auto& name : sim::preset_names()) {
        std::string description;
        try {
            description = sim::load_named_preset(name).description;
        } catch (const Error& e) {
            description = std::string("(unreadable: ") + e.what() + ")";
        }
        std::cout << "  " << name << "  " << description << "\n";
    }
    std::cout << "Tasks:\n";
    for (const auto& t : sim::task_names())
        std::cout << "  " << t << (sim::is_hand_task(sim::task_from_string(t)) ? "  (hand)" : "  (eyes and head)") << "\n";
    std::cout << "Views:\n  eye   close-up infrared eye camera (grey)\n"
                 "  face  webcam: head with ArUco headband, eyes\n"
                 "  hand  webcam square onto the movement plane: fingertip marker, reference marker\n";
}

cv::Size parse_size(const std::string& text, sim::View view) {
    if (text.empty()) return view == sim::View::Eye ? cv::Size(320, 240) : cv::Size(640, 480);
    int w = 0, h = 0;
    char x = 0;
    std::istringstream in(text);
    if (!(in >> w >> x >> h) || x != 'x' || !in.eof())
        throw_bad_input("--size '" + text + "'", "is not WIDTHxHEIGHT", "e.g. 640x480");
    return {w, h};
}

std::string csv_line(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t k = 0; k < cells.size(); ++k) line += (k ? "," : "") + cells[k];
    return line + "\n";
}

void run_simulate(const SimulateOptions& o) {
    if (o.list) {
        list_everything();
        return;
    }
    if (o.out.empty()) throw_bad_input("--out", "is missing", "a folder to write video.mkv, truth.csv and preset.json into");
    sim::SimulationConfig config;
    config.patient = std::filesystem::path(o.preset).extension() == ".json" ? sim::load_preset(o.preset)
                                                                            : sim::load_named_preset(o.preset);
    config.task = sim::task_from_string(o.task);
    config.view = sim::view_from_string(o.view);
    config.size = parse_size(o.size, config.view);
    config.fps = o.fps;
    config.seconds = o.seconds;
    config.seed = o.seed;
    config.timestamp_jitter_ms = o.jitter_ms;
    config.drop_probability = o.drop;
    config.scene.fingertip_aruco = o.fingertip_aruco;
    sim::SimulatedSource source(config);

    const std::filesystem::path dir(o.out);
    std::filesystem::create_directories(dir);
    const auto video_path = dir / "video.mkv";
    const bool colour = config.view != sim::View::Eye;
    cv::VideoWriter writer(video_path.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('F', 'F', 'V', '1'), config.fps,
                           config.size, colour);
    if (!writer.isOpened())
        throw Error(ErrorKind::Device, "OpenCV could not open an FFV1 video writer", video_path.string(),
                    "OpenCV built with FFmpeg and its FFV1 encoder");
    std::ofstream truth(dir / "truth.csv");
    if (!truth) throw Error(ErrorKind::Storage, "cannot write the truth table", (dir / "truth.csv").string());
    truth << csv_line(sim::truth_columns(config.view, config.task));
    cv::Mat first;
    std::size_t written = 0;
    while (auto frame = source.next()) {
        writer.write(frame->image);
        if (written == 0) first = frame->image.clone();
        truth << csv_line(sim::truth_row(source, source.last_truth()));
        ++written;
    }
    writer.release();
    std::ofstream(dir / "preset.json") << sim::preset_to_json(config.patient);
    std::ofstream events(dir / "events.csv");
    events << "t_s,kind,label,values\n";
    for (const auto& e : source.movements().truth.events) {
        std::string values;
        for (std::size_t k = 0; k < e.values.size(); ++k) values += (k ? ";" : "") + std::to_string(e.values[k]);
        events << e.t_s << "," << e.kind << ",\"" << e.label << "\"," << values << "\n";
    }

    // Read the video back: every frame there, the first one bit for bit (FFV1 is lossless).
    cv::VideoCapture check(video_path.string(), cv::CAP_FFMPEG);
    if (!check.isOpened()) throw Error(ErrorKind::Storage, "the written video cannot be read back", video_path.string());
    std::size_t read = 0;
    cv::Mat image, first_back;
    while (check.read(image)) {
        if (read == 0) first_back = image.clone();
        ++read;
    }
    if (read != written)
        throw Error(ErrorKind::Storage, "the video holds " + std::to_string(read) + " frames, " + std::to_string(written) + " were written",
                    video_path.string());
    if (!colour && first_back.channels() == 3) cv::cvtColor(first_back, first_back, cv::COLOR_BGR2GRAY);
    if (written > 0 && cv::norm(first, first_back, cv::NORM_INF) != 0)
        throw Error(ErrorKind::Storage, "the first frame read back differs from the one written: not lossless",
                    video_path.string());

    std::cout << "wrote " << written << " frames (" << source.describe() << ")\n"
              << "  " << video_path.string() << "  (FFV1, lossless, read back and checked)\n"
              << "  " << (dir / "truth.csv").string() << "\n  " << (dir / "preset.json").string() << "\n  "
              << (dir / "events.csv").string() << "\n";
}

const bool registered = register_command(40, [](CLI::App& app, GlobalOptions&) {
    auto options = std::make_shared<SimulateOptions>();
    CLI::App* cmd = app.add_subcommand("simulate", "Render the virtual patient: video, per-frame truth, preset");
    cmd->add_flag("--list", options->list, "List the presets, tasks and views, and exit");
    cmd->add_option("--preset", options->preset, "Preset name (assets/presets) or a preset .json file")->capture_default_str();
    cmd->add_option("--task", options->task, "Exam task (see --list)")->capture_default_str();
    cmd->add_option("--view", options->view, "Camera view: eye, face or hand")->capture_default_str();
    cmd->add_option("--size", options->size, "Frame size WxH (default 320x240 eye, 640x480 face/hand)");
    cmd->add_option("--fps", options->fps, "Frame rate, Hz")->capture_default_str();
    cmd->add_option("--seconds", options->seconds, "Length, s")->capture_default_str();
    cmd->add_option("--seed", options->seed, "Random seed: the same seed gives the same frames")->capture_default_str();
    cmd->add_option("--jitter-ms", options->jitter_ms, "SD of frame timestamp jitter, ms")->capture_default_str();
    cmd->add_option("--drop", options->drop, "Probability that a frame is dropped")->capture_default_str();
    cmd->add_flag("--fingertip-aruco", options->fingertip_aruco, "Hand view: a small ArUco (id 20) on the finger");
    cmd->add_option("--out", options->out, "Output folder");
    cmd->callback([options] { run_simulate(*options); });
});

}  // namespace
}  // namespace purkinje::cli
