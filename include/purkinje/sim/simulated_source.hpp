#pragma once
// SimulatedSource: the virtual patient as a capture::FrameSource. It runs the plant models once for
// the whole recording (simulate_movements), then renders each frame on demand at its capture time,
// with the ground truth of that frame alongside. Same configuration and seed, same frames.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/capture/frame_source.hpp"
#include "purkinje/core/channel.hpp"
#include "purkinje/sim/eye_renderer.hpp"
#include "purkinje/sim/movements.hpp"
#include "purkinje/sim/patient.hpp"
#include "purkinje/sim/scene_renderers.hpp"

namespace purkinje::sim {

enum class View { Eye, Face, Hand };
const char* to_string(View view);            // "eye", "face", "hand"
View view_from_string(const std::string&);   // BadInput naming the views

struct SimulationConfig {
    PatientParams patient;
    Task task = Task::Fixation;
    View view = View::Eye;
    cv::Size size{320, 240};
    double fps = 120;
    double seconds = 10;
    std::uint64_t seed = 1;
    double timestamp_jitter_ms = 0;     // SD of capture-time jitter around k / fps
    double drop_probability = 0;        // each frame independently lost (its index is skipped)
    EyeRenderSettings eye;              // effect strengths of the eye view (size is taken from `size`)
    SceneSettings scene;                // face and hand views (size is taken from `size`)
    std::vector<StimulusEvent> schedule;  // empty: default_schedule(task, seconds, seed)
    bool pace_to_real_time = false;     // next() waits until each frame's capture time, as a camera
                                        // would (for the GUI and the demo); off: as fast as rendered
};

// The eye's pose at time t from the truth channels (velocity by central difference over 1 ms).
EyePose eye_pose_at(const Movements& movements, double t_s);

// Ground truth of one frame, for the view that rendered it.
struct FrameTruth {
    std::int64_t index = 0;
    double t_s = 0;
    double target[2] = {0, 0};          // deg (eye tasks) or cm (hand tasks)
    EyeFrameTruth eye;                  // eye view (gaze angles also filled for the other views)
    FaceFrameTruth face;                // face view
    HandFrameTruth hand;                // hand view
};

// The head and eyes at time t for the face view.
FacePose face_pose_at(const Movements& movements, double t_s);

class SimulatedSource : public capture::FrameSource {
public:
    explicit SimulatedSource(SimulationConfig config);

    std::optional<capture::Frame> next() override;
    capture::SourceState state() const override { return state_; }
    double nominal_rate_hz() const override { return config_.fps; }
    cv::Size frame_size() const override { return config_.size; }
    std::string describe() const override;

    const SimulationConfig& config() const { return config_; }
    const Movements& movements() const { return movements_; }
    // Truth of the frame the last next() returned.
    const FrameTruth& last_truth() const { return last_truth_; }
    // Capture times of every frame that will be delivered (after drops), in order.
    const std::vector<std::int64_t>& frame_indices() const { return indices_; }
    const std::vector<double>& frame_times_s() const { return times_; }

    // Renders the frame at position `k` of frame_indices() without advancing the stream.
    capture::Frame render(std::size_t k, FrameTruth* truth = nullptr) const;

private:
    SimulationConfig config_;
    Movements movements_;
    EyeCameraRenderer eye_renderer_;
    std::optional<FaceRenderer> face_renderer_;
    std::optional<HandRenderer> hand_renderer_;
    std::vector<std::int64_t> indices_;
    std::vector<double> times_;
    std::size_t cursor_ = 0;
    double started_s_ = -1;             // steady clock at the first next(), when pacing
    capture::SourceState state_ = capture::SourceState::Running;
    FrameTruth last_truth_;
};

}  // namespace purkinje::sim
