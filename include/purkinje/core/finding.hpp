#pragma once
// Findings and model fits: what an analysis concludes, as plain values with units, the method that
// made them, and the normal range they are judged against (with its citation).

#include <optional>
#include <string>
#include <vector>

namespace purkinje {

// Interpretation against the normal range (FHIR's H / L / N), or not judged.
enum class Flag { Normal, Low, High, NotJudged };

const char* to_string(Flag flag);           // "normal", "low", "high", "not judged"
Flag flag_from_string(const std::string&);  // inverse of to_string; throws BadInput otherwise

struct NormalRange {
    std::optional<double> low;   // absent = no lower limit
    std::optional<double> high;  // absent = no upper limit
    std::string citation;        // the published source of the range; required when a limit is set

    bool operator==(const NormalRange&) const = default;
    // Flag for a value: NotJudged when the range has no limit or the value is not finite.
    Flag judge(double value) const;
};

// A UCUM unit as a person reads it after a number: nothing for ratios ("1") and for counts and scores
// (UCUM's annotations "{count}", "{score}", kept for FHIR), the word of another annotation ("{px}" -> "px"),
// else the unit itself ("cm", "deg/s").
inline std::string unit_after_number(const std::string& unit) {
    if (unit == "1") return {};
    if (unit.size() < 2 || unit.front() != '{' || unit.back() != '}') return unit;
    const std::string word = unit.substr(1, unit.size() - 2);
    return word == "count" || word == "score" ? std::string() : word;
}

struct Finding {
    std::string protocol;    // "finger_chase", "head_impulse", ...
    std::string metric;      // key: "endpoint_error_cm", "vor_gain_auc_left", ...
    double value = 0;
    std::string unit;        // UCUM: "cm", "deg/s", "Hz", "ms", "1" for ratios
    std::string method;      // the definition that produced the number: "auc_desaccaded", ...
    NormalRange normal;
    Flag flag = Flag::NotJudged;
    std::optional<double> ci_low;   // 95% interval where the method gives one
    std::optional<double> ci_high;
    std::string label;       // words for a person: "Endpoint error (dysmetria)"

    bool operator==(const Finding&) const = default;
};

struct ModelParameter {
    std::string name;      // "delta", "w", "Delta_ms", "A_f" ...
    double value = 0;
    std::string unit;
    std::optional<double> ci_low;   // 95% interval
    std::optional<double> ci_high;
    bool identifiable = true;       // false: the data cannot pin it, and no number is to be reported
    bool operator==(const ModelParameter&) const = default;
};

struct FitQuality {
    double rmse = 0;          // in the unit of the fitted data
    std::string rmse_unit;
    double r_squared = 0;
    int n_observations = 0;
    bool converged = false;
    std::string message;      // the solver's own summary line
    bool operator==(const FitQuality&) const = default;
};

struct ModelFit {
    std::string protocol;
    std::string model;        // "reach_forward_model", "two_state_adaptation", ...
    std::string model_version;
    std::vector<ModelParameter> parameters;
    FitQuality quality;

    const ModelParameter* parameter(const std::string& name) const;
    bool operator==(const ModelFit&) const = default;
};

}  // namespace purkinje
