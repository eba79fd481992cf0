// Opens the real application window under Xvfb, renders a few frames, and checks the screenshot.

#include <doctest/doctest.h>

#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

#include "purkinje/store/database.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

TEST_CASE("the application window opens under Xvfb and shows the patient list") {
    test::ScratchDir dir("gui-smoke");
    const auto db_path = dir / "gui.db";
    {
        auto db = store::Database::open(db_path);
        for (const char* code : {"P-0001", "P-0002", "P-0003"}) {
            Patient p;
            p.code = code;
            p.diagnosis = "SCA6";
            db.add_patient(p);
        }
    }
    const auto shot = dir / "patients.png";
    const std::string command = "xvfb-run -a -s '-screen 0 1280x800x24' '" + (test::binary_dir() / "bin" / "purkinje").string() +
                                "' --db '" + db_path.string() + "' --screenshot '" + shot.string() + "' --frames 5 2>&1";
    const int status = std::system(command.c_str());
    REQUIRE_MESSAGE(status == 0, "the app did not run: " << command);
    const cv::Mat image = cv::imread(shot.string(), cv::IMREAD_COLOR);
    REQUIRE_FALSE(image.empty());
    CHECK(image.cols == 1280);
    CHECK(image.rows == 800);

    // Not blank: the background is light, text is dark, and the UI uses several colours.
    cv::Mat grey;
    cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    cv::Scalar mean, stddev;
    cv::meanStdDev(grey, mean, stddev);
    CHECK(stddev[0] > 10.0);
    std::set<int> colours;
    for (int y = 0; y < image.rows; y += 3)
        for (int x = 0; x < image.cols; x += 3) {
            const auto& p = image.at<cv::Vec3b>(y, x);
            colours.insert((p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4));
        }
    CHECK(colours.size() >= 5);
    // The patient list (left third) holds dark text rows for the three patients.
    const cv::Mat list = grey(cv::Rect(10, 100, 420, 120));
    CHECK(cv::countNonZero(list < 100) > 100);
}
