#include <map>

#include "assess_internal.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

ProtocolAnalysis analyse_trial(const Trial& trial, const AnalysisOptions& options) {
    const Recording& r = trial.recording;
    const std::string& p = trial.protocol;
    if (p == names::kFingerChase) return analyse_finger_chase(r, options);
    if (p == names::kNoseFinger) return analyse_nose_finger(r, options);
    if (p == names::kFastAlternating) return analyse_fast_alternating(r, options);
    if (p == names::kPosturalTremor || p == names::kRestTremor) return analyse_tremor(r, p, options);
    if (p == names::kSaccades) return analyse_saccades(r, options);
    if (p == names::kSmoothPursuit) return analyse_smooth_pursuit(r, options);
    if (p == names::kGazeHolding) return analyse_gaze_holding(r, options);
    if (p == names::kVorSinusoidal) return analyse_vor_sinusoidal(r, options);
    if (p == names::kVorCancellation) return analyse_vor_cancellation(r, options);
    if (p == names::kHeadImpulse) return analyse_head_impulse(r, options);
    if (p == names::kVorAdaptation) return analyse_vor_adaptation(r, options);
    if (p == names::kVhitImport) return analyse_vhit_import({r}, options);
    protocol(p);  // NotFound naming the known protocols
    throw Error(ErrorKind::Internal, "protocol '" + p + "' has no analysis", "trial " + std::to_string(trial.index));
}

SessionAnalysis analyse_session(const Session& session, const AnalysisOptions& options) {
    SessionAnalysis out;
    // Imported impulses are one trial each; they are judged together, as one test.
    std::vector<Recording> imported;
    std::map<std::string, int> seen;
    auto keep = [&](ProtocolAnalysis a, const Trial* trial) {
        // A protocol repeated (left and right hand) keeps both: the condition tells them apart.
        if (trial && seen[a.protocol]++ > 0 && !trial->condition.empty())
            for (auto& f : a.findings) f.label += " (" + trial->condition + ")";
        for (const auto& n : a.notes) out.notes.push_back(n);
        out.findings.insert(out.findings.end(), a.findings.begin(), a.findings.end());
        out.fits.insert(out.fits.end(), a.fits.begin(), a.fits.end());
        out.protocols.push_back(std::move(a));
    };
    for (const auto& trial : session.trials) {
        if (!trial.accepted) continue;
        if (trial.protocol == names::kVhitImport) {
            imported.push_back(trial.recording);
            continue;
        }
        try {
            keep(analyse_trial(trial, options), &trial);
        } catch (const Error& e) {
            out.notes.push_back(trial.protocol + " (trial " + std::to_string(trial.index) + "): " + e.what());
        }
    }
    if (!imported.empty()) {
        try {
            keep(analyse_vhit_import(imported, options), nullptr);
        } catch (const Error& e) {
            out.notes.push_back(std::string("vhit_import: ") + e.what());
        }
    }
    return out;
}

void attach(const SessionAnalysis& analysis, Session& session) {
    session.analysis_version = analysis.algorithm_version;
    session.findings = analysis.findings;
    session.model_fits = analysis.fits;
}

}  // namespace purkinje::assess
