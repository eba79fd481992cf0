#pragma once
// Running the real app under Xvfb and judging its screenshots, shared by the GUI tests.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <string>

#include "support/test_support.hpp"

namespace purkinje::test {

// Runs bin/purkinje with `arguments` on a 1280x800 virtual screen; returns system()'s status.
inline int run_app(const std::string& arguments) {
    const std::string command = "xvfb-run -a -s '-screen 0 1280x800x24' '" + (binary_dir() / "bin" / "purkinje").string() +
                                "' " + arguments + " 2>&1";
    return std::system(command.c_str());
}

// Not an empty or broken screen: full size, light background with dark text, several colours.
inline void check_screen(const std::filesystem::path& path) {
    INFO("screenshot " << path.string());
    const cv::Mat image = cv::imread(path.string(), cv::IMREAD_COLOR);
    REQUIRE_FALSE(image.empty());
    CHECK(image.cols == 1280);
    CHECK(image.rows == 800);
    cv::Mat grey;
    cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    cv::Scalar mean, stddev;
    cv::meanStdDev(grey, mean, stddev);
    CHECK(stddev[0] > 10.0);
    CHECK(cv::countNonZero(grey < 90) > 2000);  // text
    std::set<int> colours;
    for (int y = 0; y < image.rows; y += 3)
        for (int x = 0; x < image.cols; x += 3) {
            const auto& p = image.at<cv::Vec3b>(y, x);
            colours.insert((p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4));
        }
    CHECK(colours.size() >= 5);
}

}  // namespace purkinje::test
