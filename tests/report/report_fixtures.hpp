#pragma once
// Sessions with realistic channels for the report tests: minimum-jerk reaches with an intention
// tremor that grows toward the target, head impulses with a deficient side and its catch-up saccades,
// saccades with main-sequence velocities, and a VOR adaptation run under x2 viewing; with findings and
// model fits as the analysis would store them.

#include <string>
#include <vector>

#include "purkinje/core/session.hpp"

namespace purkinje::test {

Patient report_patient();

// `visit` (0, 1, 2 ...) moves the findings as in a rehabilitation course and the date by four weeks.
Session report_session(int visit = 0);

// A single minimum-jerk reach with a tremor of `tremor_cm` at `tremor_hz` that grows toward the end.
void append_reach(Channel& hand, double t0, double duration_s, double x0, double y0, double x1, double y1,
                  double tremor_cm, double tremor_hz);

}  // namespace purkinje::test
