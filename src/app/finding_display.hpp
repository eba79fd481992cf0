#pragma once
// How a finding looks on every screen: its flag's colour and its value in the display units.

#include <imgui.h>

#include <cstdio>
#include <string>

#include "purkinje/core/finding.hpp"
#include "settings.hpp"

namespace purkinje::app {

inline ImVec4 flag_colour(Flag flag) {
    switch (flag) {
        case Flag::High:
        case Flag::Low: return ImVec4(0.75f, 0.1f, 0.1f, 1);
        case Flag::Normal: return ImVec4(0.1f, 0.45f, 0.1f, 1);
        default: return ImVec4(0.35f, 0.35f, 0.35f, 1);
    }
}

// "1.6 cm", "0.82" (ratios carry no unit), in the units the settings choose.
inline std::string number_with_unit(double value, const std::string& unit, const Settings& settings) {
    const DisplayValue v = to_display(value, unit, settings);
    char text[96];
    std::snprintf(text, sizeof text, "%.3g %s", v.value, unit_after_number(v.unit).c_str());
    return text;
}

}  // namespace purkinje::app
