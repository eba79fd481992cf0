#include <algorithm>

#include "assess_internal.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

const char* to_string(View view) {
    switch (view) {
        case View::Hand: return "hand";
        case View::Eye: return "eye";
        case View::Face: return "face";
        case View::Import: return "import";
    }
    return "hand";
}

const std::vector<ProtocolInfo>& protocols() {
    static const std::vector<ProtocolInfo> all{
        finger_chase_protocol(),   nose_finger_protocol(),     fast_alternating_protocol(),
        postural_tremor_protocol(), rest_tremor_protocol(),    saccades_protocol(),
        smooth_pursuit_protocol(), gaze_holding_protocol(),    vor_sinusoidal_protocol(),
        vor_cancellation_protocol(), head_impulse_protocol(),  vor_adaptation_protocol(),
        vhit_import_protocol()};
    return all;
}

const ProtocolInfo& protocol(const std::string& key) {
    for (const auto& p : protocols())
        if (p.key == key) return p;
    std::string known;
    for (const auto& p : protocols()) known += (known.empty() ? "" : ", ") + p.key;
    throw_not_found("protocol '" + key + "'", "there is no such protocol; known: " + known);
}

std::vector<StimulusEvent> stimulus_schedule(const std::string& key, std::uint64_t seed) {
    using Maker = std::vector<StimulusEvent> (*)(std::uint64_t);
    static const std::pair<const char*, Maker> makers[] = {
        {names::kFingerChase, finger_chase_schedule},       {names::kNoseFinger, nose_finger_schedule},
        {names::kFastAlternating, fast_alternating_schedule}, {names::kPosturalTremor, postural_tremor_schedule},
        {names::kRestTremor, rest_tremor_schedule},         {names::kSaccades, saccades_schedule},
        {names::kSmoothPursuit, smooth_pursuit_schedule},   {names::kGazeHolding, gaze_holding_schedule},
        {names::kVorSinusoidal, vor_sinusoidal_schedule},   {names::kVorCancellation, vor_cancellation_schedule},
        {names::kHeadImpulse, head_impulse_schedule},       {names::kVorAdaptation, vor_adaptation_schedule}};
    for (const auto& [name, make] : makers)
        if (key == name) return make(seed);
    protocol(key);  // NotFound for an unknown key
    throw Error(ErrorKind::Unsupported, "the " + key + " protocol has no stimulus schedule (it is imported)",
                "protocol '" + key + "'");
}

}  // namespace purkinje::assess
