#include "session_plan.hpp"

#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

#include "purkinje/assess/protocol.hpp"
#include "purkinje/capture/camera.hpp"
#include "purkinje/core/time.hpp"
#include "purkinje/capture/video_file.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/sim/simulated_source.hpp"

namespace purkinje::app {
namespace {

// The simulator renders a whole recording as fast as it can; the live screen wants it at the
// camera's pace, so each frame is held back until its capture time has come. The two views of a paired
// trial share one anchor, so that their frames of the same instant are delivered together.
class PacedSource final : public capture::FrameSource {
public:
    PacedSource(std::unique_ptr<capture::FrameSource> inner, std::shared_ptr<std::atomic<double>> steady_s_at_t0)
        : inner_(std::move(inner)), steady_s_at_t0_(std::move(steady_s_at_t0)) {}
    std::optional<capture::Frame> next() override {
        auto frame = inner_->next();
        if (!frame) return frame;
        // The first frame of either view is "captured" now, every later one at its due time, so the
        // steady-clock capture time of a frame is this anchor + t_s.
        {
            static std::mutex anchoring;
            std::lock_guard lock(anchoring);
            if (std::isnan(steady_s_at_t0_->load())) steady_s_at_t0_->store(steady_now_s() - frame->t_s);
        }
        const double due = steady_s_at_t0_->load() + frame->t_s, now = steady_now_s();
        if (due > now) std::this_thread::sleep_for(std::chrono::duration<double>(due - now));
        return frame;
    }
    capture::SourceState state() const override { return inner_->state(); }
    std::string error() const override { return inner_->error(); }
    double nominal_rate_hz() const override { return inner_->nominal_rate_hz(); }
    cv::Size frame_size() const override { return inner_->frame_size(); }
    std::string describe() const override { return inner_->describe() + ", paced in real time"; }

private:
    std::unique_ptr<capture::FrameSource> inner_;
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

namespace {

std::unique_ptr<capture::FrameSource> open_camera(int index, int width, int height, double fps) {
    capture::CameraSettings settings;
    settings.device = capture::camera_device(index);
    settings.size = cv::Size(width, height);
    settings.rate_hz = fps;
    return std::make_unique<capture::CameraSource>(settings);
}

std::unique_ptr<capture::FrameSource> open_video(const std::string& path) {
    capture::VideoFileOptions options;
    options.pace = capture::ReplayPace::Original;
    return std::make_unique<capture::VideoFileSource>(path, options);
}

// The virtual patient filmed in `view`, paced on `anchor` (shared by the views of one trial).
std::unique_ptr<capture::FrameSource> open_simulated(const SourceChoice& choice, const ProtocolEntry& entry,
                                                     const std::string& view, cv::Size size, double fps, double seconds,
                                                     int trial_number, const std::vector<StimulusEvent>& schedule,
                                                     OpenedSource& opened) {
    const auto task = sim::task_for_protocol(entry.key);
    if (!task)
        throw Error(ErrorKind::Unsupported, std::string("the virtual patient cannot perform ") + entry.title, entry.key,
                    "a protocol with a simulated task, or a real camera");
    sim::SimulationConfig config;
    config.patient = sim::load_named_preset(choice.patient_preset);
    config.task = *task;
    config.view = sim::view_from_string(view);
    config.size = size;
    config.fps = fps;
    config.seconds = seconds;
    config.seed = schedule_seed(choice, trial_number);
    // One schedule for the patient, the stimulus window and the analysis.
    config.schedule = schedule.empty() ? assess::stimulus_schedule(entry.key, config.seed) : schedule;
    auto simulated = std::make_unique<sim::SimulatedSource>(config);
    opened.schedule = simulated->config().schedule;
    // The virtual webcam's focal length is 0.95 x the image width (sim/scene_renderers.hpp).
    opened.horizontal_fov_deg = 2.0 * std::atan(0.5 / 0.95) * 180.0 / M_PI;
    return std::make_unique<PacedSource>(std::move(simulated), opened.steady_s_at_t0);
}

const ProtocolEntry& require_protocol(const std::string& protocol) {
    const ProtocolEntry* entry = find_protocol(protocol);
    if (!entry) throw_bad_input("protocol '" + protocol + "'", "is not one the workstation records");
    return *entry;
}

}  // namespace

SourceChoice head_camera_source(const SourceChoice& choice) {
    const HeadCameraChoice& h = choice.head_camera;
    SourceChoice head;
    head.kind = choice.kind == SourceKind::Simulated ? SourceKind::Simulated : h.kind;
    head.camera_index = h.camera_index;
    head.video_path = h.video_path;
    head.patient_preset = choice.patient_preset;
    head.width = h.width;
    head.height = h.height;
    head.fps = h.fps;
    head.seed = choice.seed;
    return head;
}

bool records_eye_and_head(const SourceChoice& choice, const std::string& protocol) {
    const ProtocolEntry* entry = find_protocol(protocol);
    return choice.head_camera.enabled && entry && std::string(entry->view) == "face";
}

std::string gaze_view(const SourceChoice& choice, const std::string& protocol) {
    if (records_eye_and_head(choice, protocol)) return "eye";
    const ProtocolEntry* entry = find_protocol(protocol);
    return entry ? entry->view : "eye";
}

OpenedSource open_trial_source(const SourceChoice& choice, const std::string& protocol, double seconds, int trial_number,
                               const std::vector<StimulusEvent>& schedule, const std::string& view) {
    const ProtocolEntry& entry = require_protocol(protocol);
    OpenedSource opened;
    opened.view = view.empty() ? entry.view : view;
    switch (choice.kind) {
        case SourceKind::Camera:
            opened.source = open_camera(choice.camera_index, choice.width, choice.height, choice.fps);
            opened.on_trial_clock = false;
            break;
        case SourceKind::VideoFile:
            opened.source = open_video(choice.video_path);
            break;
        case SourceKind::Simulated:
            opened.source = open_simulated(choice, entry, opened.view, cv::Size(choice.width, choice.height), choice.fps, seconds,
                                           trial_number, schedule, opened);
            break;
    }
    return opened;
}

std::vector<OpenedSource> open_trial_sources(const SourceChoice& choice, const std::string& protocol, double seconds,
                                             int trial_number) {
    std::vector<OpenedSource> out;
    if (!records_eye_and_head(choice, protocol)) {
        out.push_back(open_trial_source(choice, protocol, seconds, trial_number));
        return out;
    }
    out.push_back(open_trial_source(choice, protocol, seconds, trial_number, {}, "eye"));
    const HeadCameraChoice& h = choice.head_camera;
    OpenedSource head;
    if (choice.kind == SourceKind::Simulated) {
        // The same patient, task, seed and schedule: the same movement, seen by the face camera, paced
        // on the eye camera's clock.
        head.view = "face";
        head.steady_s_at_t0 = out.front().steady_s_at_t0;
        head.source = open_simulated(choice, require_protocol(protocol), "face", cv::Size(h.width, h.height), h.fps, seconds,
                                     trial_number, out.front().schedule, head);
    } else {
        head = open_trial_source(head_camera_source(choice), protocol, seconds, trial_number, {}, "face");
    }
    head.video_grey = !h.colour_video;
    // A live camera on either side: both are re-timed to the steady clock of the trial's start.
    if (!out.front().on_trial_clock || !head.on_trial_clock) out.front().on_trial_clock = head.on_trial_clock = false;
    out.push_back(std::move(head));
    return out;
}

}  // namespace purkinje::app
