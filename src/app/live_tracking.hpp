#pragma once
// The trackers of a live trial, on their own worker thread. The trial's capture worker hands every
// frame over (push never blocks: when tracking falls behind, the oldest waiting frame is dropped and
// counted, and the channel has a gap there); the worker runs the trackers of the protocol's camera
// view (track::PupilTracker for the eye camera, track::HeadPoseTracker and track::FaceEyeTracker for
// the face view, track::FingertipTracker for the hand view), draws their overlays on the newest
// frame, keeps live traces, and builds the names.hpp channels the analysis reads. Head samples go out
// as they are tracked, with the steady-clock capture time of their frame (the stimulus window's VOR
// adaptation target).

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/capture/frame_source.hpp"
#include "purkinje/core/channel.hpp"
#include "purkinje/track/face_eye.hpp"
#include "purkinje/track/fingertip.hpp"
#include "purkinje/track/head_pose.hpp"

namespace purkinje::app {

// Face view without a gaze calibration: the eye offsets within the face (normalised, x right, y up),
// which the 9-point calibration maps to degrees.
inline constexpr const char* kEyeOffsetChannel = "eye_offset";

// What the trackers of one camera view need besides the frames.
struct TrackingSetup {
    // "eye" (infrared close-up), "face" (webcam: head and eyes), "head" (the face camera beside an eye
    // camera: head pose only), "hand"
    std::string view = "eye";
    double rate_hz = 60;
    // Eye and face views: pupil centre (eye) or eye offset (face) to eye-in-head degrees; without it
    // the gaze channel is not written (the pupil channel, in pixels, still is).
    std::optional<track::GazeCalibration> gaze;
    bool calibrating = false;            // recording the calibration itself: no gaze expected yet
    // Hand view: the fingertip marker's colour, and the printed reference marker lying in the movement
    // plane (id, side, and where its centre sits in the plane's frame, cm: the frame the targets use).
    track::HsvRange fingertip_colour;
    int reference_id = 10;
    double reference_side_cm = 5;
    cv::Point2d reference_centre_cm{0, 0};
    // Face view: the headband as printed, and the camera's horizontal field of view (intrinsics are
    // guessed from it until a ChArUco calibration exists; the head channel says so).
    track::HeadbandLayout headband;
    double horizontal_fov_deg = 60;
    // The camera's ChArUco calibration (new-session step): head pose uses it instead of the guess when
    // its image size is the frames'.
    std::optional<track::CameraIntrinsics> intrinsics;
    // Hand view: camera px -> screen cm through the stimulus screen's homography; when set, the
    // reference marker is not looked for.
    std::optional<track::PlaneScale> hand_plane;
};

struct LiveTrace {
    std::string label;   // "gaze x", "hand y", "head yaw velocity"
    std::string unit;    // "deg", "cm", "deg/s"
    std::vector<double> values;
};

struct TrackingSnapshot {
    cv::Mat overlay;                  // BGR, the newest tracked frame with what was found drawn on it
    std::int64_t overlay_index = -1;  // changes with each new overlay
    std::string state;                // "tracked", "blink", "lost", "out of view"
    double confidence = 0;
    std::vector<double> t_s;          // recent tracked frames, for the traces
    std::vector<LiveTrace> traces;
    std::int64_t received = 0, processed = 0, tracked = 0, dropped = 0;
    double mean_ms_per_frame = 0;     // tracker time per frame (all of the view's trackers)
    std::string note;                 // what the trackers cannot do here (no calibration, no scale ...)
};

class LiveTracking {
public:
    using HeadSink = std::function<void(double capture_steady_s, double yaw_velocity_deg_s_right)>;
    // `queue_capacity` frames may wait; `head_sink` (may be empty) gets each tracked head velocity.
    LiveTracking(TrackingSetup setup, HeadSink head_sink, std::size_t queue_capacity);
    ~LiveTracking();  // finishes
    LiveTracking(const LiveTracking&) = delete;
    LiveTracking& operator=(const LiveTracking&) = delete;

    // From the capture worker: one frame and its capture time on the steady clock. Never blocks.
    void push(const capture::Frame& frame, double capture_steady_s);
    // Tracks what is still queued, then stops the worker. Called once the capture has ended.
    void finish();
    TrackingSnapshot snapshot() const;
    // After finish(): the channels for the trial record (names.hpp names and units).
    std::vector<Channel> channels() const;

private:
    struct Queued {
        capture::Frame frame;
        double capture_steady_s;
    };
    struct Trackers;
    void run();
    void track_one(const Queued& item);

    TrackingSetup setup_;
    HeadSink head_sink_;
    std::size_t capacity_;
    std::unique_ptr<Trackers> trackers_;
    mutable std::mutex queue_mutex_;
    std::condition_variable queue_ready_;
    std::deque<Queued> queue_;
    bool finishing_ = false;
    mutable std::mutex snapshot_mutex_;
    TrackingSnapshot snapshot_;
    std::vector<Channel> channels_;
    double tracking_seconds_ = 0;
    std::thread worker_;
};

// The virtual patient's headband as its spec sheet gives it (sim::headband_spec_mm: ids 0, 1, 2, 2.4 cm
// squares on the head's curve), in the tracker's head frame, mm.
track::HeadbandLayout virtual_patient_headband();

}  // namespace purkinje::app
