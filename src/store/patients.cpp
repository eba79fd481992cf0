// Patients: pseudonymous records, identifying fields in their own table.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>

#include "purkinje/core/error.hpp"
#include "purkinje/core/time.hpp"
#include "purkinje/store/database.hpp"
#include "sqlite_error.hpp"

namespace purkinje::store {
namespace {

void validate_patient(const Patient& p) {
    const std::string where = "patient '" + p.code + "'";
    if (p.code.empty()) throw_bad_input("patient code", "is empty", "a pseudonymous code such as P-0001");
    if (p.code.size() > 64) throw_bad_input(where, "code is longer than 64 characters");
    if (std::any_of(p.code.begin(), p.code.end(), [](unsigned char c) { return std::iscntrl(c); }))
        throw_bad_input(where, "code contains control characters", "letters, digits and punctuation");
    static const char* sexes[] = {"female", "male", "other", "unknown"};
    if (std::none_of(std::begin(sexes), std::end(sexes), [&](const char* s) { return p.sex == s; }))
        throw_bad_input(where + ", sex", "'" + p.sex + "' is not a recorded value",
                        "female, male, other or unknown");
    if (p.birth_year && (*p.birth_year < 1880 || *p.birth_year > 2200))
        throw_bad_input(where + ", birth year", std::to_string(*p.birth_year) + " is not plausible",
                        "a year between 1880 and 2200");
}

const char* kSelectPatient =
    "SELECT p.id, p.code, p.birth_year, p.sex, p.diagnosis, p.created_at, "
    "i.patient_id, i.family_name, i.given_name, i.date_of_birth, i.medical_record_number "
    "FROM patient p LEFT JOIN patient_identity i ON i.patient_id = p.id ";

Patient read_patient(SQLite::Statement& q) {
    Patient p;
    p.id = q.getColumn(0).getInt64();
    p.code = q.getColumn(1).getString();
    if (!q.getColumn(2).isNull()) p.birth_year = q.getColumn(2).getInt();
    p.sex = q.getColumn(3).getString();
    p.diagnosis = q.getColumn(4).getString();
    p.created_at = q.getColumn(5).getString();
    if (!q.getColumn(6).isNull())
        p.identity = PatientIdentity{q.getColumn(7).getString(), q.getColumn(8).getString(),
                                     q.getColumn(9).getString(), q.getColumn(10).getString()};
    return p;
}

void write_identity(SQLite::Database& db, const Patient& p) {
    db.exec("DELETE FROM patient_identity WHERE patient_id = " + std::to_string(p.id));
    if (!p.identity) return;
    SQLite::Statement insert(db,
                             "INSERT INTO patient_identity (patient_id, family_name, given_name, "
                             "date_of_birth, medical_record_number) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, p.id);
    insert.bind(2, p.identity->family_name);
    insert.bind(3, p.identity->given_name);
    insert.bind(4, p.identity->date_of_birth);
    insert.bind(5, p.identity->medical_record_number);
    insert.exec();
}

}  // namespace

std::int64_t Database::add_patient(Patient& patient) {
    require_writable("add a patient");
    validate_patient(patient);
    if (find_patient(patient.code))
        throw_bad_input("patient code '" + patient.code + "'", "is already in use", "a new, unique code");
    try {
        SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        if (patient.created_at.empty()) patient.created_at = utc_now_iso8601();
        SQLite::Statement insert(*db_,
                                 "INSERT INTO patient (code, birth_year, sex, diagnosis, created_at) "
                                 "VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, patient.code);
        if (patient.birth_year) insert.bind(2, *patient.birth_year); else insert.bind(2);
        insert.bind(3, patient.sex);
        insert.bind(4, patient.diagnosis);
        insert.bind(5, patient.created_at);
        insert.exec();
        patient.id = db_->getLastInsertRowid();
        write_identity(*db_, patient);
        audit("patient.add", patient.code);
        transaction.commit();
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "adding patient " + patient.code);
    }
    return patient.id;
}

void Database::update_patient(const Patient& patient) {
    require_writable("change a patient");
    validate_patient(patient);
    try {
        SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement update(*db_,
                                 "UPDATE patient SET code = ?, birth_year = ?, sex = ?, diagnosis = ? "
                                 "WHERE id = ?");
        update.bind(1, patient.code);
        if (patient.birth_year) update.bind(2, *patient.birth_year); else update.bind(2);
        update.bind(3, patient.sex);
        update.bind(4, patient.diagnosis);
        update.bind(5, patient.id);
        if (update.exec() != 1)
            throw_not_found("patient " + std::to_string(patient.id), "no such patient to change");
        write_identity(*db_, patient);
        audit("patient.update", patient.code);
        transaction.commit();
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_CONSTRAINT)
            throw_bad_input("patient code '" + patient.code + "'", "is already in use", "a unique code");
        throw_sqlite_error(e, path_.string(), "changing patient " + patient.code);
    }
}

std::vector<Patient> Database::list_patients(const std::string& search) const {
    std::vector<Patient> patients;
    try {
        // The search matches the code, the diagnosis and the identifying names, case-insensitively.
        SQLite::Statement query(*db_, std::string(kSelectPatient) +
                                          "WHERE ?1 = '' OR p.code LIKE ?2 OR p.diagnosis LIKE ?2 "
                                          "OR i.family_name LIKE ?2 OR i.given_name LIKE ?2 "
                                          "OR i.medical_record_number LIKE ?2 ORDER BY p.code");
        query.bind(1, search);
        query.bind(2, "%" + search + "%");
        while (query.executeStep()) patients.push_back(read_patient(query));
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "listing patients");
    }
    return patients;
}

std::optional<Patient> Database::find_patient(const std::string& code) const {
    try {
        SQLite::Statement query(*db_, std::string(kSelectPatient) + "WHERE p.code = ?");
        query.bind(1, code);
        if (query.executeStep()) return read_patient(query);
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "looking up patient " + code);
    }
    return std::nullopt;
}

Patient Database::patient(const std::string& code) const {
    if (auto p = find_patient(code)) return *p;
    throw_not_found("patient '" + code + "'", "no patient with this code in " + path_.string());
}

}  // namespace purkinje::store
