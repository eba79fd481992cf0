#pragma once
// Helpers the protocol files share: building judged findings, reading channels as doubles, and the
// stimulus events of one kind.

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "purkinje/assess/analysis.hpp"
#include "purkinje/assess/protocol.hpp"
#include "purkinje/core/channel.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::assess::detail {

// Findings of one protocol, each judged against the norm table as it is added.
class FindingList {
public:
    FindingList(ProtocolAnalysis& out, const AnalysisOptions& options);
    Finding& add(const std::string& metric, double value, const std::string& unit,
                 const std::string& method, const std::string& label,
                 std::optional<double> ci_low = std::nullopt, std::optional<double> ci_high = std::nullopt);

private:
    ProtocolAnalysis& out_;
    const NormTable& norms_;
};

// A component of a channel as doubles (NaN where confidence is 0).
std::vector<double> component(const Channel& channel, const std::string& name);

// A tracked 2-D position (gaze, head, fingertip) on a uniform grid, as the analysis reads it: a
// sample with confidence 0 is missing (core/channel.hpp: lost, blink, out of view), any other is
// used; gaps up to signal::ConditioningOptions::max_bridged_gap_s (75 ms) are bridged by linear
// interpolation (1-3 lost frames of a tracker), longer ones stay NaN and are never invented.
struct PositionSeries {
    std::vector<double> t_s, x, y;
    double rate_hz = 0;
    int bridged_gaps = 0, open_gaps = 0;
};
// `y_name` may be absent from the channel (zeros then).
PositionSeries conditioned_positions(const Channel& channel, const std::string& x_name, const std::string& y_name,
                                     double rate_hz);
// The channel, or a BadInput error naming the protocol and the missing channel.
const Channel& require_channel(const Recording& recording, const std::string& name,
                               const std::string& protocol);
// Throws Unsupported naming the protocol when the channel is slower than `min_rate_hz`.
double require_rate(const Channel& channel, double min_rate_hz, const std::string& protocol);
// Median sample rate from the time stamps (or the nominal rate when set).
double sample_rate_hz(const Channel& channel);

std::vector<StimulusEvent> events_of(const Recording& recording, const std::string& kind);

// Seeded generator for randomised schedules.
std::mt19937_64 schedule_rng(std::uint64_t seed, std::uint64_t protocol_salt);
StimulusEvent event(double t_s, const char* kind, const char* label, std::vector<double> values);

// RFC 4180 fields of one line (quoted commas, "" for a quote).
std::vector<std::string> split_csv(const std::string& line);
// An optional number of a CSV field (empty = none); BadInput naming `where` otherwise.
std::optional<double> parse_limit(const std::string& text, const std::string& where);

double median(std::vector<double> values);  // NaN for an empty input; NaNs are dropped
double mean(const std::vector<double>& values);
double sd(const std::vector<double>& values);

// The reach forward model fit of a hand task, as a ModelFit with the kinematics it predicts.
struct ReachSegment {
    std::vector<double> t_s, x_cm, y_cm;
    double start_x = 0, start_y = 0, target_x = 0, target_y = 0;
};
void fit_reach_model_into(const std::vector<ReachSegment>& segments, const std::string& protocol,
                          ProtocolAnalysis& out);

}  // namespace purkinje::assess::detail
