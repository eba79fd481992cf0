#include "session_print.hpp"

#include "purkinje/report/impression.hpp"
#include "table.hpp"

namespace purkinje::cli {
namespace {
// The report's wording of a range, so that the table and the PDF say the same.
std::string range_text(const NormalRange& r) {
    const std::string text = report::format_range(r);
    return text.empty() ? "-" : text;
}
std::string interval_text(const std::optional<double>& low, const std::optional<double>& high, int decimals) {
    if (!low || !high) return "-";
    return "[" + format_number(*low, decimals) + ", " + format_number(*high, decimals) + "]";
}
}  // namespace

void print_findings(std::ostream& out, const std::vector<Finding>& findings) {
    TextTable table({"protocol", "metric", "value", "unit", "95% CI", "normal range", "flag", "method"});
    for (const auto& f : findings)
        table.add({f.protocol, f.metric, format_number(f.value, 3), f.unit, interval_text(f.ci_low, f.ci_high, 3),
                   range_text(f.normal), f.flag == Flag::Normal || f.flag == Flag::NotJudged ? to_string(f.flag)
                                                                                            : std::string("ABNORMAL ") + to_string(f.flag),
                   f.method});
    if (table.empty()) out << "no findings\n"; else table.print(out);
}

void print_model_fits(std::ostream& out, const std::vector<ModelFit>& fits) {
    for (const auto& fit : fits) {
        out << fit.model << " (" << fit.protocol << ", version " << fit.model_version << "): RMSE "
            << format_number(fit.quality.rmse, 3) << " " << fit.quality.rmse_unit << ", R^2 "
            << format_number(fit.quality.r_squared, 3) << ", " << fit.quality.n_observations << " observations"
            << (fit.quality.converged ? "" : ", DID NOT CONVERGE") << "\n";
        TextTable table({"parameter", "value", "unit", "95% CI"});
        for (const auto& p : fit.parameters)
            table.add({p.name, p.identifiable ? format_number(p.value, 3) : "not identifiable", p.unit,
                       p.identifiable ? interval_text(p.ci_low, p.ci_high, 3) : "-"});
        table.print(out);
    }
}

void print_session(std::ostream& out, const Session& s) {
    out << "session " << s.id << " of patient " << s.patient_code << ", started " << s.started_at << "\n"
        << "examiner: " << (s.examiner.empty() ? "-" : s.examiner) << "; camera: " << (s.camera.empty() ? "-" : s.camera)
        << " at " << format_number(s.camera_fps, 1) << " Hz; software " << s.software_version << "\n";
    if (!s.comment.empty()) out << "comment: " << s.comment << "\n";
    out << "\n";
    TextTable trials({"trial", "protocol", "condition", "accepted", "channel", "samples", "rate (Hz)", "duration (s)", "components"});
    for (const auto& t : s.trials) {
        if (t.recording.channels.empty())
            trials.add({std::to_string(t.index), t.protocol, t.condition, t.accepted ? "yes" : "no", "-", "0", "-", "-", "-"});
        for (const auto& c : t.recording.channels) {
            std::string components;
            for (const auto& comp : c.components) components += (components.empty() ? "" : ", ") + comp.name + " [" + comp.unit + "]";
            trials.add({std::to_string(t.index), t.protocol, t.condition, t.accepted ? "yes" : "no", c.name,
                        std::to_string(c.size()), format_number(c.nominal_rate_hz, 1), format_number(c.duration_s(), 2),
                        components});
        }
    }
    if (trials.empty()) out << "no trials\n"; else trials.print(out);
    out << "\nfindings (analysis " << (s.analysis_version.empty() ? "none" : s.analysis_version) << "):\n";
    print_findings(out, s.findings);
    if (!s.model_fits.empty()) {
        out << "\nmodel fits:\n";
        print_model_fits(out, s.model_fits);
    }
}

}  // namespace purkinje::cli
