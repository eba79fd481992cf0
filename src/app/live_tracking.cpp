#include "live_tracking.hpp"

#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/core/time.hpp"
#include "purkinje/sim/scene_renderers.hpp"
#include "purkinje/track/pupil.hpp"

namespace purkinje::app {
namespace {
constexpr std::size_t kTraceLength = 600;  // tracked frames kept for the live traces
constexpr std::size_t kTrailLength = 45;   // fingertip positions drawn as its trail
constexpr int kScaleSearchFrames = 120;    // frames to find the hand view's reference marker in
constexpr float kNan = std::numeric_limits<float>::quiet_NaN();

template <typename T>
void push_bounded(std::vector<T>& v, T value) {
    if (v.size() >= kTraceLength) v.erase(v.begin(), v.begin() + static_cast<long>(kTraceLength / 4));
    v.push_back(value);
}

cv::Mat bgr_copy(const cv::Mat& image) {
    cv::Mat out;
    if (image.channels() == 1) cv::cvtColor(image, out, cv::COLOR_GRAY2BGR);
    else if (image.channels() == 4) cv::cvtColor(image, out, cv::COLOR_BGRA2BGR);
    else out = image.clone();
    return out;
}

// The frame's state and confidence for the snapshot, from whichever tracker leads the view; true when tracked.
template <typename Result>
bool take_state(const Result& result, track::TrackState& state, double& confidence) {
    state = result.state;
    confidence = result.confidence;
    return result.state == track::TrackState::Tracked;
}

}  // namespace

// The trackers and channels of one view; only the worker thread touches them.
struct LiveTracking::Trackers {
    std::optional<track::PupilTracker> pupil;
    std::optional<track::HeadPoseTracker> head;
    std::optional<track::FaceEyeTracker> face_eye;
    std::optional<track::FingertipTracker> fingertip;
    int scale_search_left = kScaleSearchFrames;
    std::vector<Channel> channels;  // in the order they are written
    std::deque<cv::Point> trail;

    Channel& channel(const std::string& name) {
        for (auto& c : channels)
            if (c.name == name) return c;
        throw Error(ErrorKind::Internal, "no live channel '" + name + "'", "live tracking");
    }
};

LiveTracking::LiveTracking(TrackingSetup setup, HeadSink head_sink, std::size_t queue_capacity)
    : setup_(std::move(setup)), head_sink_(std::move(head_sink)), capacity_(std::max<std::size_t>(1, queue_capacity)),
      trackers_(std::make_unique<Trackers>()) {
    Trackers& t = *trackers_;
    const double rate = setup_.rate_hz;
    if (setup_.view == "eye") {
        t.pupil.emplace();
        t.channels.push_back(track::make_pupil_channel(rate, false));
        if (setup_.gaze) t.channels.emplace_back(names::kGaze, rate, std::vector<Component>{{"x", "deg"}, {"y", "deg"}});
        else if (!setup_.calibrating) snapshot_.note = "No gaze calibration: the pupil is tracked in pixels; the gaze channel (degrees) needs the 9-point calibration.";
    } else if (setup_.view == "face") {
        t.face_eye.emplace();  // throws NotFound naming the cascade file
        if (setup_.gaze) t.face_eye->set_calibration(*setup_.gaze);
        t.channels.push_back(track::make_head_channel(rate));
        t.channels.push_back(track::make_head_velocity_channel(rate));
        if (setup_.gaze) {
            t.channels.push_back(track::make_gaze_channel(rate, true));
        } else {
            // The eye offsets within the face, for the gaze calibration (not a gaze the analysis reads).
            Channel offsets = track::make_gaze_channel(rate, false);
            offsets.name = kEyeOffsetChannel;
            t.channels.push_back(std::move(offsets));
            if (!setup_.calibrating) snapshot_.note = "No gaze calibration: head pose and eye positions are tracked, the gaze channel needs the 9-point calibration.";
        }
    } else if (setup_.view == "head") {
        // The face camera beside an eye camera: the head only; the eye camera gives the gaze.
        t.channels.push_back(track::make_head_channel(rate));
        t.channels.push_back(track::make_head_velocity_channel(rate));
    } else if (setup_.view == "hand") {
        t.channels.push_back(track::make_hand_channel(rate, true));
    } else {
        throw_bad_input("camera view '" + setup_.view + "'", "has no trackers", "eye, face, head or hand");
    }
    worker_ = std::thread([this] { run(); });
}

LiveTracking::~LiveTracking() { finish(); }

void LiveTracking::push(const capture::Frame& frame, double capture_steady_s) {
    {
        std::lock_guard lock(queue_mutex_);
        if (finishing_) return;
        if (queue_.size() >= capacity_) {
            queue_.pop_front();
            std::lock_guard snap(snapshot_mutex_);
            ++snapshot_.dropped;
        }
        // The frame's pixels are shared, not copied: the capture worker never writes into a frame
        // after handing it on.
        queue_.push_back({frame, capture_steady_s});
    }
    {
        std::lock_guard snap(snapshot_mutex_);
        ++snapshot_.received;
    }
    queue_ready_.notify_one();
}

void LiveTracking::finish() {
    {
        std::lock_guard lock(queue_mutex_);
        finishing_ = true;
    }
    queue_ready_.notify_all();
    if (worker_.joinable()) worker_.join();
}

TrackingSnapshot LiveTracking::snapshot() const {
    std::lock_guard lock(snapshot_mutex_);
    return snapshot_;
}

std::vector<Channel> LiveTracking::channels() const {
    std::lock_guard lock(snapshot_mutex_);
    return channels_;
}

void LiveTracking::run() {
    for (;;) {
        Queued item;
        {
            std::unique_lock lock(queue_mutex_);
            queue_ready_.wait(lock, [&] { return finishing_ || !queue_.empty(); });
            if (queue_.empty()) break;  // finishing and drained
            item = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            track_one(item);
        } catch (const std::exception& e) {
            // An unusable frame is a gap in the channels, not the end of the trial.
            std::lock_guard lock(snapshot_mutex_);
            snapshot_.note = std::string("frame ") + std::to_string(item.frame.index) + " not tracked: " + e.what();
        }
    }
    std::lock_guard lock(snapshot_mutex_);
    channels_ = trackers_->channels;
}

void LiveTracking::track_one(const Queued& item) {
    Trackers& t = *trackers_;
    const capture::Frame& frame = item.frame;
    const double started = steady_now_s();
    cv::Mat overlay = bgr_copy(frame.image);
    track::TrackState state = track::TrackState::Lost;
    double confidence = 0;
    std::vector<LiveTrace> values;  // this frame's trace values (one each)
    std::string note;

    if (t.pupil) {
        const track::PupilResult r = t.pupil->track(frame.image, frame.index);
        track::append_pupil_sample(t.channel(names::kPupil), frame.t_s, r);
        const bool ok = take_state(r, state, confidence);
        if (setup_.gaze) {
            const cv::Point2d deg = ok ? setup_.gaze->degrees(r.centre_px) : cv::Point2d(kNan, kNan);
            t.channel(names::kGaze).push_back(frame.t_s, {float(deg.x), float(deg.y)}, ok ? float(r.confidence) : 0.0f);
            values.push_back({"gaze x", "deg", {deg.x}});
            values.push_back({"gaze y", "deg", {deg.y}});
        } else {
            values.push_back({"pupil x", "px", {ok ? r.centre_px.x : NAN}});
            values.push_back({"pupil y", "px", {ok ? r.centre_px.y : NAN}});
        }
        track::draw_pupil(overlay, r);
    }
    if (setup_.view == "face" || setup_.view == "head") {
        if (!t.head) {
            const bool calibrated = setup_.intrinsics && setup_.intrinsics->image_size == frame.image.size();
            const auto intrinsics = calibrated ? *setup_.intrinsics
                                               : track::CameraIntrinsics::from_field_of_view(frame.image.size(), setup_.horizontal_fov_deg);
            track::HeadPoseParams params;
            params.layout = setup_.headband;
            t.head.emplace(intrinsics, params);
        }
        const track::HeadPoseResult h = t.head->track(frame.image, frame.index, frame.t_s);
        track::append_head_sample(t.channel(names::kHead), t.channel(names::kHeadVelocity), frame.t_s, h);
        track::draw_head_pose(overlay, h, t.head->intrinsics());
        // The stimulus loop waits for the head only: out before the eyes are tracked.
        const bool moving = h.state == track::TrackState::Tracked && h.has_velocity;
        // The tracker counts yaw positive to the patient's left; the stimulus window takes it positive right.
        if (moving && head_sink_) head_sink_(item.capture_steady_s, -h.yaw_velocity_deg_s);
        take_state(h, state, confidence);
        values.push_back({"head yaw", "deg", {h.state == track::TrackState::Tracked ? h.yaw_deg : NAN}});
        values.push_back({"head yaw velocity", "deg/s", {moving ? h.yaw_velocity_deg_s : NAN}});
        if (t.face_eye) {
            const track::FaceEyeResult e = t.face_eye->track(frame.image, frame.index);
            track::append_gaze_sample(t.channel(setup_.gaze ? names::kGaze : kEyeOffsetChannel), frame.t_s, e);
            track::draw_face_eye(overlay, e);
            if (e.eye_in_head_deg) values.push_back({"gaze x", "deg", {e.eye_in_head_deg->x}});
        }
    }
    if (setup_.view == "hand") {
        track::FingertipParams params;
        params.colour = setup_.fingertip_colour;
        if (!t.fingertip && setup_.hand_plane) t.fingertip.emplace(params, *setup_.hand_plane);
        if (!t.fingertip) {
            // The plane's centimetres come from the reference marker; until it is seen, nothing is measured.
            const auto scale = track::plane_scale_from_marker(track::grey_frame(frame.image, frame.index), setup_.reference_id,
                                                              setup_.reference_side_cm);
            if (scale) {
                track::PlaneScale placed = *scale;
                // The marker's own frame has its centre at 0; the targets' frame has it at reference_centre_cm.
                const cv::Matx33d shift(1, 0, setup_.reference_centre_cm.x, 0, 1, setup_.reference_centre_cm.y, 0, 0, 1);
                placed.px_to_cm = shift * placed.px_to_cm;
                placed.method += ", centre at (" + std::to_string(setup_.reference_centre_cm.x).substr(0, 6) + ", " +
                                 std::to_string(setup_.reference_centre_cm.y).substr(0, 6) + ") cm";
                t.fingertip.emplace(params, placed);
            } else if (--t.scale_search_left <= 0) {
                note = "The reference marker (id " + std::to_string(setup_.reference_id) +
                       ") is not in view: the hand cannot be measured in centimetres.";
            }
        }
        if (t.fingertip) {
            const track::FingertipResult r = t.fingertip->track(frame.image, frame.index);
            track::append_hand_sample(t.channel(names::kHand), frame.t_s, r);
            const bool ok = take_state(r, state, confidence);
            if (ok) {
                t.trail.push_back(cv::Point(cvRound(r.centre_px.x), cvRound(r.centre_px.y)));
                if (t.trail.size() > kTrailLength) t.trail.pop_front();
            }
            const std::vector<cv::Point> trail(t.trail.begin(), t.trail.end());
            cv::polylines(overlay, trail, false, cv::Scalar(255, 160, 0), 2, cv::LINE_AA);
            track::draw_fingertip(overlay, r);
            values.push_back({"hand x", "cm", {ok && r.centre_cm ? r.centre_cm->x : NAN}});
            values.push_back({"hand y", "cm", {ok && r.centre_cm ? r.centre_cm->y : NAN}});
        } else {
            t.channel(names::kHand).push_back(frame.t_s, {kNan, kNan}, 0.0f);
            values.push_back({"hand x", "cm", {NAN}});
            values.push_back({"hand y", "cm", {NAN}});
        }
    }
    tracking_seconds_ += steady_now_s() - started;

    std::lock_guard lock(snapshot_mutex_);
    TrackingSnapshot& s = snapshot_;
    s.overlay = overlay;
    s.overlay_index = frame.index;
    s.state = track::to_string(state);
    s.confidence = confidence;
    ++s.processed;
    if (state == track::TrackState::Tracked) ++s.tracked;
    s.mean_ms_per_frame = 1000.0 * tracking_seconds_ / double(s.processed);
    if (!note.empty()) s.note = note;
    if (s.traces.size() != values.size()) {
        s.traces.clear();
        s.t_s.clear();
        for (const auto& v : values) s.traces.push_back({v.label, v.unit, {}});
    }
    push_bounded(s.t_s, frame.t_s);
    for (std::size_t k = 0; k < values.size(); ++k) push_bounded(s.traces[k].values, values[k].values.front());
}

track::HeadbandLayout virtual_patient_headband() {
    track::HeadbandLayout layout;
    layout.markers = sim::headband_spec_mm();
    return layout;
}

}  // namespace purkinje::app
