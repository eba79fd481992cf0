#pragma once
// Channel and Recording: the plain values that flow from the trackers to the store.
//
// A Channel is a struct of arrays: one time stamp per sample (`t_s`, seconds since the start of the
// recording, strictly increasing), one array per value component (each with a name and a unit), and
// one confidence per sample in [0,1] (0 = no measurement: blink, lost track, out of view). Values are
// float32 because that is what the trackers resolve and what the database stores: a stored channel
// loads back with the same bits. Missing samples are NaN with confidence 0.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace purkinje {

struct Component {
    std::string name;  // "x", "yaw", "pupil_diameter"
    std::string unit;  // UCUM where one exists: "deg", "deg/s", "cm", "mm"; "px" for pixels
    bool operator==(const Component&) const = default;
};

struct Channel {
    std::string name;             // "gaze", "head", "hand", "pupil", "target"
    double nominal_rate_hz = 0;   // the source's nominal rate; 0 when irregular by design
    std::vector<double> t_s;      // sample times, seconds since recording start
    std::vector<Component> components;
    std::vector<std::vector<float>> values;  // values[component][sample]
    std::vector<float> confidence;           // per sample, [0,1]

    Channel() = default;
    Channel(std::string name, double nominal_rate_hz, std::vector<Component> components);

    std::size_t size() const { return t_s.size(); }
    bool empty() const { return t_s.empty(); }

    // Appends one sample; `sample` holds one value per component.
    void push_back(double t, const std::vector<float>& sample, float confidence = 1.0f);
    void reserve(std::size_t n);

    // Index of the component with this name, or nullopt.
    std::optional<std::size_t> component_index(const std::string& component_name) const;
    // The values of the named component; throws a BadInput error naming the channel if absent.
    const std::vector<float>& component(const std::string& component_name) const;

    // Duration from first to last sample in seconds (0 for fewer than two samples).
    double duration_s() const;

    // Checks the invariants (equal lengths, increasing finite times, confidence in [0,1]) and throws
    // an Error naming the channel, the field and the first offending sample.
    void validate() const;

    bool operator==(const Channel&) const;  // bitwise on floats (NaN equals NaN)
};

// A stimulus event: what the program showed or asked at a given time (a target jump, an impulse
// cue, the start of an adaptation block). `values` carry the event's numbers (target x and y ...),
// described by `label`.
struct StimulusEvent {
    double t_s = 0;
    std::string kind;            // "target", "block", "cue", ...
    std::string label;           // free text: "x_deg,y_deg", "adapt x2", ...
    std::vector<double> values;
    bool operator==(const StimulusEvent&) const = default;
};

struct Recording {
    std::vector<Channel> channels;
    std::vector<StimulusEvent> events;

    const Channel* find(const std::string& channel_name) const;
    Channel* find(const std::string& channel_name);
    // Throws NotFound naming the channel if absent.
    const Channel& at(const std::string& channel_name) const;

    void validate() const;
    bool operator==(const Recording&) const = default;
};

}  // namespace purkinje
