#include "purkinje/capture/timing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "purkinje/core/names.hpp"

namespace purkinje::capture {
namespace {

// An interval this many expected intervals long or longer holds at least one missing frame. Half-way
// between one and two intervals: ordinary jitter never reaches it, one lost frame always does.
constexpr double kGapThreshold = 1.5;

double median_of(std::vector<double> values) {
    if (values.empty()) return 0;
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    double median = *middle;
    if (values.size() % 2 == 0) median = (median + *std::max_element(values.begin(), middle)) / 2;
    return median;
}

}  // namespace

void TimingMonitor::add(std::int64_t index, double t_s) {
    indices_.push_back(index);
    times_s_.push_back(t_s);
}

TimingReport TimingMonitor::report() const { return measure_timing(indices_, times_s_, nominal_rate_hz_); }

void TimingMonitor::reset() {
    indices_.clear();
    times_s_.clear();
}

TimingReport measure_timing(const std::vector<std::int64_t>& indices, const std::vector<double>& times_s,
                            double nominal_rate_hz) {
    TimingReport report;
    report.nominal_rate_hz = nominal_rate_hz;
    report.frames = static_cast<std::int64_t>(std::min(indices.size(), times_s.size()));
    if (report.frames < 2) return report;
    const auto n = static_cast<std::size_t>(report.frames);

    // Intervals per index step, so an index gap does not count as a slow frame.
    std::vector<double> per_step_ms;
    per_step_ms.reserve(n - 1);
    for (std::size_t i = 1; i < n; ++i) {
        const auto steps = std::max<std::int64_t>(1, indices[i] - indices[i - 1]);
        per_step_ms.push_back((times_s[i] - times_s[i - 1]) * 1000.0 / static_cast<double>(steps));
    }
    report.median_interval_ms = median_of(per_step_ms);
    report.expected_interval_ms =
        nominal_rate_hz > 0 ? 1000.0 / nominal_rate_hz : report.median_interval_ms;
    report.duration_s = times_s[n - 1] - times_s[0];

    double sum = 0, sum_squares = 0;
    std::int64_t regular = 0;
    for (std::size_t i = 1; i < n; ++i) {
        const double interval_ms = (times_s[i] - times_s[i - 1]) * 1000.0;
        report.max_interval_ms = std::max(report.max_interval_ms, interval_ms);
        const std::int64_t index_steps = std::max<std::int64_t>(1, indices[i] - indices[i - 1]);
        report.missing_by_index += index_steps - 1;
        std::int64_t time_steps = 1;
        if (report.expected_interval_ms > 0 && interval_ms >= kGapThreshold * report.expected_interval_ms) {
            time_steps = std::llround(interval_ms / report.expected_interval_ms);
        }
        if (time_steps > index_steps) report.missing_by_time += time_steps - index_steps;
        if (time_steps > 1 || index_steps > 1) {
            ++report.gap_count;
        } else {
            sum += interval_ms;
            sum_squares += interval_ms * interval_ms;
            ++regular;
        }
    }
    if (regular > 1) {
        const double mean = sum / static_cast<double>(regular);
        const double variance = (sum_squares - static_cast<double>(regular) * mean * mean) /
                                static_cast<double>(regular - 1);
        report.jitter_ms = std::sqrt(std::max(0.0, variance));
    }
    if (report.duration_s > 0) {
        report.delivered_rate_hz = static_cast<double>(report.frames - 1) / report.duration_s;
        report.measured_rate_hz =
            static_cast<double>(report.frames - 1 + report.missing_total()) / report.duration_s;
    }
    return report;
}

const std::vector<RateRequirement>& rate_requirements() {
    // Minimum rates: the fastest event each protocol must resolve, sampled at least ~4 times
    // (docs/capture.md gives the reasoning and the sources).
    static const std::vector<RateRequirement> table = {
        {names::kHeadImpulse, 100, 250,
         "a head impulse lasts 150-200 ms and gain is read at 40-80 ms after onset; vHIT systems sample at "
         "250 Hz (ICS Impulse) and >= 100 Hz is the least that resolves the head velocity peak"},
        {names::kVorAdaptation, 100, 250, "adaptation is measured with head impulses, which need >= 100 Hz"},
        {names::kSaccades, 100, 250,
         "a 10 deg saccade lasts about 43 ms; latency and peak velocity need >= 100 Hz, 250 Hz for the main sequence"},
        {names::kSmoothPursuit, 60, 120,
         "pursuit gain at 0.2-0.8 Hz is slow, but catch-up saccades inside pursuit must be found and removed"},
        {names::kFastAlternating, 60, 120,
         "rapid alternating hand movements reach several Hz; their rhythm and its irregularity need >= 60 Hz"},
        {names::kVorSinusoidal, 30, 60, "sinusoidal rotation at 0.1-1 Hz; gain and phase need only a few samples a cycle"},
        {names::kVorCancellation, 30, 60, "the same slow rotation as sinusoidal VOR, with the eyes held on a moving target"},
        {names::kGazeHolding, 30, 60, "drift velocity of a few deg/s over seconds; nystagmus quick phases need >= 30 Hz"},
        {names::kFingerChase, 30, 60, "reaches last 0.5-1 s; intention tremor is 2-5 Hz, well below 15 Hz Nyquist at 30 Hz"},
        {names::kNoseFinger, 30, 60, "same as finger chase: 2-5 Hz tremor on 0.5-1 s reaches"},
        {names::kPosturalTremor, 30, 60, "tremor up to about 12 Hz stays below the 15 Hz Nyquist limit of 30 Hz"},
        {names::kRestTremor, 30, 60, "rest tremor at 3-7 Hz stays well below the 15 Hz Nyquist limit of 30 Hz"},
    };
    return table;
}

std::optional<RateRequirement> rate_requirement(std::string_view protocol) {
    for (const auto& requirement : rate_requirements()) {
        if (requirement.protocol == protocol) return requirement;
    }
    return std::nullopt;
}

std::optional<std::string> rate_warning(const TimingReport& report, const RateRequirement& requirement) {
    if (report.frames >= 2 && report.delivered_rate_hz >= requirement.minimum_rate_hz) return std::nullopt;
    char text[512];
    std::snprintf(text, sizeof text,
                  "frames reached the analysis at %.1f Hz, below the %.0f Hz that %s needs (%s)",
                  report.delivered_rate_hz, requirement.minimum_rate_hz, requirement.protocol.c_str(),
                  requirement.reason.c_str());
    return std::string(text);
}

std::string summarize(const TimingReport& report) {
    char text[512];
    std::snprintf(text, sizeof text,
                  "%lld frames in %.3f s, %.2f Hz delivered, %.2f Hz measured (%.2f Hz nominal), median interval "
                  "%.3f ms, jitter %.3f ms (SD), longest interval %.3f ms, missing %lld by index + %lld by time "
                  "in %lld gaps",
                  static_cast<long long>(report.frames), report.duration_s, report.delivered_rate_hz,
                  report.measured_rate_hz, report.nominal_rate_hz, report.median_interval_ms, report.jitter_ms,
                  report.max_interval_ms, static_cast<long long>(report.missing_by_index),
                  static_cast<long long>(report.missing_by_time), static_cast<long long>(report.gap_count));
    return text;
}

}  // namespace purkinje::capture
