#pragma once
#include <ostream>

#include "purkinje/core/session.hpp"

namespace purkinje::cli {

// The session as the terminal shows it: header, trials with their channels, findings, model fits.
void print_session(std::ostream& out, const Session& session);
void print_findings(std::ostream& out, const std::vector<Finding>& findings);
void print_model_fits(std::ostream& out, const std::vector<ModelFit>& fits);

}  // namespace purkinje::cli
