#pragma once
// The time base. Every sample and frame carries its time in seconds (double) since the start of
// its recording; the wall-clock start of the recording is kept once, as ISO 8601 UTC, in the session.
// A double holds microseconds exactly for more than a century, so no separate integer clock is needed.

#include <string>

namespace purkinje {

// Where a time stamp came from: a clinician must know whether a frame's time was measured by the
// camera driver, read by us at grab, read from a file, or produced by the simulator.
enum class TimestampOrigin { Driver, SteadyClock, File, Synthetic };

const char* to_string(TimestampOrigin origin);

// Seconds on the monotonic clock of this process (never jumps with wall-clock changes).
double steady_now_s();

// Current wall-clock time as "YYYY-MM-DDTHH:MM:SSZ" (UTC).
std::string utc_now_iso8601();

// Validates "YYYY-MM-DDTHH:MM:SSZ"; returns false for anything else.
bool is_iso8601_utc(const std::string& text);

}  // namespace purkinje
