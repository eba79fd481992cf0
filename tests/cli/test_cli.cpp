#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

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
