#pragma once
// The protocols of the bedside cerebellar exam: what the examiner does, what the patient is told,
// which camera view and rate the measurement needs, and the stimulus schedule.
//
// The schedule is ONE definition, as plain core values: the app's stimulus window draws it, and the
// demo and the tests hand the same events to the simulator (which cannot include assess). Event kinds
// and their values (the simulator's vocabulary, see docs/protocols.md):
//   "target"            {h_deg, v_deg}          gaze target from t_s on
//   "target_sine"       {centre_h, centre_v, amplitude_h, amplitude_v, frequency_hz}
//   "target_head_fixed" {h_deg, v_deg}          target carried with the head (VOR cancellation)
//   "head_impulse"      {direction (+1 right, -1 left), peak_deg_s, duration_ms}
//   "head_sine"         {amplitude_deg, frequency_hz}
//   "head_still"        {}
//   "vor_viewing"       {demanded_gain}         2 = x2, 0 = x0, 1 = normal viewing
//   "hand_target"       {x_cm, y_cm}
//   "alternation"       {duration_s}
//   "block"             {}                      label names the block ("pre", "adapt x2", "post")

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/channel.hpp"

namespace purkinje::assess {

enum class View { Hand, Eye, Face, Import };
const char* to_string(View view);  // "hand", "eye", "face", "import"

struct ProtocolInfo {
    std::string key;                    // names.hpp protocol key: "finger_chase"
    std::string title;                  // "Finger chase (SARA item 5)"
    std::string examiner_instructions;
    std::string patient_instructions;
    View view = View::Hand;
    std::vector<std::string> channels;  // channels the analysis reads (names.hpp)
    double min_rate_hz = 0;             // slower recordings are refused
    double recommended_rate_hz = 0;
    double duration_s = 0;              // of the standard schedule
    std::optional<int> sara_item;       // 5, 6, 7 where the protocol estimates one
    std::string limits;                 // frame rate, lighting, glasses ...
};

// Every protocol, in exam order.
const std::vector<ProtocolInfo>& protocols();
// The protocol with this key; NotFound naming the known keys otherwise.
const ProtocolInfo& protocol(const std::string& key);

// The standard stimulus schedule of a protocol (seeded where targets are randomised, so that a
// patient cannot learn the sequence across sessions while a session stays reproducible).
std::vector<StimulusEvent> stimulus_schedule(const std::string& key, std::uint64_t seed = 1);

// One schedule per protocol file (also reachable through stimulus_schedule).
std::vector<StimulusEvent> finger_chase_schedule(std::uint64_t seed);
std::vector<StimulusEvent> nose_finger_schedule(std::uint64_t seed);
std::vector<StimulusEvent> fast_alternating_schedule(std::uint64_t seed);
std::vector<StimulusEvent> postural_tremor_schedule(std::uint64_t seed);
std::vector<StimulusEvent> rest_tremor_schedule(std::uint64_t seed);
std::vector<StimulusEvent> saccades_schedule(std::uint64_t seed);
std::vector<StimulusEvent> smooth_pursuit_schedule(std::uint64_t seed);
std::vector<StimulusEvent> gaze_holding_schedule(std::uint64_t seed);
std::vector<StimulusEvent> vor_sinusoidal_schedule(std::uint64_t seed);
std::vector<StimulusEvent> vor_cancellation_schedule(std::uint64_t seed);
std::vector<StimulusEvent> head_impulse_schedule(std::uint64_t seed);
std::vector<StimulusEvent> vor_adaptation_schedule(std::uint64_t seed);

// The registry entries, one per protocol file.
ProtocolInfo finger_chase_protocol();
ProtocolInfo nose_finger_protocol();
ProtocolInfo fast_alternating_protocol();
ProtocolInfo postural_tremor_protocol();
ProtocolInfo rest_tremor_protocol();
ProtocolInfo saccades_protocol();
ProtocolInfo smooth_pursuit_protocol();
ProtocolInfo gaze_holding_protocol();
ProtocolInfo vor_sinusoidal_protocol();
ProtocolInfo vor_cancellation_protocol();
ProtocolInfo head_impulse_protocol();
ProtocolInfo vor_adaptation_protocol();
ProtocolInfo vhit_import_protocol();

}  // namespace purkinje::assess
