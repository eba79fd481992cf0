#include "purkinje/core/finding.hpp"

#include <cmath>

#include "purkinje/core/error.hpp"

namespace purkinje {

const char* to_string(Flag flag) {
    switch (flag) {
        case Flag::Normal: return "normal";
        case Flag::Low: return "low";
        case Flag::High: return "high";
        case Flag::NotJudged: return "not judged";
    }
    return "not judged";
}

Flag flag_from_string(const std::string& text) {
    for (Flag f : {Flag::Normal, Flag::Low, Flag::High, Flag::NotJudged})
        if (text == to_string(f)) return f;
    throw_bad_input("flag", "'" + text + "' is not a flag", "normal, low, high or not judged");
}

Flag NormalRange::judge(double value) const {
    if (!std::isfinite(value) || (!low && !high)) return Flag::NotJudged;
    if (low && value < *low) return Flag::Low;
    if (high && value > *high) return Flag::High;
    return Flag::Normal;
}

const ModelParameter* ModelFit::parameter(const std::string& parameter_name) const {
    for (const auto& p : parameters)
        if (p.name == parameter_name) return &p;
    return nullptr;
}

}  // namespace purkinje
