#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "purkinje/store/database.hpp"
#include "support/test_support.hpp"

using purkinje::test::run_cli;
using purkinje::test::ScratchDir;

TEST_CASE("demo stores a session that db check accepts") {
    ScratchDir dir("cli-demo");
    const std::string db = (dir / "demo.db").string();
    const auto demo = run_cli({"demo", "--fast", "--db", db});
    INFO(demo.output);
    CHECK(demo.exit_code == 0);
    CHECK(demo.output.find("DEMO-001") != std::string::npos);
    const auto check = run_cli({"db", "check", "--db", db});
    INFO(check.output);
    CHECK(check.exit_code == 0);
    CHECK(check.output.find("integrity ok") != std::string::npos);
    CHECK(run_cli({"demo", "--fast", "--db", db}).exit_code == 0);  // again: a second session, same patient
    CHECK(run_cli({"session", "list", "--db", db}).output.find("DEMO-001") != std::string::npos);
}

TEST_CASE("patient add, list and show") {
    ScratchDir dir("cli-patient");
    const std::string db = (dir / "p.db").string();
    CHECK(run_cli({"patient", "add", "P-0001", "--birth-year", "1955", "--sex", "male", "--diagnosis", "SCA6",
                   "--family-name", "Doe", "--db", db}).exit_code == 0);
    const auto duplicate = run_cli({"patient", "add", "P-0001", "--db", db});
    CHECK(duplicate.exit_code == 1);
    CHECK(duplicate.output.find("already in use") != std::string::npos);
    const auto list = run_cli({"patient", "list", "--db", db});
    CHECK(list.output.find("P-0001") != std::string::npos);
    CHECK(list.output.find("Doe") == std::string::npos);  // names are not listed
    const auto show = run_cli({"patient", "show", "P-0001", "--db", db});
    CHECK(show.exit_code == 0);
    CHECK(show.output.find("SCA6") != std::string::npos);
    CHECK(run_cli({"patient", "show", "P-404", "--db", db}).exit_code == 1);
}

TEST_CASE("bad databases give a clear error and a non-zero exit, never a crash") {
    ScratchDir dir("cli-bad");
    SUBCASE("folder missing") {
        const auto r = run_cli({"patient", "list", "--db", (dir / "missing" / "p.db").string()});
        CHECK(r.exit_code == 1);
        CHECK_FALSE(r.crashed);
        CHECK(r.output.find("does not exist") != std::string::npos);
    }
    SUBCASE("not a database") {
        std::ofstream(dir / "text.db") << "hello";
        for (const auto& command : {std::vector<std::string>{"patient", "list"}, {"db", "check"}}) {
            auto args = command;
            args.push_back("--db");
            args.push_back((dir / "text.db").string());
            const auto r = run_cli(args);
            CHECK(r.exit_code == 1);
            CHECK_FALSE(r.crashed);
            CHECK(r.output.find("not a Purkinje database") != std::string::npos);
        }
    }
    SUBCASE("truncated database") {
        const std::string db = (dir / "t.db").string();
        REQUIRE(run_cli({"demo", "--fast", "--db", db}).exit_code == 0);
        REQUIRE(run_cli({"demo", "--fast", "--db", db}).exit_code == 0);
        std::filesystem::resize_file(db, std::filesystem::file_size(db) / 3);
        const auto check = run_cli({"db", "check", "--db", db});
        CHECK(check.exit_code == 1);
        CHECK_FALSE(check.crashed);
        CHECK(check.output.find("truncated") != std::string::npos);
        const auto show = run_cli({"session", "show", "1", "--db", db});
        CHECK(show.exit_code == 1);
        CHECK_FALSE(show.crashed);
    }
    SUBCASE("check of a missing file") {
        const auto r = run_cli({"db", "check", "--db", (dir / "none.db").string()});
        CHECK(r.exit_code == 1);
        CHECK(r.output.find("no database") != std::string::npos);
    }
}

TEST_CASE("db backup writes a consistent copy") {
    ScratchDir dir("cli-backup");
    const std::string db = (dir / "p.db").string();
    REQUIRE(run_cli({"demo", "--fast", "--db", db}).exit_code == 0);
    const std::string copy = (dir / "copy.db").string();
    const auto r = run_cli({"db", "backup", copy, "--db", db});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(run_cli({"db", "check", "--db", copy}).exit_code == 0);
    CHECK(run_cli({"db", "backup", copy, "--db", db}).exit_code == 1);  // never overwrites
}

TEST_CASE("unknown commands and options are usage errors") {
    CHECK(run_cli({"no-such-command"}).exit_code != 0);
    CHECK(run_cli({"patient", "add"}).exit_code != 0);
    CHECK(run_cli({"--help"}).exit_code == 0);
}

namespace {
// The numbers of one CSV column, by header name (empty cells skipped).
std::vector<double> csv_column(const std::filesystem::path& file, const std::string& name) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header;
    for (std::size_t start = 0;;) {
        const std::size_t comma = line.find(',', start);
        header.push_back(line.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    const auto column = std::size_t(std::find(header.begin(), header.end(), name) - header.begin());
    REQUIRE(column < header.size());
    std::vector<double> out;
    while (std::getline(in, line)) {
        std::size_t start = 0;
        for (std::size_t k = 0; k < column && start != std::string::npos; ++k) {
            start = line.find(',', start);
            if (start != std::string::npos) ++start;
        }
        if (start == std::string::npos) continue;
        const std::string cell = line.substr(start, line.find(',', start) - start);
        if (!cell.empty()) out.push_back(std::stod(cell));
    }
    return out;
}
}  // namespace

TEST_CASE("track --band virtual-patient re-tracks the head in a video of the virtual patient") {
    // What the app records of the simulated patient's face camera, re-tracked from the command line:
    // the band's layout is the simulator's spec sheet (the default cylinder is a different band).
    ScratchDir dir("cli-track-head");
    const auto sim = run_cli({"simulate", "--preset", "healthy", "--task", "vor_sinusoid", "--view", "face", "--size", "640x480",
                              "--fps", "30", "--seconds", "2", "--seed", "3", "--out", (dir / "sim").string()});
    INFO(sim.output);
    REQUIRE(sim.exit_code == 0);
    // The virtual webcam's field of view: focal length 0.95 x width, 2 atan(0.5 / 0.95) = 55.5 deg.
    const auto track = run_cli({"track", "--tracker", "head", "--band", "virtual-patient", "--fov-deg", "55.5", "--in",
                                (dir / "sim" / "video.mkv").string(), "--out", (dir / "head.csv").string()});
    INFO(track.output);
    REQUIRE(track.exit_code == 0);
    const auto yaw = csv_column(dir / "head.csv", "yaw_deg");
    const auto truth = csv_column(dir / "sim" / "truth.csv", "head_yaw_deg");
    REQUIRE(truth.size() == 60);
    CHECK(yaw.size() == truth.size());  // every frame tracked
    double sum_sq = 0, truth_sq = 0;
    for (std::size_t k = 0; k < std::min(yaw.size(), truth.size()); ++k) {
        sum_sq += (yaw[k] + truth[k]) * (yaw[k] + truth[k]);  // the tracker's yaw is positive to the left
        truth_sq += truth[k] * truth[k];
    }
    const double rms = std::sqrt(sum_sq / double(yaw.size()));
    MESSAGE("CLI head yaw against the virtual head: ", rms, " deg RMS over a ", std::sqrt(truth_sq / double(truth.size())),
            " deg RMS movement");
    CHECK(rms < 1.0);
    CHECK(std::sqrt(truth_sq / double(truth.size())) > 3.0);  // the head really turned
    // The default band (a cylinder of five markers) is not this band: it cannot follow it.
    const auto cylinder = run_cli({"track", "--tracker", "head", "--fov-deg", "55.5", "--in", (dir / "sim" / "video.mkv").string(),
                                   "--out", (dir / "cylinder.csv").string()});
    CHECK(csv_column(dir / "cylinder.csv", "yaw_deg").size() < yaw.size());
}
