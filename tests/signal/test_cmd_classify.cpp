// purkinje-cli classify through the real binary: labels appended to the input, events written, and bad
// files refused with the file, line and column named.
#include <algorithm>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

#include "cli/cli_runner.hpp"
#include "support/test_support.hpp"

using purkinje::test::run_cli;
using purkinje::test::ScratchDir;

namespace {
std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("classify labels a real recording in pixels and writes its events") {
    const auto input = purkinje::test::require_shared_data("lund2013/img_UH21_img_Rome.csv");
    ScratchDir dir("classify");
    const auto out = dir / "labelled.csv", events = dir / "events.csv";
    const auto r = run_cli({"classify", "--in", input.string(), "--out", out.string(), "--rate", "500", "--units",
                            "px", "--screen-px", "1024", "768", "--screen-m", "0.38", "0.30", "--distance-m", "0.67",
                            "--x-column", "x_px", "--y-column", "y_px", "--events", events.string()});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const std::string labelled = read_text(out);
    CHECK(labelled.rfind("t_s,x_px,y_px,label_MN,label_RA,label\n", 0) == 0);
    CHECK(std::count(labelled.begin(), labelled.end(), '\n') == 4989);
    const std::string ev = read_text(events);
    CHECK(ev.find("\nsaccade,2,") != std::string::npos);
    CHECK(ev.find("\npso,3,") != std::string::npos);
    CHECK(r.output.find("saccades") != std::string::npos);
}

TEST_CASE("classify refuses bad files with a clear error and no crash") {
    ScratchDir dir("classify-bad");
    const auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    };
    const auto out = (dir / "out.csv").string();
    struct Case { std::string file, expected; };
    for (const Case& c : {Case{write("back.csv", "t_s,x,y\n0,1,1\n0.002,1,1\n0.001,1,1\n"), "line 4, column 't_s'"},
                          Case{write("nan.csv", "t_s,x,y\n0,1,1\n0.002,nan,1\n"), "line 3, column 'x'"},
                          Case{write("empty.csv", "t_s,x,y\n"), "no data rows"},
                          Case{write("cols.csv", "time,gx,gy\n0,1,1\n"), "no column 't_s'"},
                          Case{(dir / "absent.csv").string(), "cannot be opened"}}) {
        const auto r = run_cli({"classify", "--in", c.file, "--out", out});
        INFO(r.output);
        CHECK(r.exit_code == 1);
        CHECK_FALSE(r.crashed);
        CHECK(r.output.find(c.expected) != std::string::npos);
    }
    const auto px = run_cli({"classify", "--in", write("ok.csv", "t_s,x,y\n0,1,1\n0.002,1,1\n"), "--out", out,
                             "--units", "px"});
    CHECK(px.exit_code == 1);
    CHECK(px.output.find("--screen-px") != std::string::npos);
}
