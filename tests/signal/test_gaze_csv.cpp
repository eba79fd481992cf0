#include <cmath>
#include <doctest/doctest.h>
#include <fstream>

#include "purkinje/core/error.hpp"
#include "purkinje/signal/gaze_csv.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using namespace purkinje::signal;

namespace {
std::filesystem::path write(const test::ScratchDir& dir, const std::string& name, const std::string& text) {
    const auto path = dir / name;
    std::ofstream(path) << text;
    return path;
}

std::string error_of(const std::filesystem::path& path) {
    try {
        gaze_samples(read_csv(path));
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("a gaze CSV is read with empty cells as missing samples and extra columns kept") {
    test::ScratchDir dir("gaze-csv");
    const auto path = write(dir, "ok.csv", "t_s,x,y,pupil\n0.000,1.5,2,3\n0.002,,,3\n0.004,1.7,2.1,3\n");
    const auto table = read_csv(path);
    const auto g = gaze_samples(table);
    REQUIRE(g.t_s.size() == 3);
    CHECK(std::isnan(g.x[1]));
    CHECK(g.y[2] == doctest::Approx(2.1));
    CHECK(table.lines[0] == "0.000,1.5,2,3");
}

TEST_CASE("bad gaze CSV files are refused naming the file, the line and the column") {
    test::ScratchDir dir("gaze-csv-bad");
    CHECK(error_of(write(dir, "back.csv", "t_s,x,y\n0,1,1\n0.002,1,1\n0.001,1,1\n")).find("line 4, column 't_s'") !=
          std::string::npos);
    CHECK(error_of(write(dir, "nan.csv", "t_s,x,y\n0,1,1\n0.002,NaN,1\n")).find("line 3, column 'x'") !=
          std::string::npos);
    CHECK(error_of(write(dir, "empty.csv", "t_s,x,y\n")).find("no data rows") != std::string::npos);
    CHECK(error_of(write(dir, "cols.csv", "time,x,y\n0,1,1\n")).find("no column 't_s'") != std::string::npos);
    CHECK(error_of(write(dir, "short.csv", "t_s,x,y\n0,1\n")).find("line 2") != std::string::npos);
    CHECK(error_of(write(dir, "nothing.csv", "")).find("no header") != std::string::npos);
    CHECK_THROWS_AS(read_csv(dir / "absent.csv"), Error);
}
