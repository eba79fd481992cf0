#include "purkinje/core/channel.hpp"

#include <cmath>
#include <cstring>

#include "purkinje/core/error.hpp"

namespace purkinje {

Channel::Channel(std::string channel_name, double rate_hz, std::vector<Component> comps)
    : name(std::move(channel_name)),
      nominal_rate_hz(rate_hz),
      components(std::move(comps)),
      values(components.size()) {}

void Channel::push_back(double t, const std::vector<float>& sample, float conf) {
    if (sample.size() != components.size()) {
        throw Error(ErrorKind::Internal,
                    "a sample has " + std::to_string(sample.size()) + " values but the channel has " +
                        std::to_string(components.size()) + " components",
                    "channel '" + name + "'");
    }
    if (values.size() != components.size()) values.resize(components.size());
    t_s.push_back(t);
    for (std::size_t c = 0; c < sample.size(); ++c) values[c].push_back(sample[c]);
    confidence.push_back(conf);
}

void Channel::reserve(std::size_t n) {
    t_s.reserve(n);
    confidence.reserve(n);
    values.resize(components.size());
    for (auto& v : values) v.reserve(n);
}

std::optional<std::size_t> Channel::component_index(const std::string& component_name) const {
    for (std::size_t c = 0; c < components.size(); ++c)
        if (components[c].name == component_name) return c;
    return std::nullopt;
}

const std::vector<float>& Channel::component(const std::string& component_name) const {
    auto index = component_index(component_name);
    if (!index) {
        std::string names;
        for (const auto& c : components) names += (names.empty() ? "" : ", ") + c.name;
        throw_bad_input("channel '" + name + "'", "has no component '" + component_name + "'",
                        "one of: " + names);
    }
    return values[*index];
}

double Channel::duration_s() const { return t_s.size() < 2 ? 0.0 : t_s.back() - t_s.front(); }

void Channel::validate() const {
    const std::string where = "channel '" + name + "'";
    if (components.empty()) throw_bad_input(where, "has no value components", "at least one");
    if (values.size() != components.size())
        throw_bad_input(where, "has " + std::to_string(values.size()) + " value arrays for " +
                                   std::to_string(components.size()) + " components");
    for (std::size_t c = 0; c < components.size(); ++c) {
        if (components[c].name.empty())
            throw_bad_input(where + ", component " + std::to_string(c), "has no name");
        if (values[c].size() != t_s.size())
            throw_bad_input(where + ", component '" + components[c].name + "'",
                            "has " + std::to_string(values[c].size()) + " samples but there are " +
                                std::to_string(t_s.size()) + " time stamps");
    }
    if (confidence.size() != t_s.size())
        throw_bad_input(where + ", confidence",
                        "has " + std::to_string(confidence.size()) + " samples but there are " +
                            std::to_string(t_s.size()) + " time stamps");
    if (!(nominal_rate_hz >= 0) || !std::isfinite(nominal_rate_hz))
        throw_bad_input(where + ", nominal rate", "is not a finite non-negative number", "Hz >= 0");
    for (std::size_t i = 0; i < t_s.size(); ++i) {
        if (!std::isfinite(t_s[i]))
            throw_bad_input(where + ", sample " + std::to_string(i), "has a time that is not a number",
                            "finite seconds");
        if (i > 0 && !(t_s[i] > t_s[i - 1]))
            throw_bad_input(where + ", sample " + std::to_string(i),
                            "time does not increase (" + std::to_string(t_s[i - 1]) + " s then " +
                                std::to_string(t_s[i]) + " s)",
                            "strictly increasing time stamps");
        const float q = confidence[i];
        if (!(q >= 0.0f && q <= 1.0f))
            throw_bad_input(where + ", sample " + std::to_string(i), "confidence outside [0,1]",
                            "a confidence between 0 and 1");
    }
}

namespace {
template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}
}  // namespace

bool Channel::operator==(const Channel& other) const {
    if (name != other.name || components != other.components || values.size() != other.values.size())
        return false;
    if (std::memcmp(&nominal_rate_hz, &other.nominal_rate_hz, sizeof(double)) != 0) return false;
    if (!same_bits(t_s, other.t_s) || !same_bits(confidence, other.confidence)) return false;
    for (std::size_t c = 0; c < values.size(); ++c)
        if (!same_bits(values[c], other.values[c])) return false;
    return true;
}

const Channel* Recording::find(const std::string& channel_name) const {
    for (const auto& c : channels)
        if (c.name == channel_name) return &c;
    return nullptr;
}

Channel* Recording::find(const std::string& channel_name) {
    for (auto& c : channels)
        if (c.name == channel_name) return &c;
    return nullptr;
}

const Channel& Recording::at(const std::string& channel_name) const {
    if (const Channel* c = find(channel_name)) return *c;
    throw_not_found("recording", "has no channel '" + channel_name + "'");
}

void Recording::validate() const {
    for (std::size_t i = 0; i < channels.size(); ++i) {
        channels[i].validate();
        for (std::size_t j = 0; j < i; ++j)
            if (channels[j].name == channels[i].name)
                throw_bad_input("recording", "has two channels named '" + channels[i].name + "'",
                                "unique channel names");
    }
    for (std::size_t i = 0; i < events.size(); ++i)
        if (!std::isfinite(events[i].t_s))
            throw_bad_input("stimulus event " + std::to_string(i), "has a time that is not a number");
}

}  // namespace purkinje
