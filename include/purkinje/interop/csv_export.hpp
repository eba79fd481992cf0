#pragma once
// CSV export of a session: plain UTF-8 text, ',' between fields, '.' as the decimal mark whatever the
// locale, '\n' line ends, RFC 4180 quoting of text fields that hold a comma, quote or line break, and an
// empty field for a missing value. The columns of every file are listed in docs/reports.md.
//
//   findings.csv                 one row per finding of the session's analysis
//   model_fits.csv               one row per parameter of every model fit
//   trials.csv                   one row per trial
//   events.csv                   one row per stimulus event
//   channels/trial_NN_<name>.csv one file per channel of every trial: t_s, one column per component, confidence

#include <filesystem>
#include <string>
#include <vector>

#include "purkinje/core/session.hpp"

namespace purkinje::interop {

// Shortest text that reads back to the same double (std::to_chars), "" for a value that is not finite.
std::string csv_number(double value);
std::string csv_number(float value);
// The field as written: quoted when it holds ',', '"', '\r' or '\n'.
std::string csv_field(const std::string& text);

std::string findings_csv(const Session& session);
std::string model_fits_csv(const Session& session);
std::string trials_csv(const Session& session);
std::string events_csv(const Session& session);
std::string channel_csv(const Channel& channel);

// Writes every file above into `folder` (created when missing), each one atomically. Returns the paths
// written, relative to `folder`.
std::vector<std::filesystem::path> export_session_csv(const Session& session, const std::filesystem::path& folder);

}  // namespace purkinje::interop
