#pragma once
// The report's tables: findings (value, unit, normal range, flag), model parameters with intervals,
// and the header's key-value grid.

#include <string>
#include <utility>
#include <vector>

#include "document.hpp"
#include "purkinje/core/finding.hpp"

namespace purkinje::report::detail {

Colour flag_colour(Flag flag);

struct FindingsTableStyle {
    bool show_protocol_rows = true;  // a sub-heading row whenever the protocol changes
    bool show_method = false;        // method, 95% interval and norm citation under each row
};

void findings_table(Document& doc, const std::vector<Finding>& findings, const FindingsTableStyle& style);

// One table per fit: parameter, value, unit, 95% interval ("not identifiable" where the data cannot
// pin it), then the fit's quality line.
void model_fit_table(Document& doc, const ModelFit& fit);

// Two columns of "key: value" lines, then the `wide` ones across the page (for long values).
void key_value_grid(Document& doc, const std::vector<std::pair<std::string, std::string>>& rows,
                    const std::vector<std::pair<std::string, std::string>>& wide = {});

}  // namespace purkinje::report::detail
