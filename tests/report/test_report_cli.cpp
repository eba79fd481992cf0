#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "../cli/cli_runner.hpp"
#include "poppler.hpp"
#include "purkinje/store/database.hpp"
#include "report_fixtures.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {

// A database with the patient's three visits; returns the session ids.
std::vector<std::int64_t> three_visits(const std::filesystem::path& db_path) {
    auto db = store::Database::open(db_path);
    Patient patient = test::report_patient();
    db.add_patient(patient);
    std::vector<std::int64_t> ids;
    for (int visit = 0; visit < 3; ++visit) {
        Session s = test::report_session(visit);
        ids.push_back(db.save_session(s));
    }
    return ids;
}

}  // namespace

TEST_CASE("purkinje-cli report and export write the session's PDF, CSV and FHIR from the database") {
    test::ScratchDir scratch("report_cli");
    const auto db = (scratch / "p.db").string();
    const auto ids = three_visits(db);
    const std::string id = std::to_string(ids[1]);

    auto r = test::run_cli({"report", "--db", db, "--session", id, "--pdf", (scratch / "s.pdf").string()});
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    const auto texts = test::page_texts(scratch / "s.pdf");
    REQUIRE(texts.size() >= 5);
    // The second visit's report shows the course of visits one and two, not the third.
    std::string all;
    for (const auto& t : texts) all += t;
    CHECK(all.find("Course across sessions") != std::string::npos);
    CHECK(all.find("(session " + std::to_string(ids[0]) + ")") != std::string::npos);
    CHECK(all.find("(session " + std::to_string(ids[2]) + ")") == std::string::npos);

    r = test::run_cli({"report", "--db", db, "--patient", "P-0042", "--pdf", (scratch / "course.pdf").string()});
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(test::page_texts(scratch / "course.pdf").size() >= 2);

    r = test::run_cli({"export", "--db", db, "--session", id, "--csv", (scratch / "csv").string()});
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(std::filesystem::exists(scratch / "csv" / "findings.csv"));

    r = test::run_cli({"export", "--db", db, "--session", id, "--fhir", (scratch / "b.json").string(), "--with-pdf"});
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    const auto bundle = nlohmann::json::parse(test::read_file(scratch / "b.json"));
    bool has_pdf = false;
    for (const auto& e : bundle["entry"])
        if (e["resource"]["resourceType"] == "DiagnosticReport") {
            has_pdf = e["resource"]["presentedForm"][0]["contentType"] == "application/pdf";
            CHECK(e["resource"]["conclusion"].get<std::string>().find("outside") != std::string::npos);
        }
    CHECK(has_pdf);
}

TEST_CASE("a missing session, patient or database is a clear error and leaves no file") {
    test::ScratchDir scratch("report_cli_errors");
    const auto db = (scratch / "p.db").string();
    three_visits(db);
    const auto pdf = scratch / "none.pdf";
    auto r = test::run_cli({"report", "--db", db, "--session", "999", "--pdf", pdf.string()});
    CHECK(r.exit_code == 1);
    CHECK_FALSE(r.crashed);
    CHECK(r.output.find("session 999") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(pdf));

    r = test::run_cli({"report", "--db", db, "--patient", "P-9999", "--pdf", pdf.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("P-9999") != std::string::npos);

    r = test::run_cli({"export", "--db", (scratch / "absent.db").string(), "--session", "1", "--fhir",
                       (scratch / "b.json").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("absent.db") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(scratch / "b.json"));

    // A database file that is not a database.
    test::write_file(scratch / "junk.db", std::string(4096, 'x'));
    r = test::run_cli({"report", "--db", (scratch / "junk.db").string(), "--session", "1", "--pdf", pdf.string()});
    CHECK(r.exit_code == 1);
    CHECK_FALSE(r.crashed);
    CHECK(r.output.find("junk.db") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(pdf));

    r = test::run_cli({"report", "--db", db, "--pdf", pdf.string()});
    CHECK(r.exit_code != 0);
    CHECK(r.output.find("--session") != std::string::npos);
}

TEST_CASE("a session whose stored samples are corrupt gives a clear error, not a report") {
    test::ScratchDir scratch("report_cli_corrupt");
    const auto db_path = (scratch / "p.db").string();
    const auto ids = three_visits(db_path);
    {
        auto db = store::Database::open(db_path);
        db.sqlite().exec("UPDATE channel SET t_s = x'00' WHERE id = (SELECT min(id) FROM channel)");
    }
    const auto pdf = scratch / "c.pdf";
    const auto r = test::run_cli({"report", "--db", db_path, "--session", std::to_string(ids[0]), "--pdf", pdf.string()});
    CHECK(r.exit_code == 1);
    CHECK_FALSE(r.crashed);
    CHECK_MESSAGE(r.output.find("error:") != std::string::npos, r.output);
    CHECK_FALSE(std::filesystem::exists(pdf));
}
