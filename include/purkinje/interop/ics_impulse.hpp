#pragma once
// ICS Impulse (Otometrics / Natus) video head impulse exports: the "ICSSuiteDBPMRDataSet" and
// "PMRExportDataSet" XML files, with one HIImpulse (or VW_SHIMPImpulse) element per impulse.
//
// The sample lists follow the exporting workstation's locale: the list separator and the decimal mark
// are given by the test's ListSeparator and DecimalSeparator fields (";" and "," on a Spanish
// workstation). Gain and PeakVelocity are integers scaled by 10^4. Samples are resampled by the vendor
// to 250 Hz (175 samples = 700 ms; the vendor's saccade latencies are multiples of 4 ms).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "purkinje/core/session.hpp"
#include "purkinje/model/vor.hpp"

namespace purkinje::interop {

inline constexpr double kIcsImpulseSampleRateHz = 250.0;

struct IcsImpulse {
    int index = 0;                  // order in the file, from 0 (deleted ones included)
    std::string impulse_uid;
    std::string side;               // "left" or "right" (IsDirectionLeft)
    bool deleted = false;           // IsImpulseDeleted: the examiner rejected it
    std::vector<double> head_velocity_dps;
    std::vector<double> eye_velocity_dps;   // compensatory-positive, as exported
    double vendor_gain = 0;                 // Gain / 10^4
    double vendor_peak_head_velocity_dps = 0;  // PeakVelocity / 10^4
    // SHIMP exports only: the vendor's saccade latencies (ms; absent values, -999, dropped) and counts.
    std::vector<double> vendor_saccade_latencies_ms;
    std::optional<int> vendor_covert_saccades;
    std::optional<int> vendor_overt_saccades;
};

struct IcsImpulseExport {
    std::filesystem::path path;
    std::string test_type;          // "Lateral", "SHIMP Lateral", ...
    std::string started_at;         // the test's StartDateTime (workstation clock), as written
    double camera_frame_rate_hz = 0;  // AvgFrameRate (the camera; samples are at 250 Hz)
    std::string list_separator;
    std::string decimal_separator;
    std::vector<IcsImpulse> impulses;

    bool is_shimp() const;
};

// Reads an export. Throws purkinje::Error (BadInput) naming the file, the impulse and the field for
// malformed XML, a missing field or a value that is not a number; NotFound if the file is absent.
IcsImpulseExport read_ics_impulse_xml(const std::filesystem::path& path);

struct ImportedImpulse {
    IcsImpulse impulse;
    std::optional<model::HeadImpulseAnalysis> analysis;  // absent for deleted impulses
};

struct SideSummary {
    std::string side;
    int accepted = 0;
    int deleted = 0;
    std::optional<double> mean_gain_auc, sd_gain_auc;
    std::optional<double> mean_vendor_gain;
    std::optional<double> median_abs_difference_vs_vendor;  // |gain_auc - vendor Gain|
    int impulses_with_covert = 0;
    int impulses_with_overt = 0;
    std::optional<double> pr_score;
};

struct VhitImport {
    IcsImpulseExport source;
    std::vector<ImportedImpulse> impulses;
    SideSummary left, right;
    // (left - right) / (left + right) of the mean AUC gains, percent; the usual vHIT asymmetry.
    std::optional<double> gain_asymmetry_percent;
};

// Reads and analyses every impulse that was not deleted (HIMP or SHIMP by the test type).
VhitImport import_ics_impulse(const std::filesystem::path& path);

// The import as a session of `patient_code` for the store: one trial per impulse (head and eye
// velocity channels at 250 Hz; deleted impulses kept as rejected trials) and, per side, findings for
// the mean AUC gain (with its normal range), the vendor's mean gain, the PR score and the asymmetry.
Session to_session(const VhitImport& import, const std::string& patient_code);

// The JSON printed by `purkinje-cli import-vhit --json` (field list in docs/models.md).
nlohmann::json to_json(const VhitImport& import);

}  // namespace purkinje::interop
