#pragma once
// Records for store tests: patients, sessions with deterministic channels, findings, fits.

#include <string>

#include "purkinje/core/session.hpp"

namespace purkinje::test {

Patient demo_patient(const std::string& code);
// A session with `trials` trials of `channels` channels each (3 components), `seconds` long at
// `rate_hz`, filled with deterministic values that differ per trial, channel and sample.
Session session_with_channels(const std::string& patient_code, int trials, int channels, double seconds,
                              double rate_hz);
Finding finding(const std::string& protocol, const std::string& metric, double value, const std::string& unit);
ModelFit model_fit();

}  // namespace purkinje::test
