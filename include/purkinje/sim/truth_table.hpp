#pragma once
// The per-frame truth as a plain table (what `purkinje-cli simulate` writes to truth.csv): one row
// per delivered frame, columns starting `frame,t_s`, then the columns of every view, then those of
// the view that rendered the frame. Values not defined for a frame (a marker out of sight) are
// empty. The column list is documented in docs/simulator.md.

#include <string>
#include <vector>

#include "purkinje/sim/simulated_source.hpp"

namespace purkinje::sim {

std::vector<std::string> truth_columns(View view, Task task);
// One row matching truth_columns(view, task); numbers with enough digits to round-trip floats.
std::vector<std::string> truth_row(const SimulatedSource& source, const FrameTruth& truth);

}  // namespace purkinje::sim
