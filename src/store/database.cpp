// Opening, migrating, checking and backing up the database. Patients and sessions are in their
// own files (patients.cpp, sessions.cpp).

#include "purkinje/store/database.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>

#include "migrations.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/time.hpp"
#include "sqlite_error.hpp"

namespace fs = std::filesystem;

namespace purkinje::store {
namespace {

// Reads the 100-byte SQLite header of an existing file and refuses anything that is not an SQLite
// database or that is shorter than its own header says (a truncated copy). SQLite itself would
// only notice the missing pages when a query reaches them.
void check_file_header(const fs::path& path) {
    const auto size = fs::file_size(path);
    if (size == 0) return;  // SQLite treats an empty file as a new database
    std::array<unsigned char, 100> header{};
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(header.data()), header.size());
    static const char magic[] = "SQLite format 3";
    if (in.gcount() < 16 || std::string(reinterpret_cast<const char*>(header.data()), 15) != magic)
        throw Error(ErrorKind::BadInput, "is not a Purkinje database (it is not an SQLite file)",
                    path.string(), "a database made by Purkinje");
    if (in.gcount() < 100)
        throw Error(ErrorKind::Storage, "is truncated: the file ends inside its own header",
                    path.string(), "a complete database file; restore it from a backup");
    auto be32 = [&](int at) {
        return (std::uint32_t(header[at]) << 24) | (std::uint32_t(header[at + 1]) << 16) |
               (std::uint32_t(header[at + 2]) << 8) | std::uint32_t(header[at + 3]);
    };
    std::uint32_t page_size = (std::uint32_t(header[16]) << 8) | header[17];
    if (page_size == 1) page_size = 65536;
    const std::uint32_t change_counter = be32(24);
    const std::uint32_t page_count = be32(28);
    const std::uint32_t valid_for = be32(92);
    // A checkpoint interrupted by a crash may leave the header ahead of the file; the write-ahead
    // log still holds those pages and SQLite recovers them, so only judge a file without a log.
    std::error_code ec;
    const fs::path wal = path.string() + "-wal";
    const bool has_wal = fs::exists(wal, ec) && fs::file_size(wal, ec) > 0;
    if (!has_wal && valid_for == change_counter && page_count > 0 &&
        size < std::uintmax_t(page_size) * page_count)
        throw Error(ErrorKind::Storage,
                    "is truncated: " + std::to_string(size) + " bytes where the database needs " +
                        std::to_string(std::uintmax_t(page_size) * page_count),
                    path.string(), "a complete database file; restore it from a backup");
}

int read_user_version(SQLite::Database& db) {
    return db.execAndGet("PRAGMA user_version").getInt();
}

std::string default_actor() {
    if (const char* user = std::getenv("USER"); user && *user) return user;
    return "unknown";
}

std::string backup_name(const fs::path& path, int version) {
    std::string stamp = utc_now_iso8601();
    for (char& c : stamp)
        if (c == ':') c = '-';
    return path.string() + ".backup-v" + std::to_string(version) + "-" + stamp;
}

void online_backup(SQLite::Database& source, const fs::path& destination) {
    SQLite::Database target(destination, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(target, source);
    // One step copies every page under a single read transaction: a consistent snapshot even
    // while another connection writes (WAL readers see the last commit before they began).
    backup.executeStep(-1);
}

}  // namespace

void migrate(SQLite::Database& db, int target_version) {
    int current = read_user_version(db);
    for (const Migration& migration : migrations()) {
        if (migration.version <= current || migration.version > target_version) continue;
        if (migration.version != current + 1)
            throw Error(ErrorKind::Internal,
                        "migration " + std::string(migration.name) + " does not follow version " +
                            std::to_string(current),
                        "db/migrations");
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        db.exec(migration.sql);
        db.exec("PRAGMA user_version = " + std::to_string(migration.version));
        transaction.commit();
        current = migration.version;
    }
}

int Database::latest_schema_version() { return migrations().empty() ? 0 : migrations().back().version; }

Database Database::open(const fs::path& path, const OpenOptions& options) {
    const std::string where = path.string();
    if (path.empty()) throw_bad_input("database path", "is empty", "a file name");
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (exists && fs::is_directory(path))
        throw_bad_input(where, "is a folder, not a database file", "a file name");
    if (!exists) {
        if (!options.create_if_missing || options.read_only)
            throw_not_found(where, "no database at this path");
        const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
        if (!fs::is_directory(parent))
            throw_bad_input(where, "its folder " + parent.string() + " does not exist",
                            "an existing folder (create it first)");
        if (::access(parent.c_str(), W_OK) != 0)
            throw_bad_input(where, "its folder " + parent.string() + " is not writable",
                            "a folder where this user may create files");
    } else {
        if (!options.read_only && ::access(path.c_str(), W_OK) != 0)
            throw_bad_input(where, "is read-only for this user",
                            "a writable file (or open it read-only, e.g. for db check)");
        check_file_header(path);
    }

    const int flags = options.read_only ? SQLite::OPEN_READONLY
                                        : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    std::unique_ptr<SQLite::Database> db;
    try {
        db = std::make_unique<SQLite::Database>(path, flags, options.busy_timeout_ms);
        const int version = read_user_version(*db);
        const int latest = latest_schema_version();
        if (version > latest)
            throw Error(ErrorKind::Unsupported,
                        "was written by a newer Purkinje (schema version " + std::to_string(version) +
                            "; this program knows up to " + std::to_string(latest) +
                            "). It was not opened and nothing was written",
                        where, "a database of schema version " + std::to_string(latest) + " or older");
        if (version == 0 &&
            db->execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0)
            throw Error(ErrorKind::BadInput,
                        "is an SQLite database of another program (it has tables but no Purkinje "
                        "schema version); it was not changed",
                        where, "a database made by Purkinje");
        if (!options.read_only) {
            db->exec("PRAGMA journal_mode = WAL");
            // FULL: a committed session survives power loss as well as a killed process.
            db->exec("PRAGMA synchronous = FULL");
            if (version > 0 && version < latest) online_backup(*db, backup_name(path, version));
            migrate(*db, latest);
        } else if (version < latest && version > 0) {
            // Read-only opens of an older schema are allowed for checking, never for writing.
        }
        db->exec("PRAGMA foreign_keys = ON");
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, where, "opening the database");
    }
    Database database(path, std::move(db), options.actor.empty() ? default_actor() : options.actor,
                      options.read_only);
    return database;
}

Database::Database(fs::path path, std::unique_ptr<SQLite::Database> db, std::string actor,
                   bool read_only)
    : path_(std::move(path)), db_(std::move(db)), actor_(std::move(actor)), read_only_(read_only) {}

Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

SQLite::Database& Database::sqlite() { return *db_; }

int Database::schema_version() const {
    try {
        return read_user_version(*db_);
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "reading the schema version");
    }
}

void Database::require_writable(const char* what) const {
    if (read_only_)
        throw Error(ErrorKind::Storage, std::string("cannot ") + what + ": the database is open read-only",
                    path_.string());
}

void Database::audit(const std::string& action, const std::string& subject, const std::string& detail) {
    require_writable("write the audit log");
    try {
        SQLite::Statement insert(*db_,
                                 "INSERT INTO audit_log (at, actor, action, subject, detail) "
                                 "VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, utc_now_iso8601());
        insert.bind(2, actor_);
        insert.bind(3, action);
        insert.bind(4, subject);
        insert.bind(5, detail);
        insert.exec();
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "writing the audit log");
    }
}

std::vector<AuditEntry> Database::audit_log(int limit) const {
    std::vector<AuditEntry> entries;
    try {
        SQLite::Statement query(*db_,
                                "SELECT id, at, actor, action, subject, detail FROM audit_log "
                                "ORDER BY id DESC LIMIT ?");
        query.bind(1, limit);
        while (query.executeStep())
            entries.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                               query.getColumn(2).getString(), query.getColumn(3).getString(),
                               query.getColumn(4).getString(), query.getColumn(5).getString()});
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "reading the audit log");
    }
    return entries;
}

CheckReport Database::check() const {
    CheckReport report;
    report.expected_schema_version = latest_schema_version();
    try {
        report.schema_version = read_user_version(*db_);
        if (report.schema_version != report.expected_schema_version)
            report.problems.push_back("schema version " + std::to_string(report.schema_version) +
                                      ", expected " + std::to_string(report.expected_schema_version));
        SQLite::Statement integrity(*db_, "PRAGMA integrity_check");
        while (integrity.executeStep()) {
            const std::string line = integrity.getColumn(0).getString();
            if (line != "ok") report.problems.push_back("integrity: " + line);
        }
        SQLite::Statement foreign(*db_, "PRAGMA foreign_key_check");
        while (foreign.executeStep())
            report.problems.push_back("foreign key: row " + foreign.getColumn(1).getString() +
                                      " of table " + foreign.getColumn(0).getString() +
                                      " points to a missing row of " + foreign.getColumn(2).getString());
    } catch (const SQLite::Exception& e) {
        report.problems.push_back(std::string("SQLite could not read the database: ") + e.what());
    }
    return report;
}

void Database::backup_to(const fs::path& destination) const {
    const std::string where = destination.string();
    if (fs::exists(destination))
        throw_bad_input(where, "already exists; a backup never overwrites a file", "a new file name");
    const fs::path parent = destination.has_parent_path() ? destination.parent_path() : fs::path(".");
    if (!fs::is_directory(parent))
        throw_bad_input(where, "its folder " + parent.string() + " does not exist", "an existing folder");
    // Write beside the destination, then rename: an interrupted backup never looks complete.
    const fs::path partial = destination.string() + ".partial";
    try {
        fs::remove(partial);
        online_backup(*db_, partial);
        fs::rename(partial, destination);
    } catch (const SQLite::Exception& e) {
        std::error_code ec;
        fs::remove(partial, ec);
        throw_sqlite_error(e, where, "writing the backup");
    }
}

}  // namespace purkinje::store
