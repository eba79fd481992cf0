#include "sqlite_error.hpp"

#include <sqlite3.h>

#include "purkinje/core/error.hpp"

namespace purkinje::store {

void throw_sqlite_error(const SQLite::Exception& e, const std::string& where, const std::string& doing) {
    const std::string detail = std::string(" (SQLite: ") + e.what() + ")";
    switch (e.getErrorCode()) {
        case SQLITE_FULL:
            throw Error(ErrorKind::Storage, doing + " failed: the disk is full; nothing of this change was saved" + detail,
                        where, "free disk space");
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            throw Error(ErrorKind::Storage, doing + " failed: the database file is damaged" + detail, where,
                        "an intact database; run `purkinje-cli db check` and restore from a backup");
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw Error(ErrorKind::Storage, doing + " failed: another program holds the database" + detail, where,
                        "the other program to finish; try again");
        case SQLITE_READONLY:
            throw Error(ErrorKind::Storage, doing + " failed: the database is read-only" + detail, where,
                        "a writable database file");
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_IOERR:
            throw Error(ErrorKind::Storage, doing + " failed: the file could not be read or written" + detail, where);
        case SQLITE_CONSTRAINT:
            throw Error(ErrorKind::BadInput, doing + " was refused by the database's rules" + detail, where);
        default:
            throw Error(ErrorKind::Storage, doing + " failed" + detail, where);
    }
}

}  // namespace purkinje::store
