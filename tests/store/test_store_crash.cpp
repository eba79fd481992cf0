// A writer killed in the middle of saving, and a file this user may not write.

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "purkinje/core/error.hpp"
#include "purkinje/store/database.hpp"
#include "store_fixtures.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {

// The session every writer saves: 6 trials x 3 channels x 30 s at 250 Hz (about 7 MB), large
// enough that a kill often lands inside the transaction.
Session crash_session() { return test::session_with_channels("P-KILL", 6, 3, 30.0, 250.0); }

[[noreturn]] void writer_process(const std::filesystem::path& path) {
    try {
        auto db = store::Database::open(path);
        for (;;) {
            Session s = crash_session();
            db.save_session(s);
        }
    } catch (...) {
        std::_Exit(3);
    }
}

}  // namespace

TEST_CASE("a writer killed at a random point of saving, 20 times, leaves whole sessions or none") {
    test::ScratchDir dir("store-kill");
    const auto path = dir / "kill.db";
    {
        auto db = store::Database::open(path);
        Patient p = test::demo_patient("P-KILL");
        db.add_patient(p);
    }
    const Session expected = crash_session();
    std::mt19937 rng(20261127);
    std::uniform_int_distribution<int> delay_ms(5, 400);
    int kills_during_save = 0;
    for (int round = 0; round < 20; ++round) {
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) writer_process(path);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
        REQUIRE(kill(child, SIGKILL) == 0);
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        CHECK(WIFSIGNALED(status));

        auto db = store::Database::open(path);
        const auto report = db.check();
        CHECK_MESSAGE(report.ok(), "round " << round << ": " << (report.ok() ? "" : report.problems[0]));
        // Every stored session is complete and identical to what was written.
        for (const auto& summary : db.list_sessions("P-KILL")) {
            CHECK(summary.trial_count == 6);
            Session loaded = db.load_session(summary.id);
            loaded.id = 0;
            loaded.software_version.clear();
            Session want = expected;
            want.software_version.clear();
            CHECK_MESSAGE(loaded == want, "round " << round << ", session " << summary.id);
        }
        // Orphans would mean half a session: trials without a session, channels without a trial.
        CHECK(db.sqlite().execAndGet("SELECT count(*) FROM trial WHERE session_id NOT IN (SELECT id FROM session)")
                  .getInt() == 0);
        const int channels = db.sqlite().execAndGet("SELECT count(*) FROM channel").getInt();
        CHECK(channels == 18 * static_cast<int>(db.list_sessions("P-KILL").size()));
        kills_during_save += 1;
    }
    MESSAGE("sessions stored after 20 kills: " << store::Database::open(path).list_sessions("P-KILL").size());
    CHECK(kills_during_save == 20);
}

TEST_CASE("a database file this user may not write gives a clear error") {
    test::ScratchDir dir("store-perm");
    const auto path = dir / "locked.db";
    { store::Database::open(path); }
    // root may write any file, so the check runs as an unprivileged user in a child process.
    ::chmod(dir.path().c_str(), 0755);
    ::chmod(path.c_str(), 0444);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) std::_Exit(4);
        try {
            store::Database::open(path);
            std::_Exit(1);  // opened for writing: wrong
        } catch (const Error& e) {
            const std::string text = e.what();
            std::_Exit(text.find("read-only") != std::string::npos && text.find("locked.db") != std::string::npos ? 0 : 2);
        } catch (...) {
            std::_Exit(3);
        }
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
