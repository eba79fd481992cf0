#pragma once
// FHIR R4 export of a session: a Bundle (type "collection") holding
//   - a Patient with the pseudonymous code as its only identifier (no name, no date of birth),
//   - a DiagnosticReport (status final, the exam as code, the impression as conclusion, the results,
//     and the PDF report as presentedForm when one is given),
//   - one Observation per finding: valueQuantity in UCUM (system http://unitsofmeasure.org),
//     referenceRange with the norm's citation, interpretation H/L/N (v3-ObservationInterpretation),
//     method as text, and the 95% interval as a note.
// Resource ids are UUIDs derived from the patient code, session and finding, so the same session gives
// the same bundle.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "purkinje/core/session.hpp"

namespace purkinje::interop {

inline constexpr const char* kUcumSystem = "http://unitsofmeasure.org";
inline constexpr const char* kInterpretationSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
inline constexpr const char* kPatientCodeSystem = "urn:purkinje:patient-code";
inline constexpr const char* kMetricSystem = "urn:purkinje:metric";

struct UcumUnit {
    std::string code;     // the UCUM code: "deg/s", "1", "{px}"
    std::string display;  // what a person reads: "deg/s", "ratio", "px"
};

// The UCUM form of a Purkinje unit; nullopt for a unit UCUM cannot express (the Quantity then carries
// the unit text only, without system and code, which FHIR allows).
std::optional<UcumUnit> ucum_unit(const std::string& unit);

struct FhirOptions {
    std::optional<std::string> pdf;  // the PDF report's bytes, attached as presentedForm when given
    std::string conclusion;          // DiagnosticReport.conclusion (the report's impression)
};

nlohmann::json session_bundle(const Patient& patient, const Session& session, const FhirOptions& options = {});

// RFC 4648 base64 with padding.
std::string base64(const std::string& bytes);

// A version 8 (RFC 9562, name-derived) UUID from two 64-bit FNV-1a hashes of `name`.
std::string uuid_from_name(const std::string& name);

}  // namespace purkinje::interop
