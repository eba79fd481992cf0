#pragma once
// The Purkinje database: one SQLite file per installation (WAL, foreign keys, busy timeout), schema
// migrations from db/migrations applied in order with PRAGMA user_version. Every write of a session
// is one transaction, so a crash never leaves half a session. Tables are described in docs/database.md.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/session.hpp"

namespace SQLite {
class Database;
}

namespace purkinje::store {

struct OpenOptions {
    // Create the file (and apply every migration) when it does not exist. When false, a missing
    // file is a NotFound error.
    bool create_if_missing = true;
    // Open without any write: no migration, no WAL switch. Writes throw.
    bool read_only = false;
    // Who is acting, for the audit log ("cli", the examiner's name ...). Default: $USER or "unknown".
    std::string actor;
    // How long a write waits for another process's lock before failing.
    int busy_timeout_ms = 5000;
};

struct SessionSummary {
    std::int64_t id = 0;
    std::string patient_code;
    std::string started_at;
    std::string examiner;
    int trial_count = 0;
    std::string latest_analysis_version;  // empty when never analysed
    int finding_count = 0;                // in the latest analysis
    int abnormal_count = 0;               // flags high or low in the latest analysis
};

struct AnalysisSummary {
    std::int64_t id = 0;
    std::string algorithm_version;
    std::string created_at;
    int finding_count = 0;
};

// One point of a metric's course across a patient's sessions (latest analysis of each session).
struct MetricPoint {
    std::int64_t session_id = 0;
    std::string started_at;
    Finding finding;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::string at, actor, action, subject, detail;
};

// The result of `db check`: every problem in words; ok() when there is none.
struct CheckReport {
    int schema_version = 0;
    int expected_schema_version = 0;
    std::vector<std::string> problems;
    bool ok() const { return problems.empty(); }
};

class Database {
public:
    // Opens (and when needed creates and migrates) the database at `path`. An older schema is
    // migrated after a backup copy `<name>.backup-v<N>-<time>` beside the file; a newer schema is
    // refused without any write. Errors name the file and say what is wrong in plain words.
    static Database open(const std::filesystem::path& path, const OpenOptions& options = {});

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    const std::filesystem::path& path() const { return path_; }
    int schema_version() const;
    static int latest_schema_version();

    // Patients. Codes are unique; adding a duplicate is a BadInput error naming the code.
    std::int64_t add_patient(Patient& patient);
    void update_patient(const Patient& patient);
    std::vector<Patient> list_patients(const std::string& search = {}) const;
    std::optional<Patient> find_patient(const std::string& code) const;
    Patient patient(const std::string& code) const;  // NotFound error when absent

    // Saves a whole session (trials, channels, events, videos, and its analysis when
    // `analysis_version` is set) in one transaction; sets session.id.
    std::int64_t save_session(Session& session);
    // Loads a session with its latest analysis (or the given algorithm version).
    Session load_session(std::int64_t session_id,
                         const std::optional<std::string>& analysis_version = std::nullopt) const;
    std::vector<SessionSummary> list_sessions(const std::string& patient_code = {}) const;
    std::vector<AnalysisSummary> analyses(std::int64_t session_id) const;

    // Stores a new analysis of a stored session; an existing version is kept and refused again.
    std::int64_t add_analysis(std::int64_t session_id, const std::string& algorithm_version,
                              const std::vector<Finding>& findings,
                              const std::vector<ModelFit>& model_fits);
    void set_session_comment(std::int64_t session_id, const std::string& comment);
    void set_trial_accepted(std::int64_t session_id, int trial_index, bool accepted,
                            const std::string& note);

    // The course of one metric across a patient's sessions, oldest first.
    std::vector<MetricPoint> metric_series(const std::string& patient_code,
                                           const std::string& metric) const;
    // Every metric key that appears in the latest analyses of a patient's sessions.
    std::vector<std::string> metrics_of_patient(const std::string& patient_code) const;

    std::vector<AuditEntry> audit_log(int limit = 100) const;
    void audit(const std::string& action, const std::string& subject, const std::string& detail = {});

    // integrity_check, foreign_key_check and schema version.
    CheckReport check() const;
    // A consistent copy through SQLite's online backup, safe while another process writes.
    void backup_to(const std::filesystem::path& destination) const;

    SQLite::Database& sqlite();  // for tests and maintenance

private:
    Database(std::filesystem::path path, std::unique_ptr<SQLite::Database> db, std::string actor,
             bool read_only);
    void require_writable(const char* what) const;

    std::filesystem::path path_;
    std::unique_ptr<SQLite::Database> db_;
    std::string actor_;
    bool read_only_ = false;
};

// Applies the embedded migrations up to `target_version` (for tests that build old databases).
void migrate(SQLite::Database& db, int target_version);

}  // namespace purkinje::store
