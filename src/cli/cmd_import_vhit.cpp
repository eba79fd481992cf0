// purkinje-cli import-vhit FILE.xml [--json]: reads an ICS Impulse export and prints every gain of
// every impulse (deleted impulses listed, not analysed) with a per-side summary.

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "command.hpp"
#include "database_access.hpp"
#include "purkinje/interop/ics_impulse.hpp"

namespace purkinje::cli {
namespace {

struct ImportVhitOptions {
    std::string file;
    std::string patient;
    bool json = false;
};

std::string number(const std::optional<double>& v, const char* format = "{:.3f}") {
    return v ? fmt::format(fmt::runtime(format), *v) : std::string("-");
}

void print_table(const interop::VhitImport& import) {
    std::cout << fmt::format("{} ({}), {} impulses\n", import.source.path.string(), import.source.test_type,
                             import.impulses.size());
    std::cout << "index side   deleted head_dps vendor  auc    regr   40ms   60ms   80ms   saccades\n";
    for (const auto& item : import.impulses) {
        const auto& i = item.impulse;
        const auto* a = item.analysis ? &*item.analysis : nullptr;
        std::string saccades;
        if (a)
            for (const auto& c : a->saccades)
                saccades += fmt::format("{}@{:.0f}ms ", model::to_string(c.kind), c.latency_ms);
        std::cout << fmt::format("{:5d} {:6} {:7} {:8.1f} {:6.3f} {:6} {:6} {:6} {:6} {:6} {}\n", i.index, i.side,
                                 i.deleted ? "yes" : "no", i.vendor_peak_head_velocity_dps, i.vendor_gain,
                                 number(a ? a->gain_auc : std::nullopt), number(a ? a->gain_regression : std::nullopt),
                                 number(a ? a->gain_40ms : std::nullopt), number(a ? a->gain_60ms : std::nullopt),
                                 number(a ? a->gain_80ms : std::nullopt), saccades);
    }
    for (const auto* s : {&import.left, &import.right})
        std::cout << fmt::format("{}: {} accepted, {} deleted, AUC gain {} (SD {}), vendor {}, PR score {}\n", s->side,
                                 s->accepted, s->deleted, number(s->mean_gain_auc), number(s->sd_gain_auc),
                                 number(s->mean_vendor_gain), number(s->pr_score, "{:.0f}"));
}

const bool registered = register_command(65, [](CLI::App& app, GlobalOptions& global) {
    auto options = std::make_shared<ImportVhitOptions>();
    auto* cmd = app.add_subcommand("import-vhit", "Import an ICS Impulse video head impulse export (XML) and compute every VOR gain");
    cmd->add_option("file", options->file, "ICS Impulse XML export")->required();
    cmd->add_flag("--json", options->json, "print JSON (impulses and summary) instead of a table");
    cmd->add_option("--patient", options->patient, "store the import as a session of this patient (code) in --db");
    cmd->callback([options, &global] {
        const interop::VhitImport import = interop::import_ics_impulse(options->file);
        if (!options->patient.empty()) {
            auto db = open_database(global);
            db.patient(options->patient);  // NotFound, naming the code, before anything is written
            Session session = interop::to_session(import, options->patient);
            const auto id = db.save_session(session);
            (options->json ? std::cerr : std::cout) << "stored as session " << id << " of patient " << options->patient << "\n";
        }
        if (options->json)
            std::cout << interop::to_json(import).dump(2) << "\n";
        else
            print_table(import);
    });
});

}  // namespace
}  // namespace purkinje::cli
