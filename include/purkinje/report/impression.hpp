#pragma once
// Words and numbers as the report prints them, shared by the PDF and the exports' callers.

#include <string>
#include <vector>

#include "purkinje/core/finding.hpp"
#include "purkinje/core/session.hpp"

namespace purkinje::report {

// A clinical value as printed: 3 significant digits (no exponent, at most 4 decimals), '.' as the
// decimal mark whatever the locale, "-" for a value that is not finite. Tests search the PDF text for it.
std::string format_value(double value);

// "0.80 to 1.20", "< 1.5", "> 0.8", or "" when the range has no limit.
std::string format_range(const NormalRange& range);

// Words a person reads for a protocol key ("finger_chase" -> "Finger chase (SARA 5)").
std::string protocol_title(const std::string& protocol);

// The SARA limb items of a session: findings whose metric starts with "sara_" (the assess
// convention: sara_finger_chase_right, sara_nose_finger_left, sara_fast_alternating_right, ...).
std::vector<Finding> sara_items(const std::vector<Finding>& findings);

// A short plain-language impression made from the flags only: which findings lie outside their normal
// range, grouped by protocol, how many were judged, and which could not be judged. It describes; it
// does not diagnose.
std::string impression(const Session& session);

}  // namespace purkinje::report
