// "A database on a full disk gives a message and keeps what was already saved" (issue 10), through
// the app's own save path (ExamSession::save, which the live screen calls and whose Error text it
// shows). The full disk is the process's file-size limit (RLIMIT_FSIZE): writes past it fail as on a
// full file system, without needing privileges to mount a small one.

#include <doctest/doctest.h>

#include <csignal>
#include <sys/resource.h>

#include <chrono>
#include <thread>

#include "../../src/app/exam_session.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/store/database.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

namespace {

// One short finger-chase trial of the virtual patient, recorded and tracked as the live screen does.
void record_one_trial(app::ExamSession& exam) {
    exam.start_trial();
    REQUIRE(exam.running() != nullptr);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!exam.collect_finished()) {
        REQUIRE(std::chrono::steady_clock::now() < give_up);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(exam.last_failure().empty());
}

app::ExamPlan plan() {
    app::ExamPlan p;
    p.patient_code = "FULL-01";
    p.protocols = {names::kFingerChase};
    p.source.kind = app::SourceKind::Simulated;
    p.source.patient_preset = "healthy";
    p.trial_seconds = 1.5;
    p.examiner = "test";
    return p;
}

// Limits the size of every file this process writes; restores the old limit when it goes.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);  // a failed write, not a killed process
        getrlimit(RLIMIT_FSIZE, &previous_);
        rlimit limit = previous_;
        limit.rlim_cur = bytes;
        REQUIRE(setrlimit(RLIMIT_FSIZE, &limit) == 0);
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &previous_);
        std::signal(SIGXFSZ, previous_handler_);
    }

private:
    rlimit previous_{};
    void (*previous_handler_)(int) = nullptr;
};

}  // namespace

TEST_CASE("a full disk while saving a session gives a message, keeps the earlier session and the trials to save again") {
    test::ScratchDir dir("app-full-disk");
    const auto db_path = dir / "full.db";
    std::int64_t first_id = 0;
    Session first_stored;
    {
        auto db = store::Database::open(db_path);
        Patient patient;
        patient.code = "FULL-01";
        db.add_patient(patient);
        app::ExamSession first(plan(), dir.path());
        record_one_trial(first);
        first_id = first.save(db);
        first_stored = db.load_session(first_id);
        REQUIRE_FALSE(first_stored.trials.empty());
        REQUIRE(first_stored.trials.front().recording.find(names::kHand) != nullptr);
    }  // closing the last connection checkpoints the WAL: the next write starts it again from 0 bytes

    auto db = store::Database::open(db_path);
    app::ExamSession second(plan(), dir.path());
    record_one_trial(second);
    std::string message;
    {
        // 8 KiB: the write-ahead log's header and one page fit, a whole session does not.
        FileSizeLimit full(8 * 1024);
        try {
            second.save(db);
        } catch (const Error& e) {
            message = e.what();
        }
    }
    INFO("message: " << message);
    CHECK_FALSE(message.empty());                    // the store refused with a readable message
    CHECK_FALSE(second.saved_id().has_value());      // the session is not marked saved
    CHECK(second.trials().size() == 1);              // its trial is still there to save again
    // Nothing stored earlier was lost, and nothing half-written appeared.
    const auto sessions = db.list_sessions("FULL-01");
    REQUIRE(sessions.size() == 1);
    CHECK(db.load_session(first_id) == first_stored);
    // With space again, the same session saves whole.
    const std::int64_t second_id = second.save(db);
    CHECK(second_id != first_id);
    CHECK(db.list_sessions("FULL-01").size() == 2);
    CHECK(db.load_session(second_id).trials.front().recording.find(names::kHand) != nullptr);
    CHECK(db.load_session(first_id) == first_stored);
}
