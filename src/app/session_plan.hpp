#pragma once
// The bedside exam as the new-session screen offers it: the protocols in exam order, the checklist
// presets, and the camera a session records with. Which task the virtual patient performs for a
// protocol is the simulator's vocabulary; the analysis of each protocol belongs to assess.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/capture/frame_source.hpp"
#include "purkinje/core/channel.hpp"

namespace purkinje::app {

struct ProtocolEntry {
    const char* key;         // names.hpp protocol key
    const char* title;       // what the clinician reads
    const char* sara_item;   // "SARA 5" or ""
    const char* view;        // camera view it is filmed in: "eye", "face", "hand"
};

// Every protocol the workstation can record, in the order of the bedside exam.
const std::vector<ProtocolEntry>& exam_protocols();
const ProtocolEntry* find_protocol(const std::string& key);

struct ChecklistPreset {
    const char* name;
    std::vector<std::string> protocols;
};
// "full cerebellar exam", "VOR only", "limb ataxia only".
const std::vector<ChecklistPreset>& checklist_presets();

enum class SourceKind { Camera, VideoFile, Simulated };

// The second camera of the vestibular protocols (VOR, VOR cancellation, head impulses, VOR adaptation):
// the face with the ArUco headband, filmed beside the eye camera so that head and eye are recorded in
// one trial on one clock. The session's own camera is then the (infrared) eye camera for them.
struct HeadCameraChoice {
    bool enabled = false;
    // Camera or VideoFile; with the simulated patient the head camera is that patient's face view of the
    // same movement (this field is then not used).
    SourceKind kind = SourceKind::Camera;
    int camera_index = 1;
    std::string video_path;
    int width = 640, height = 480;
    double fps = 100;
    // Its video is kept grey unless this is set: the head camera films the headband, whose markers are
    // found in grey, and a grey frame takes FFV1 under half the time of a colour one (docs/performance.md).
    bool colour_video = false;
};

struct SourceChoice {
    SourceKind kind = SourceKind::Simulated;
    int camera_index = 0;           // /dev/videoN
    std::string video_path;
    std::string patient_preset = "mild_cerebellar_ataxia";  // assets/presets/<name>.json
    int width = 320, height = 240;
    double fps = 60;
    std::uint64_t seed = 1;
    HeadCameraChoice head_camera;
};

// The head camera as a camera choice of its own (for its calibration step and its stored intrinsics): the
// virtual patient's face camera when the eye camera is simulated.
SourceChoice head_camera_source(const SourceChoice& choice);

// True when `protocol` records two cameras with this choice (a vestibular protocol and a head camera).
bool records_eye_and_head(const SourceChoice& choice, const std::string& protocol);
// The camera view whose gaze calibration a trial of `protocol` uses: the eye camera's for paired
// trials, else the protocol's own view.
std::string gaze_view(const SourceChoice& choice, const std::string& protocol);

// What a trial's source was set up to show: the stimulus log for the trial record.
struct OpenedSource {
    std::unique_ptr<capture::FrameSource> source;
    std::vector<StimulusEvent> schedule;   // what the virtual patient was shown; empty for cameras and files
    // The steady-clock time (steady_now_s) of the source's t_s = 0, set when the first frame is paced;
    // NaN until then, and for sources that do not know it (the capture worker then anchors the clock
    // at the first frame it receives).
    std::shared_ptr<std::atomic<double>> steady_s_at_t0 = std::make_shared<std::atomic<double>>(NAN);
    double horizontal_fov_deg = 60;        // the camera's, for head pose until a ChArUco calibration exists
    std::string view = "eye";              // what this camera films: "eye", "face", "hand"
    // The frames' t_s is already on the trial's common clock (the simulator's, a recording's own); false
    // for a live camera, whose clock starts at its own first frame: a trial of several cameras re-times
    // its frames to the steady clock since the trial's capture started.
    bool on_trial_clock = true;
    // Keep this camera's video grey (the luminance of each frame, losslessly), whatever the camera
    // delivers; the sidecar says so. Set for the head camera of a paired trial (HeadCameraChoice::colour_video).
    bool video_grey = false;
};

// Opens the source of one trial of `protocol`, `seconds` long (simulated and live sources are paced
// in real time). The virtual patient follows `schedule` when one is given (a calibration), else the
// protocol's standard schedule (assess::stimulus_schedule, the one the stimulus window draws).
// `view` overrides the protocol's camera view for the virtual patient (a calibration in the face view).
// Throws purkinje::Error in words (no camera, unreadable file, a protocol the simulator cannot perform).
OpenedSource open_trial_source(const SourceChoice& choice, const std::string& protocol, double seconds, int trial_number,
                               const std::vector<StimulusEvent>& schedule = {}, const std::string& view = {});

// Every camera of one trial: one, or for records_eye_and_head the eye camera (the choice's own camera
// in the eye view) and then the head camera (face view). The virtual patient renders both views of the
// same simulated movement with the same timestamps, paced on one shared clock.
std::vector<OpenedSource> open_trial_sources(const SourceChoice& choice, const std::string& protocol, double seconds,
                                             int trial_number);

// The seed of a trial's stimulus schedule (the stimulus window and the virtual patient use the same).
std::uint64_t schedule_seed(const SourceChoice& choice, int trial_number);

}  // namespace purkinje::app
