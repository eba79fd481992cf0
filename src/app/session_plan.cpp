#include "session_plan.hpp"

#include <cmath>

#include "purkinje/assess/protocol.hpp"
#include "purkinje/capture/camera.hpp"
#include "purkinje/capture/pacing.hpp"
#include "purkinje/capture/video_file.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/sim/simulated_source.hpp"

namespace purkinje::app {
namespace {

// The simulator renders a whole recording as fast as it can; the live screen wants it at the
// camera's pace, so each frame is held back until its capture time has come.
class PacedSource final : public capture::FrameSource {
public:
    PacedSource(std::unique_ptr<capture::FrameSource> inner, std::shared_ptr<std::atomic<double>> steady_s_at_t0)
        : inner_(std::move(inner)), pacer_(capture::ReplayPace::Original), steady_s_at_t0_(std::move(steady_s_at_t0)) {}
    std::optional<capture::Frame> next() override {
        auto frame = inner_->next();
        if (!frame) return frame;
        // The pacer starts its clock at the first frame: that frame is "captured" now, every later
        // one at its due time, so the steady-clock capture time of a frame is this anchor + t_s.
        if (std::isnan(steady_s_at_t0_->load())) steady_s_at_t0_->store(steady_now_s() - frame->t_s);
        pacer_.wait_for_frame_time(frame->t_s);
        return frame;
    }
    capture::SourceState state() const override { return inner_->state(); }
    std::string error() const override { return inner_->error(); }
    double nominal_rate_hz() const override { return inner_->nominal_rate_hz(); }
    cv::Size frame_size() const override { return inner_->frame_size(); }
    std::string describe() const override { return inner_->describe() + ", paced in real time"; }

private:
    std::unique_ptr<capture::FrameSource> inner_;
    capture::Pacer pacer_;
    std::shared_ptr<std::atomic<double>> steady_s_at_t0_;
};

}  // namespace

const std::vector<ProtocolEntry>& exam_protocols() {
    // The vestibular protocols need the head as well as the eyes: the face view (headband and eyes).
    static const std::vector<ProtocolEntry> protocols = {
        {names::kGazeHolding, "Gaze holding", "", "eye"},
        {names::kSmoothPursuit, "Smooth pursuit", "", "eye"},
        {names::kSaccades, "Saccades", "", "eye"},
        {names::kVorSinusoidal, "VOR, sinusoidal", "", "face"},
        {names::kVorCancellation, "VOR cancellation", "", "face"},
        {names::kHeadImpulse, "Head impulses", "", "face"},
        {names::kVorAdaptation, "VOR adaptation (x2 / x0)", "", "face"},
        {names::kFingerChase, "Finger chase", "SARA 5", "hand"},
        {names::kNoseFinger, "Nose-finger test", "SARA 6", "hand"},
        {names::kFastAlternating, "Fast alternating hand movements", "SARA 7", "hand"},
        {names::kPosturalTremor, "Postural tremor", "", "hand"},
        {names::kRestTremor, "Rest tremor", "", "hand"},
    };
    return protocols;
}

const ProtocolEntry* find_protocol(const std::string& key) {
    for (const auto& p : exam_protocols())
        if (key == p.key) return &p;
    return nullptr;
}

const std::vector<ChecklistPreset>& checklist_presets() {
    static const std::vector<ChecklistPreset> presets = {
        {"full cerebellar exam",
         {names::kGazeHolding, names::kSmoothPursuit, names::kSaccades, names::kVorSinusoidal, names::kVorCancellation,
          names::kHeadImpulse, names::kFingerChase, names::kNoseFinger, names::kFastAlternating}},
        {"VOR only", {names::kVorSinusoidal, names::kVorCancellation, names::kHeadImpulse, names::kVorAdaptation}},
        {"limb ataxia only", {names::kFingerChase, names::kNoseFinger, names::kFastAlternating, names::kPosturalTremor}},
    };
    return presets;
}

std::uint64_t schedule_seed(const SourceChoice& choice, int trial_number) {
    return choice.seed + static_cast<std::uint64_t>(trial_number);
}

OpenedSource open_trial_source(const SourceChoice& choice, const std::string& protocol, double seconds, int trial_number,
                               const std::vector<StimulusEvent>& schedule, const std::string& view) {
    const ProtocolEntry* entry = find_protocol(protocol);
    if (!entry) throw_bad_input("protocol '" + protocol + "'", "is not one the workstation records");
    OpenedSource opened;
    switch (choice.kind) {
        case SourceKind::Camera: {
            capture::CameraSettings settings;
            settings.device = capture::camera_device(choice.camera_index);
            settings.size = cv::Size(choice.width, choice.height);
            settings.rate_hz = choice.fps;
            opened.source = std::make_unique<capture::CameraSource>(settings);
            break;
        }
        case SourceKind::VideoFile: {
            capture::VideoFileOptions options;
            options.pace = capture::ReplayPace::Original;
            opened.source = std::make_unique<capture::VideoFileSource>(choice.video_path, options);
            break;
        }
        case SourceKind::Simulated: {
            const auto task = sim::task_for_protocol(protocol);
            if (!task)
                throw Error(ErrorKind::Unsupported, std::string("the virtual patient cannot perform ") + entry->title,
                            protocol, "a protocol with a simulated task, or a real camera");
            sim::SimulationConfig config;
            config.patient = sim::load_named_preset(choice.patient_preset);
            config.task = *task;
            config.view = sim::view_from_string(view.empty() ? entry->view : view);
            config.size = cv::Size(choice.width, choice.height);
            config.fps = choice.fps;
            config.seconds = seconds;
            config.seed = schedule_seed(choice, trial_number);
            // One schedule for the patient, the stimulus window and the analysis.
            config.schedule = schedule.empty() ? assess::stimulus_schedule(protocol, config.seed) : schedule;
            auto simulated = std::make_unique<sim::SimulatedSource>(config);
            opened.schedule = simulated->config().schedule;
            // The virtual webcam's focal length is 0.95 x the image width (sim/scene_renderers.hpp).
            opened.horizontal_fov_deg = 2.0 * std::atan(0.5 / 0.95) * 180.0 / M_PI;
            opened.source = std::make_unique<PacedSource>(std::move(simulated), opened.steady_s_at_t0);
            break;
        }
    }
    return opened;
}

}  // namespace purkinje::app
