#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "purkinje/core/error.hpp"
#include "purkinje/store/database.hpp"
#include "store_fixtures.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using purkinje::test::ScratchDir;

TEST_CASE("a session of 3 channels x 60 s x 250 Hz loads back with the same bits") {
    ScratchDir dir("store-roundtrip");
    auto db = store::Database::open(dir / "p.db");
    Patient p = test::demo_patient("P-RT");
    db.add_patient(p);
    Session s = test::session_with_channels("P-RT", 1, 3, 60.0, 250.0);
    // Awkward values must survive too: NaN for a lost sample, signed zero, denormals, extremes.
    auto& values = s.trials[0].recording.channels[0].values[0];
    values[5] = std::numeric_limits<float>::quiet_NaN();
    values[6] = -0.0f;
    values[7] = std::numeric_limits<float>::denorm_min();
    values[8] = std::numeric_limits<float>::max();
    s.trials[0].recording.channels[0].confidence[5] = 0.0f;
    s.analysis_version = "test-1";
    s.findings = {test::finding("finger_chase", "endpoint_error_cm", 2.5, "cm")};
    s.model_fits = {test::model_fit()};
    db.save_session(s);

    const Session loaded = db.load_session(s.id);
    REQUIRE(loaded.trials.size() == 1);
    REQUIRE(loaded.trials[0].recording.channels.size() == 3);
    CHECK(loaded.trials[0].recording.channels[0].size() == 15000);
    CHECK(loaded == s);
}

TEST_CASE("patients: unique codes, identity kept apart, search") {
    ScratchDir dir("store-patients");
    auto db = store::Database::open(dir / "p.db");
    Patient a = test::demo_patient("P-0001");
    a.identity = PatientIdentity{"Doe", "Jane", "1960-01-02", "MRN-1"};
    db.add_patient(a);
    Patient b = test::demo_patient("P-0002");
    db.add_patient(b);
    Patient duplicate = test::demo_patient("P-0001");
    try {
        db.add_patient(duplicate);
        FAIL("a duplicate code was accepted");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("P-0001") != std::string::npos);
        CHECK(std::string(e.what()).find("already in use") != std::string::npos);
    }
    Patient empty = test::demo_patient("");
    CHECK_THROWS_AS(db.add_patient(empty), Error);
    Patient bad_sex = test::demo_patient("P-9");
    bad_sex.sex = "f";
    CHECK_THROWS_AS(db.add_patient(bad_sex), Error);

    CHECK(db.list_patients().size() == 2);
    CHECK(db.list_patients("doe").size() == 1);
    CHECK(db.patient("P-0001").identity->medical_record_number == "MRN-1");
    CHECK_FALSE(db.patient("P-0002").identity.has_value());
    CHECK_THROWS_AS(db.patient("P-404"), Error);

    Patient changed = db.patient("P-0002");
    changed.diagnosis = "SCA3";
    db.update_patient(changed);
    CHECK(db.patient("P-0002").diagnosis == "SCA3");
    // The identifying table holds the names; the patient table never does.
    const int names_in_patient = db.sqlite().execAndGet(
        "SELECT count(*) FROM patient WHERE diagnosis LIKE '%Doe%' OR code LIKE '%Doe%'").getInt();
    CHECK(names_in_patient == 0);
}

TEST_CASE("re-analysis adds a new version and keeps the old one") {
    ScratchDir dir("store-analysis");
    auto db = store::Database::open(dir / "p.db");
    Patient p = test::demo_patient("P-A");
    db.add_patient(p);
    Session s = test::session_with_channels("P-A", 1, 1, 1.0, 100.0);
    s.analysis_version = "1.0";
    s.findings = {test::finding("saccades", "saccade_gain", 0.95, "1")};
    db.save_session(s);
    db.add_analysis(s.id, "1.1", {test::finding("saccades", "saccade_gain", 0.91, "1")}, {});
    CHECK_THROWS_AS(db.add_analysis(s.id, "1.0", {}, {}), Error);
    CHECK(db.analyses(s.id).size() == 2);
    CHECK(db.load_session(s.id).findings[0].value == doctest::Approx(0.91));
    CHECK(db.load_session(s.id, std::string("1.0")).findings[0].value == doctest::Approx(0.95));
    CHECK_THROWS_AS(db.load_session(s.id, std::string("9.9")), Error);
    CHECK_THROWS_AS(db.add_analysis(424242, "2.0", {}, {}), Error);
}

TEST_CASE("the course of a metric follows the sessions in time order") {
    ScratchDir dir("store-series");
    auto db = store::Database::open(dir / "p.db");
    Patient p = test::demo_patient("P-S");
    db.add_patient(p);
    for (int k = 0; k < 3; ++k) {
        Session s = test::session_with_channels("P-S", 1, 1, 0.5, 100.0);
        s.started_at = "2026-0" + std::to_string(k + 1) + "-01T10:00:00Z";
        s.analysis_version = "1.0";
        s.findings = {test::finding("finger_chase", "endpoint_error_cm", 3.0 - k, "cm")};
        db.save_session(s);
    }
    const auto series = db.metric_series("P-S", "endpoint_error_cm");
    REQUIRE(series.size() == 3);
    CHECK(series[0].finding.value == doctest::Approx(3.0));
    CHECK(series[2].finding.value == doctest::Approx(1.0));
    CHECK(db.metrics_of_patient("P-S") == std::vector<std::string>{"endpoint_error_cm"});
}

TEST_CASE("the audit log refuses changes and removals") {
    ScratchDir dir("store-audit");
    auto db = store::Database::open(dir / "p.db");
    Patient p = test::demo_patient("P-AU");
    db.add_patient(p);
    REQUIRE_FALSE(db.audit_log().empty());
    CHECK(db.audit_log().front().action == "patient.add");
    CHECK_THROWS_AS(db.sqlite().exec("UPDATE audit_log SET actor = 'someone else'"), SQLite::Exception);
    CHECK_THROWS_AS(db.sqlite().exec("DELETE FROM audit_log"), SQLite::Exception);
    CHECK(db.audit_log().front().action == "patient.add");
}

TEST_CASE("a schema-1 database is backed up, migrated, and keeps all its data") {
    ScratchDir dir("store-migrate");
    const auto path = dir / "old.db";
    {
        SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        std::ifstream fixture(test::source_dir() / "tests/store/fixtures/schema_v1.sql");
        std::stringstream sql;
        sql << fixture.rdbuf();
        old.exec(sql.str());
        REQUIRE(old.execAndGet("PRAGMA user_version").getInt() == 1);
    }
    auto db = store::Database::open(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.check().ok());
    const Patient p = db.patient("P-0007");
    CHECK(p.identity->family_name == "Muster");
    const Session s = db.load_session(1);
    CHECK(s.comment == "baseline before rehabilitation");
    REQUIRE(s.trials.size() == 1);
    CHECK(s.trials[0].recording.channels[0].values[0] == std::vector<float>{1.0f, 2.0f});
    CHECK(s.findings[0].flag == Flag::High);
    CHECK(s.trials[0].videos.empty());
    int backups = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        if (entry.path().filename().string().rfind("old.db.backup-v1-", 0) == 0) {
            ++backups;
            SQLite::Database copy(entry.path());
            CHECK(copy.execAndGet("PRAGMA user_version").getInt() == 1);
        }
    CHECK(backups == 1);
}

TEST_CASE("a database from a newer Purkinje is refused and not written") {
    ScratchDir dir("store-newer");
    const auto path = dir / "future.db";
    { store::Database::open(path); }
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = 999");
    }
    const auto before = std::filesystem::last_write_time(path);
    const auto size_before = std::filesystem::file_size(path);
    try {
        store::Database::open(path);
        FAIL("a newer schema was opened");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::Unsupported);
        CHECK(std::string(e.what()).find("newer Purkinje") != std::string::npos);
    }
    CHECK(std::filesystem::last_write_time(path) == before);
    CHECK(std::filesystem::file_size(path) == size_before);
}

TEST_CASE("bad database paths give clear errors, never a crash") {
    ScratchDir dir("store-bad");
    SUBCASE("folder missing") {
        try {
            store::Database::open(dir / "no-such-folder" / "p.db");
            FAIL("opened");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("does not exist") != std::string::npos);
        }
    }
    SUBCASE("a folder instead of a file") {
        CHECK_THROWS_AS(store::Database::open(dir.path()), Error);
    }
    SUBCASE("a file that is not a database") {
        std::ofstream(dir / "notes.db") << "these are my notes, not a database\n";
        try {
            store::Database::open(dir / "notes.db");
            FAIL("opened");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("not a Purkinje database") != std::string::npos);
        }
    }
    SUBCASE("another program's SQLite database") {
        {
            SQLite::Database other(dir / "other.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            other.exec("CREATE TABLE recipes (name TEXT)");
        }
        CHECK_THROWS_AS(store::Database::open(dir / "other.db"), Error);
    }
    SUBCASE("a truncated database") {
        {
            auto db = store::Database::open(dir / "full.db");
            Patient p = test::demo_patient("P-T");
            db.add_patient(p);
            Session s = test::session_with_channels("P-T", 2, 3, 20.0, 250.0);
            db.save_session(s);
            db.sqlite().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        const auto size = std::filesystem::file_size(dir / "full.db");
        std::filesystem::resize_file(dir / "full.db", size / 2);
        try {
            auto db = store::Database::open(dir / "full.db");
            (void)db.load_session(1);
            FAIL("a truncated database was read");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("truncated") != std::string::npos);
        }
    }
    SUBCASE("a missing file when creation is not allowed") {
        store::OpenOptions options;
        options.create_if_missing = false;
        CHECK_THROWS_AS(store::Database::open(dir / "absent.db", options), Error);
    }
}

TEST_CASE("a read-only open refuses writes with a message") {
    ScratchDir dir("store-ro");
    { store::Database::open(dir / "p.db"); }
    store::OpenOptions options;
    options.read_only = true;
    auto db = store::Database::open(dir / "p.db", options);
    Patient p = test::demo_patient("P-RO");
    try {
        db.add_patient(p);
        FAIL("wrote");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("read-only") != std::string::npos);
    }
}

TEST_CASE("a backup is a consistent, complete copy and never overwrites") {
    ScratchDir dir("store-backup");
    auto db = store::Database::open(dir / "p.db");
    Patient p = test::demo_patient("P-B");
    db.add_patient(p);
    Session s = test::session_with_channels("P-B", 1, 2, 5.0, 250.0);
    db.save_session(s);
    db.backup_to(dir / "copy.db");
    auto copy = store::Database::open(dir / "copy.db");
    CHECK(copy.check().ok());
    CHECK(copy.load_session(s.id) == db.load_session(s.id));
    CHECK_THROWS_AS(db.backup_to(dir / "copy.db"), Error);
    CHECK_FALSE(std::filesystem::exists(dir / "copy.db.partial"));
}
