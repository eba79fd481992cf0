#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>

#include "poppler.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/report/impression.hpp"
#include "purkinje/report/pdf_report.hpp"
#include "report_fixtures.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {

std::vector<report::MetricCourse> course_of(const std::vector<Session>& sessions) {
    std::vector<report::MetricCourse> history;
    for (const auto& f : sessions.front().findings) {
        report::MetricCourse course;
        course.metric = f.metric;
        for (std::size_t k = 0; k < sessions.size(); ++k)
            for (const auto& g : sessions[k].findings)
                if (g.metric == f.metric) course.points.push_back({static_cast<std::int64_t>(k + 1), sessions[k].started_at, g});
        history.push_back(course);
    }
    return history;
}

// With PURKINJE_KEEP_REPORTS=<folder> the rendered reports are kept there (docs/reports.md's pictures).
void keep(const std::filesystem::path& pdf, const std::string& name) {
    if (const char* folder = std::getenv("PURKINJE_KEEP_REPORTS"))
        std::filesystem::copy_file(pdf, std::filesystem::path(folder) / name,
                                   std::filesystem::copy_options::overwrite_existing);
}

std::string squeeze(const std::string& text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n') out += c;
    return out;
}

}  // namespace

TEST_CASE("the session report renders every page with ink, the patient code and every finding's value") {
    test::ScratchDir scratch("report_pdf");
    Session session = test::report_session(0);
    session.id = 7;
    const std::string pdf = report::render_session_pdf(test::report_patient(), session);
    REQUIRE(pdf.rfind("%PDF-", 0) == 0);
    const auto file = scratch / "session.pdf";
    test::write_file(file, pdf);
    keep(file, "session.pdf");

    const auto pages = test::render_pages(file, scratch.path());
    // Summary, then one page or more for each of the four protocols.
    REQUIRE(pages.size() >= 5);
    for (std::size_t p = 0; p < pages.size(); ++p) {
        CAPTURE(p + 1);
        CHECK(pages[p].width > 200);
        CHECK(pages[p].ink_fraction() > 0.004);
    }

    const auto texts = test::page_texts(file);
    REQUIRE(texts.size() == pages.size());
    for (std::size_t p = 0; p < texts.size(); ++p) {
        CAPTURE(p + 1);
        CHECK(texts[p].find("P-0042") != std::string::npos);
        CHECK(texts[p].find("page " + std::to_string(p + 1) + " of " + std::to_string(pages.size())) != std::string::npos);
    }
    std::string all;
    for (const auto& t : texts) all += t;
    for (const auto& f : session.findings) {
        CAPTURE(f.metric);
        CHECK(all.find(report::format_value(f.value)) != std::string::npos);
    }
    // Header fields.
    for (const char* field : {"64 years (born 1962), female", "2026-09-03 09:15 UTC", "Dr. A. Holmes", "60.0 frames/s",
                              "UVC webcam", "report 0.1.0"})
        CHECK_MESSAGE(all.find(field) != std::string::npos, field);
    // Plots are labelled; impression and comment are there.
    for (const char* words : {"Hand path and targets", "Impulses to the left", "gain 0.900, phase",
                              "Main sequence (", "Velocity profile, trial 1", "Tremor spectrum, trial 1",
                              "VOR adaptation: gain change per trial", "covert saccade (", "Impression", "Clinician's comment",
                              "SARA limb items", "findings judged against a normal range lie outside it"})
        CHECK_MESSAGE(all.find(words) != std::string::npos, words);
    CHECK(squeeze(all).find(squeeze(session.comment.substr(0, 40))) != std::string::npos);
}

TEST_CASE("a parameter the data cannot identify is named but never given a number") {
    test::ScratchDir scratch("report_identifiable");
    Session session = test::report_session(0);
    session.model_fits[0].parameters[1].value = 0.777;  // w, identifiable = false
    const auto file = scratch / "s.pdf";
    test::write_file(file, report::render_session_pdf(test::report_patient(), session));
    std::string all;
    for (const auto& t : test::page_texts(file)) all += t;
    CHECK(all.find("not identifiable") != std::string::npos);
    CHECK(all.find("0.777") == std::string::npos);
    CHECK(all.find(report::format_value(session.model_fits[0].parameters[2].value)) != std::string::npos);
    CHECK(all.find("104 to 133") != std::string::npos);  // Delta_ms interval
}

TEST_CASE("same data gives the same bytes - only the creation date changes them") {
    const Session session = test::report_session(0);
    const auto a = report::render_session_pdf(test::report_patient(), session);
    const auto b = report::render_session_pdf(test::report_patient(), session);
    CHECK(a == b);
    report::ReportOptions options;
    options.creation_date = "2027-01-02T03:04:05Z";
    const auto c = report::render_session_pdf(test::report_patient(), session, {}, options);
    CHECK(c != a);
    // cairo 1.16 writes the date without PDF's "D:" prefix.
    CHECK(c.find("/CreationDate (20270102030405Z)") != std::string::npos);
    CHECK(a.find("/CreationDate (20260903091500Z)") != std::string::npos);
}

TEST_CASE("the fonts are DejaVu and embedded") {
    test::ScratchDir scratch("report_fonts");
    const auto file = scratch / "s.pdf";
    test::write_file(file, report::render_session_pdf(test::report_patient(), test::report_session(0)));
    const std::string fonts = test::run_command("pdffonts '" + file.string() + "'");
    int dejavu = 0;
    std::istringstream lines(fonts);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find("DejaVu") == std::string::npos) continue;
        ++dejavu;
        // Columns: name type encoding emb sub uni object ID; "yes yes" = embedded subset.
        CHECK_MESSAGE(line.find(" yes ") != std::string::npos, line);
    }
    CHECK(dejavu >= 2);  // regular and bold at least
    CHECK(fonts.find(" no ") == std::string::npos);
}

TEST_CASE("the longitudinal report shows each metric across sessions with its minimal detectable change") {
    test::ScratchDir scratch("report_course");
    const std::vector<Session> sessions = {test::report_session(0), test::report_session(1), test::report_session(2)};
    const auto history = course_of(sessions);
    const auto file = scratch / "course.pdf";
    test::write_file(file, report::render_longitudinal_pdf(test::report_patient(), history));
    keep(file, "course.pdf");
    const auto pages = test::render_pages(file, scratch.path());
    REQUIRE(pages.size() >= 2);
    for (const auto& p : pages) CHECK(p.ink_fraction() > 0.004);
    std::string all;
    for (const auto& t : test::page_texts(file)) all += t;
    CHECK(all.find("Endpoint error (dysmetria)") != std::string::npos);
    // Endpoint error fell from 2.31 to 1.48 cm; MDC95 from the intervals: 1.96 * sqrt(2 * (0.35/1.96)^2) * ...
    const auto& e0 = sessions[0].findings[0];
    const auto& e2 = sessions[2].findings[0];
    const double mdc = *report::minimal_detectable_change(e0, e2);
    CHECK(mdc == doctest::Approx(1.96 * std::hypot(0.35 / 1.96, 0.35 / 1.96)));
    CHECK(squeeze(all).find(squeeze("MDC95 " + report::format_value(mdc) + " cm: beyond measurement noise")) !=
          std::string::npos);
    CHECK(all.find(report::format_value(e2.value)) != std::string::npos);

    // And the session report carries the same course on its last page.
    const auto with_course = scratch / "with_course.pdf";
    test::write_file(with_course, report::render_session_pdf(test::report_patient(), sessions[2], history));
    std::string course_text;
    for (const auto& t : test::page_texts(with_course)) course_text += t;
    CHECK(course_text.find("Course across sessions") != std::string::npos);
}

TEST_CASE("a longitudinal report without any analysed session is refused in words") {
    CHECK_THROWS_WITH_AS(report::render_longitudinal_pdf(test::report_patient(), {}),
                         doctest::Contains("P-0042: has no analysed session"), Error);
}

TEST_CASE("values print with a point, three significant digits and no sign on zero") {
    CHECK(report::format_value(2.3149) == "2.31");
    CHECK(report::format_value(0.62) == "0.620");
    CHECK(report::format_value(187) == "187");
    CHECK(report::format_value(18.44) == "18.4");
    CHECK(report::format_value(0.0123) == "0.0123");
    CHECK(report::format_value(-0.0001) == "-0.0001");
    CHECK(report::format_value(-0.00001) == "0.0000");
    CHECK(report::format_value(std::nan("")) == "-");
    CHECK(report::format_range({0.8, {}, "x"}) == ">= 0.800");
}

TEST_CASE("the impression names every finding outside its range and counts the rest") {
    const Session session = test::report_session(0);
    const std::string text = report::impression(session);
    int outside = 0, judged = 0;
    for (const auto& f : session.findings) {
        if (f.metric.rfind("sara_", 0) == 0 || f.flag == Flag::NotJudged) continue;
        ++judged;
        if (f.flag == Flag::Normal) continue;
        ++outside;
        CHECK_MESSAGE(text.find(report::format_value(f.value)) != std::string::npos, f.metric);
    }
    CHECK(text.find(std::to_string(outside) + " of " + std::to_string(judged) + " findings") != std::string::npos);
    CHECK(text.find("not identifiable") != std::string::npos);

    Session healthy = session;
    for (auto& f : healthy.findings) f.flag = f.flag == Flag::NotJudged ? f.flag : Flag::Normal;
    CHECK(report::impression(healthy).find("lie within it") != std::string::npos);
}

TEST_CASE("damaged channels in memory give a report that says what it could not draw, never a crash") {
    test::ScratchDir scratch("report_damaged");
    Session session = test::report_session(0);
    // An impulse without samples, a hand channel with values missing, a gaze with a backwards time.
    session.trials[2].recording.channels[0].values[0].clear();
    session.trials[1].recording.channels[0].values[1].resize(10);
    auto& gaze = session.trials[10].recording.channels[0];
    std::swap(gaze.t_s[100], gaze.t_s[101]);
    const auto file = scratch / "damaged.pdf";
    test::write_file(file, report::render_session_pdf(test::report_patient(), session));
    keep(file, "damaged.pdf");
    const auto pages = test::render_pages(file, scratch.path());
    CHECK(pages.size() >= 5);
    std::string all;
    for (const auto& t : test::page_texts(file)) all += t;
    CHECK(all.find("1 impulse(s) could not be analysed") != std::string::npos);
    CHECK(all.find("Saccades of trial 11: not drawn") != std::string::npos);
    CHECK(all.find("time does not increase") != std::string::npos);
}
