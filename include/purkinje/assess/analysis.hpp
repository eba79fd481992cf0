#pragma once
// From recorded channels to findings and model fits: one analyse_* per protocol (each in its own
// file in src/assess), and the whole session at once.
//
// Inputs are the names.hpp channels: "hand" x, y [cm] (or any length unit the caller names), "target"
// and the stimulus events, "gaze" x, y [deg], "head" yaw, pitch, roll [deg], "head_velocity" and
// "eye_velocity" [deg/s] from vHIT imports. Every Finding carries its unit, the method that made it and
// the normal range (with citation) it was judged against; metrics without a published range are
// reported "not judged".

#include <optional>
#include <string>
#include <vector>

#include "purkinje/assess/norms.hpp"
#include "purkinje/assess/sara.hpp"
#include "purkinje/core/finding.hpp"
#include "purkinje/core/session.hpp"

namespace purkinje::assess {

// The version stored with every analysis; a new algorithm gets a new string and re-analysis adds it
// beside the old one (store::Database::add_analysis).
inline constexpr const char* kAlgorithmVersion = "assess-1.0";

struct AnalysisOptions {
    const NormTable* norms = nullptr;   // nullptr: NormTable::standard()
    SaraThresholds sara;
    bool fit_models = true;             // reach forward model, two-state, ...
    int bootstrap_resamples = 100;      // two-state intervals (0 = none, faster)
    double length_unit_to_cm = 1.0;     // hand channel unit -> cm (mm: 0.1)
};

struct ProtocolAnalysis {
    std::string protocol;
    std::vector<Finding> findings;
    std::vector<ModelFit> fits;
    std::optional<int> sara_item;          // items 5, 6, 7
    std::vector<std::string> notes;         // what could not be measured, and why, in words

    const Finding* finding(const std::string& metric) const;
};

ProtocolAnalysis analyse_finger_chase(const Recording& recording, const AnalysisOptions& options = {});
ProtocolAnalysis analyse_nose_finger(const Recording& recording, const AnalysisOptions& options = {});
ProtocolAnalysis analyse_fast_alternating(const Recording& recording, const AnalysisOptions& options = {});
// Postural or rest tremor (protocol key names which), any hand-position recording.
ProtocolAnalysis analyse_tremor(const Recording& recording, const std::string& protocol_key,
                                const AnalysisOptions& options = {});
ProtocolAnalysis analyse_saccades(const Recording& recording, const AnalysisOptions& options = {});
ProtocolAnalysis analyse_smooth_pursuit(const Recording& recording, const AnalysisOptions& options = {});
ProtocolAnalysis analyse_gaze_holding(const Recording& recording, const AnalysisOptions& options = {});
ProtocolAnalysis analyse_vor_sinusoidal(const Recording& recording, const AnalysisOptions& options = {});
ProtocolAnalysis analyse_vor_cancellation(const Recording& recording, const AnalysisOptions& options = {});
// Refuses (Unsupported error) recordings slower than 100 Hz: a head impulse lasts ~150 ms.
ProtocolAnalysis analyse_head_impulse(const Recording& recording, const AnalysisOptions& options = {});
ProtocolAnalysis analyse_vor_adaptation(const Recording& recording, const AnalysisOptions& options = {});
// Impulses imported from a vendor system (channels "head_velocity" and "eye_velocity", one trial
// per impulse, or events "impulse" marking each): gains, saccades, PR score per side.
ProtocolAnalysis analyse_vhit_import(const std::vector<Recording>& impulses,
                                     const AnalysisOptions& options = {});

// Dispatch on the trial's protocol key.
ProtocolAnalysis analyse_trial(const Trial& trial, const AnalysisOptions& options = {});

struct SessionAnalysis {
    std::string algorithm_version = kAlgorithmVersion;
    std::vector<ProtocolAnalysis> protocols;
    std::vector<Finding> findings;     // all protocols, in exam order
    std::vector<ModelFit> fits;
    std::vector<std::string> notes;    // "finger_chase (trial 2): ...": trials that could not be analysed
};

// Analyses every accepted trial. A trial whose data cannot support its protocol (too slow, too
// short, no target) gives a note, not an exception, so one bad trial never loses the session.
SessionAnalysis analyse_session(const Session& session, const AnalysisOptions& options = {});
// Puts the analysis into the session record (analysis_version, findings, model_fits) for saving.
void attach(const SessionAnalysis& analysis, Session& session);

}  // namespace purkinje::assess
