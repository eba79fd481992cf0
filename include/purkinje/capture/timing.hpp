#pragma once
// The timing monitor: how fast frames really came, how regular they were, and how many are missing.
//
// Two kinds of missing frames are counted apart (docs/capture.md, "How drops are found"):
//  - index gaps: the source numbered the frames and some numbers never reached us (the capture queue
//    dropped them because the consumer was slow);
//  - timestamp gaps: an interval much longer than the expected frame interval (the camera or the
//    driver lost frames before they were numbered). An interval of k expected intervals (k >= 1.5,
//    rounded) means k - 1 frames are missing, less those the index gap already explains.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace purkinje::capture {

struct TimingReport {
    std::int64_t frames = 0;             // frames seen
    double duration_s = 0;               // last time - first time
    double nominal_rate_hz = 0;          // what the source promised (0 when it did not say)
    double expected_interval_ms = 0;     // 1000 / nominal rate, or the median interval when no nominal rate
    double measured_rate_hz = 0;         // (frames - 1 + frames missing) / duration: the rate the camera ran at
    double delivered_rate_hz = 0;        // (frames - 1) / duration: the rate the analysis actually gets
    double median_interval_ms = 0;
    double jitter_ms = 0;                // standard deviation of the intervals that are not gaps
    double max_interval_ms = 0;
    std::int64_t missing_by_index = 0;   // frames numbered by the source that never arrived
    std::int64_t missing_by_time = 0;    // further frames implied by long intervals
    std::int64_t gap_count = 0;          // intervals judged to contain missing frames

    std::int64_t missing_total() const { return missing_by_index + missing_by_time; }
};

// Collects (index, time) pairs one frame at a time; report() may be called at any moment.
class TimingMonitor {
public:
    explicit TimingMonitor(double nominal_rate_hz = 0) : nominal_rate_hz_(nominal_rate_hz) {}

    void add(std::int64_t index, double t_s);
    TimingReport report() const;
    void reset();

private:
    double nominal_rate_hz_;
    std::vector<std::int64_t> indices_;
    std::vector<double> times_s_;
};

// Timing of a whole list of frames at once.
TimingReport measure_timing(const std::vector<std::int64_t>& indices, const std::vector<double>& times_s,
                            double nominal_rate_hz = 0);

// The frame rate an exam protocol needs, and why (the numbers behind docs/capture.md's buying advice).
struct RateRequirement {
    std::string protocol;       // a protocol key of purkinje/core/names.hpp, e.g. "head_impulse"
    double minimum_rate_hz;     // below this the protocol's metrics are not trustworthy
    double recommended_rate_hz;
    std::string reason;
};

const std::vector<RateRequirement>& rate_requirements();
// The requirement of one protocol (names as in rate_requirements()), or nullopt for an unknown name.
std::optional<RateRequirement> rate_requirement(std::string_view protocol);

// A warning sentence when the measured rate is below what `requirement` needs; nullopt when it is enough.
std::optional<std::string> rate_warning(const TimingReport& report, const RateRequirement& requirement);

// One line for a person: "240 frames in 2.000 s, 119.6 Hz measured (120 Hz nominal), jitter 0.31 ms, ..."
std::string summarize(const TimingReport& report);

}  // namespace purkinje::capture
