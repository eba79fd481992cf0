// purkinje-cli demo: the examination end to end on a virtual patient. The simulator performs every
// protocol on assess's stimulus schedules, its eye, face and hand camera frames are rendered and
// measured by the real trackers (unless --fast), the session is analysed (findings, SARA limb items,
// model fits), stored in one transaction and printed.
// --sessions N follows a rehabilitation course and prints the change of every metric.

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>

#include "command.hpp"
#include "database_access.hpp"
#include "exam_demo.hpp"
#include "purkinje/assess/longitudinal.hpp"
#include "purkinje/assess/protocol.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/paths.hpp"
#include "purkinje/interop/atomic_file.hpp"
#include "purkinje/report/pdf_report.hpp"
#include "session_print.hpp"
#include "table.hpp"

namespace purkinje::cli {
namespace {

struct DemoArgs {
    std::string preset = "mild_cerebellar_ataxia";
    std::string course = "course_cerebellar_rehabilitation";
    int sessions = 1;
    std::string pdf;
    bool fast = false;
    int retest = 0;
    std::uint64_t seed = 1;
};

void print_sara_and_fits(std::ostream& out, const assess::SessionAnalysis& a) {
    TextTable sara({"SARA item", "estimate", "from"});
    for (const auto& p : a.protocols)
        if (p.sara_item) {
            const auto& info = assess::protocol(p.protocol);
            sara.add({std::to_string(*info.sara_item) + " " + info.title, std::to_string(*p.sara_item) + " / 4",
                      p.findings.empty() ? "" : p.findings.back().method});
        }
    out << "\nSARA limb items (estimated; " << assess::kSaraCitation << ")\n";
    sara.print(out);
    out << "\nModel fits\n";
    print_model_fits(out, a.fits);
    if (!a.notes.empty()) {
        out << "\nNotes\n";
        for (const auto& n : a.notes) out << "  - " << n << "\n";
    }
}

std::string patient_code_for(const std::string& preset) {
    if (preset == DemoArgs{}.preset) return "DEMO-001";  // the demo patient of every default run
    std::string code = "DEMO-";
    for (char c : preset) code += c == '_' ? '-' : char(std::toupper(static_cast<unsigned char>(c)));
    return code;
}

void ensure_patient(store::Database& db, const std::string& code, const std::string& diagnosis) {
    if (db.find_patient(code)) return;
    Patient p;
    p.code = code;
    p.birth_year = 1961;
    p.sex = "female";
    p.diagnosis = "virtual patient: " + diagnosis;
    db.add_patient(p);
}

// Test-retest: `repeats` sessions of each preset with new seeds (--fast channels), the
// MDC95 of every metric from the within-patient spread, printed as assets/mdc CSV rows.
void run_retest(const DemoArgs& args) {
    const std::vector<std::string> presets{"healthy", "mild_cerebellar_ataxia", "severe_cerebellar_ataxia"};
    std::map<std::string, std::vector<std::vector<double>>> values;  // key -> per preset repeats
    std::map<std::string, std::string> units;
    for (std::size_t p = 0; p < presets.size(); ++p) {
        const auto patient = sim::load_named_preset(presets[p]);
        for (int k = 0; k < args.retest; ++k) {
            ExamOptions o;
            o.track_frames = false;
            o.seed = args.seed + 7919 * std::uint64_t(k + 1);
            assess::AnalysisOptions ao;
            ao.fit_models = false;
            const auto a = assess::analyse_session(simulate_exam(patient, "RETEST", o).session, ao);
            for (const auto& f : a.findings) {
                auto& v = values[f.protocol + "/" + f.metric];
                v.resize(presets.size());
                v[p].push_back(f.value);
                units[f.protocol + "/" + f.metric] = f.unit;
            }
        }
    }
    std::cout << "protocol,metric,unit,mdc95,source\n";
    for (const auto& [key, repeats] : values) {
        const auto mdc = assess::mdc95_from_repeats(repeats);
        if (!mdc) continue;
        const auto slash = key.find('/');
        std::cout << key.substr(0, slash) << "," << key.substr(slash + 1) << "," << units[key] << "," << *mdc
                  << ",\"test-retest of " << args.retest << " simulated repeat sessions of each of the healthy, mild and "
                  << "severe cerebellar ataxia presets (purkinje-cli demo --retest " << args.retest << ", "
                  << assess::kAlgorithmVersion << ")\"\n";
    }
}

void run_demo(const GlobalOptions& global, const DemoArgs& args) {
    if (args.retest > 0) return run_retest(args);
    GlobalOptions options = global;
    if (options.db_path.empty()) options.db_path = "purkinje-demo.db";
    if (args.sessions < 1) throw_bad_input("--sessions", "must be at least 1", "a positive count");
    auto db = open_database(options);
    ExamOptions exam_options;
    exam_options.track_frames = !args.fast;
    exam_options.progress = [](const std::string& s) { std::cerr << "  " << s << "\n"; };

    std::vector<sim::PatientParams> patients;
    std::string code;
    if (args.sessions == 1) {
        patients.push_back(sim::load_named_preset(args.preset));
        code = patient_code_for(args.preset);
    } else {
        const auto course = sim::load_course(assets_dir() / "presets" / (args.course + ".json"));
        const int last = course.waypoints.empty() ? 0 : course.waypoints.back().session;
        for (int k = 0; k < args.sessions; ++k)
            patients.push_back(course.at_session(int(std::lround(double(k) * last / (args.sessions - 1)))));
        code = patient_code_for(args.course);
    }
    ensure_patient(db, code, args.sessions == 1 ? patients.front().description : args.course);
    std::cout << "Purkinje demo: database " << db.path().string() << "\n";

    std::vector<std::vector<Finding>> course_findings;
    std::int64_t last_session_id = 0;
    for (int k = 0; k < args.sessions; ++k) {
        exam_options.seed = args.seed + std::uint64_t(k) * 101;
        std::cerr << "Session " << k + 1 << " of " << args.sessions << ": " << patients[std::size_t(k)].name << "\n";
        auto exam = simulate_exam(patients[std::size_t(k)], code, exam_options);
        const auto analysis = assess::analyse_session(exam.session);
        assess::attach(analysis, exam.session);
        exam.session.comment = "demo session " + std::to_string(k + 1);
        last_session_id = db.save_session(exam.session);
        course_findings.push_back(analysis.findings);
        if (args.sessions == 1 || k == args.sessions - 1) {
            const Session stored = db.load_session(exam.session.id);
            std::cout << "\nSession " << stored.id << " of " << code << " (" << patients[std::size_t(k)].name
                      << "), analysis " << stored.analysis_version << "\n";
            for (const auto& n : exam.notes) std::cout << "  measured: " << n << "\n";
            std::cout << "\nFindings\n";
            print_findings(std::cout, stored.findings);
            print_sara_and_fits(std::cout, analysis);
        }
    }
    if (args.sessions > 1) {
        const auto changes = assess::change_from_baseline(course_findings, assess::standard_mdc());
        std::cout << "\nChange from baseline over " << args.sessions << " sessions\n";
        TextTable t({"protocol", "metric", "baseline", "latest", "change", "unit", "MDC95", "verdict"});
        for (const auto& c : changes)
            t.add({c.protocol, c.metric, format_number(c.baseline, 3), format_number(c.latest, 3),
                   format_number(c.change, 3), c.unit, c.mdc ? format_number(c.mdc->value, 3) : "-", c.verdict});
        t.print(std::cout);
        std::cout << "MDC95 sources: assets/mdc/*.csv (each row names its source)\n";
    }
    if (!args.pdf.empty()) {
        const std::string pdf = report::render_stored_session_pdf(db, db.load_session(last_session_id));
        interop::write_file_atomically(args.pdf, pdf);  // never a half-written report
        std::cout << "\nReport written: " << args.pdf << "\n";
    }
    std::cout << "\n" << db.list_sessions(code).size() << " session(s) of " << code << " stored.\n";
}

const bool registered = register_command(1, [](CLI::App& app, GlobalOptions& options) {
    auto* demo = app.add_subcommand("demo", "Demo examination on a virtual patient (no camera needed)");
    auto args = std::make_shared<DemoArgs>();
    demo->add_option("--preset", args->preset, "Virtual patient preset (assets/presets)")->capture_default_str();
    demo->add_option("--sessions", args->sessions, "Sessions of a rehabilitation course (change per metric)")
        ->capture_default_str();
    demo->add_option("--course", args->course, "Rehabilitation course for --sessions > 1")->capture_default_str();
    demo->add_option("--pdf", args->pdf, "Write the session report as PDF");
    demo->add_option("--seed", args->seed, "Random seed of the virtual patient")->capture_default_str();
    demo->add_flag("--fast", args->fast,
                   "Render no frames: every channel from the simulator truth plus tracker-like noise (for many patients)");
    demo->add_option("--retest", args->retest,
                     "Print the MDC95 of every metric from this many simulated repeat sessions per preset (CSV)");
    demo->callback([&options, args] { run_demo(options, *args); });
});

}  // namespace
}  // namespace purkinje::cli
