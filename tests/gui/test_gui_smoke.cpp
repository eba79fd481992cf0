// Opens the real application window under Xvfb, renders a few frames, and checks the screenshot.

#include <doctest/doctest.h>

#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

#include "purkinje/store/database.hpp"
#include "gui_checks.hpp"
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
    REQUIRE(test::run_app("--db '" + db_path.string() + "' --settings '" + (dir / "settings.json").string() +
                          "' --screenshot '" + shot.string() + "' --frames 5") == 0);
    test::check_screen(shot);
    // The patient list (left half) holds dark text rows for the three patients.
    const cv::Mat grey = cv::imread(shot.string(), cv::IMREAD_GRAYSCALE);
    const cv::Mat list = grey(cv::Rect(10, 100, 420, 120));
    CHECK(cv::countNonZero(list < 100) > 100);
}
