// purkinje-cli patient add|list|show

#include <iostream>

#include "command.hpp"
#include "database_access.hpp"
#include "table.hpp"

namespace purkinje::cli {
namespace {

struct PatientArgs {
    std::string code, sex = "unknown", diagnosis, family, given, dob, mrn, search;
    int birth_year = 0;
};

void print_patient(const Patient& p) {
    std::cout << "code:        " << p.code << "\n"
              << "birth year:  " << (p.birth_year ? std::to_string(*p.birth_year) : "-") << "\n"
              << "sex:         " << p.sex << "\n"
              << "diagnosis:   " << (p.diagnosis.empty() ? "-" : p.diagnosis) << "\n"
              << "created:     " << p.created_at << "\n";
    if (p.identity)
        std::cout << "identity:    " << p.identity->family_name << ", " << p.identity->given_name
                  << " (born " << p.identity->date_of_birth << ", MRN " << p.identity->medical_record_number << ")\n";
}

const bool registered = register_command(10, [](CLI::App& app, GlobalOptions& options) {
    auto args = std::make_shared<PatientArgs>();
    auto* patient = app.add_subcommand("patient", "Add, list and show patients");
    patient->require_subcommand(1);

    auto* add = patient->add_subcommand("add", "Add a patient under a pseudonymous code");
    add->add_option("code", args->code, "Pseudonymous code, e.g. P-0001")->required();
    add->add_option("--birth-year", args->birth_year, "Year of birth");
    add->add_option("--sex", args->sex, "female, male, other or unknown");
    add->add_option("--diagnosis", args->diagnosis, "Working diagnosis (free text)");
    add->add_option("--family-name", args->family, "Identifying: family name (kept apart)");
    add->add_option("--given-name", args->given, "Identifying: given name (kept apart)");
    add->add_option("--date-of-birth", args->dob, "Identifying: YYYY-MM-DD (kept apart)");
    add->add_option("--mrn", args->mrn, "Identifying: medical record number (kept apart)");
    add->callback([args, &options] {
        auto db = open_database(options);
        Patient p;
        p.code = args->code;
        if (args->birth_year) p.birth_year = args->birth_year;
        p.sex = args->sex;
        p.diagnosis = args->diagnosis;
        if (!args->family.empty() || !args->given.empty() || !args->dob.empty() || !args->mrn.empty())
            p.identity = PatientIdentity{args->family, args->given, args->dob, args->mrn};
        db.add_patient(p);
        std::cout << "added patient " << p.code << " to " << db.path().string() << "\n";
    });

    auto* list = patient->add_subcommand("list", "List patients (codes only)");
    list->add_option("--search", args->search, "Part of a code, diagnosis or name");
    list->callback([args, &options] {
        auto db = open_database(options, /*read_only=*/false);
        TextTable table({"code", "birth year", "sex", "diagnosis", "sessions"});
        for (const auto& p : db.list_patients(args->search))
            table.add({p.code, p.birth_year ? std::to_string(*p.birth_year) : "-", p.sex, p.diagnosis,
                       std::to_string(db.list_sessions(p.code).size())});
        if (table.empty()) {
            std::cout << "no patients" << (args->search.empty() ? "" : " match '" + args->search + "'") << "\n";
            return;
        }
        table.print(std::cout);
    });

    auto* show = patient->add_subcommand("show", "Show one patient and their sessions");
    show->add_option("code", args->code, "Patient code")->required();
    show->callback([args, &options] {
        auto db = open_database(options);
        print_patient(db.patient(args->code));
        TextTable sessions({"session", "started (UTC)", "examiner", "trials", "findings", "abnormal"});
        for (const auto& s : db.list_sessions(args->code))
            sessions.add({std::to_string(s.id), s.started_at, s.examiner, std::to_string(s.trial_count),
                          std::to_string(s.finding_count), std::to_string(s.abnormal_count)});
        std::cout << "\n";
        if (sessions.empty()) std::cout << "no sessions yet\n"; else sessions.print(std::cout);
    });
});

}  // namespace
}  // namespace purkinje::cli
