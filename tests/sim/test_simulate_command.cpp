#include <algorithm>
// purkinje-cli simulate end to end: the files it promises, readable, consistent with each other.

#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

#include <opencv2/videoio.hpp>

#include "cli_runner.hpp"
#include "purkinje/sim/patient.hpp"
#include "purkinje/sim/truth_table.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {
std::vector<std::string> lines_of(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}
std::size_t cells(const std::string& line) { return std::size_t(std::count(line.begin(), line.end(), ',')) + 1; }
}  // namespace

TEST_CASE("simulate writes a lossless video, one truth row per frame and the preset") {
    for (const char* view : {"eye", "hand"}) {
        test::ScratchDir dir(std::string("sim_cli_") + view);
        const std::string task = std::string(view) == "hand" ? "finger_chase" : "saccades";
        const auto result = test::run_cli({"simulate", "--preset", "mild_cerebellar_ataxia", "--task", task, "--view", view,
                                           "--size", "192x192", "--fps", "60", "--seconds", "0.5", "--seed", "3",
                                           "--drop", "0.1", "--out", dir.path().string()});
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        const auto truth = lines_of(dir / "truth.csv");
        REQUIRE(truth.size() >= 2);
        CHECK(truth[0].rfind("frame,t_s,", 0) == 0);
        for (const auto& line : truth) CHECK(cells(line) == cells(truth[0]));
        cv::VideoCapture video((dir / "video.mkv").string(), cv::CAP_FFMPEG);
        REQUIRE(video.isOpened());
        std::size_t frames = 0;
        for (cv::Mat img; video.read(img);) {
            CHECK(img.size() == cv::Size(192, 192));
            ++frames;
        }
        CHECK(frames == truth.size() - 1);
        CHECK(frames < 30);  // drops leave gaps
        CHECK(sim::load_preset(dir / "preset.json") == sim::load_named_preset("mild_cerebellar_ataxia"));
        CHECK(lines_of(dir / "events.csv").size() >= 2);
    }
}

TEST_CASE("simulate --list names the presets and tasks - a wrong preset is a readable error") {
    const auto list = test::run_cli({"simulate", "--list"});
    CHECK(list.exit_code == 0);
    for (const char* word : {"healthy", "floccular", "unilateral_vestibular_loss", "head_impulse", "finger_chase"})
        CHECK(list.output.find(word) != std::string::npos);
    test::ScratchDir dir("sim_cli_bad");
    const auto bad = test::run_cli({"simulate", "--preset", "nobody", "--task", "saccades", "--out", dir.path().string()});
    CHECK(bad.exit_code == 1);
    CHECK_FALSE(bad.crashed);
    CHECK(bad.output.find("nobody") != std::string::npos);
    const auto bad_task = test::run_cli({"simulate", "--task", "juggling", "--out", dir.path().string()});
    CHECK(bad_task.exit_code == 1);
    CHECK(bad_task.output.find("finger_chase") != std::string::npos);  // lists the known tasks
}

TEST_CASE("the truth table has one cell per column for every view and task kind") {
    for (sim::View view : {sim::View::Eye, sim::View::Face, sim::View::Hand})
        for (sim::Task task : {sim::Task::HeadImpulse, sim::Task::NoseFinger}) {
            sim::SimulationConfig c;
            c.view = view;
            c.task = task;
            c.size = {160, 120};
            c.fps = 10;
            c.seconds = 0.3;
            sim::SimulatedSource source(c);
            const auto columns = sim::truth_columns(view, task);
            CHECK(columns[0] == "frame");
            CHECK(columns[1] == "t_s");
            while (source.next()) CHECK(sim::truth_row(source, source.last_truth()).size() == columns.size());
        }
}
