#include "purkinje/sim/simulated_source.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <thread>

#include "purkinje/core/error.hpp"
#include "random.hpp"

namespace purkinje::sim {

const char* to_string(View view) {
    switch (view) {
        case View::Eye: return "eye";
        case View::Face: return "face";
        case View::Hand: return "hand";
    }
    return "unknown";
}

View view_from_string(const std::string& name) {
    if (name == "eye") return View::Eye;
    if (name == "face") return View::Face;
    if (name == "hand") return View::Hand;
    throw_bad_input("view '" + name + "'", "is not a camera view of the simulator", "eye, face or hand");
}

EyePose eye_pose_at(const Movements& movements, double t_s) {
    EyePose pose;
    const Channel* eye = movements.truth.find("eye_truth");
    const Channel* lid = movements.truth.find("eyelid_truth");
    if (!eye) return pose;
    const double dt = 1.0 / movements.internal_rate_hz;
    pose.h_deg = sample_truth(*eye, 0, t_s);
    pose.v_deg = sample_truth(*eye, 1, t_s);
    pose.vel_h_deg_s = (sample_truth(*eye, 0, t_s + dt) - sample_truth(*eye, 0, t_s - dt)) / (2 * dt);
    pose.vel_v_deg_s = (sample_truth(*eye, 1, t_s + dt) - sample_truth(*eye, 1, t_s - dt)) / (2 * dt);
    if (lid) {
        pose.eyelid_closure = sample_truth(*lid, 0, t_s);
        pose.pupil_diameter_mm = sample_truth(*lid, 1, t_s);
    }
    return pose;
}

FacePose face_pose_at(const Movements& movements, double t_s) {
    FacePose pose;
    const EyePose eye = eye_pose_at(movements, t_s);
    pose.gaze_h_deg = eye.h_deg;
    pose.gaze_v_deg = eye.v_deg;
    pose.eyelid_closure = eye.eyelid_closure;
    pose.pupil_diameter_mm = eye.pupil_diameter_mm;
    if (const Channel* head = movements.truth.find("head_truth")) {
        pose.head.yaw_deg = sample_truth(*head, 0, t_s);
        pose.head.pitch_deg = sample_truth(*head, 1, t_s);
        pose.head.roll_deg = sample_truth(*head, 2, t_s);
        pose.head.x_cm = sample_truth(*head, 3, t_s);
        pose.head.y_cm = sample_truth(*head, 4, t_s);
        pose.head.z_cm = sample_truth(*head, 5, t_s);
    }
    return pose;
}

namespace {
SimulationConfig checked(SimulationConfig config) {
    if (!(config.fps > 0 && config.fps <= 2000))
        throw_bad_input("frame rate", "is " + std::to_string(config.fps) + " Hz", "between 0 and 2000 Hz");
    if (config.size.width < 64 || config.size.height < 64 || config.size.width > 4096 || config.size.height > 4096)
        throw_bad_input("frame size", "is " + std::to_string(config.size.width) + "x" +
                                          std::to_string(config.size.height),
                        "64 to 4096 px each side");
    if (!(config.drop_probability >= 0 && config.drop_probability < 1))
        throw_bad_input("drop probability", "is " + std::to_string(config.drop_probability), "in [0, 1)");
    if (!(config.timestamp_jitter_ms >= 0))
        throw_bad_input("timestamp jitter", "is negative", ">= 0 ms");
    config.eye.size = config.size;
    config.scene.size = config.size;
    if (config.schedule.empty()) config.schedule = default_schedule(config.task, config.seconds, config.seed);
    return config;
}
}  // namespace

SimulatedSource::SimulatedSource(SimulationConfig config)
    : config_(checked(std::move(config))),
      movements_(simulate_movements(config_.patient, config_.task, config_.schedule, config_.seconds,
                                    config_.seed)),
      eye_renderer_(config_.eye, config_.seed) {
    if (config_.view == View::Face) face_renderer_.emplace(config_.scene, config_.seed);
    if (config_.view == View::Hand) hand_renderer_.emplace(config_.scene, config_.seed);
    detail::Random random(config_.seed ^ 0x7469'6d65'0000'0000ull);
    const auto planned = std::int64_t(std::floor(config_.seconds * config_.fps + 1e-9));
    const double period = 1.0 / config_.fps;
    double last = -1;
    for (std::int64_t k = 0; k < planned; ++k) {
        double t = k * period;
        if (config_.timestamp_jitter_ms > 0)
            t += std::clamp(random.normal(0, config_.timestamp_jitter_ms / 1000), -0.45 * period, 0.45 * period);
        t = std::max(t, 0.0);
        const bool dropped = k > 0 && random.chance(config_.drop_probability);
        if (dropped || t <= last) continue;
        indices_.push_back(k);
        times_.push_back(t);
        last = t;
    }
}

std::string SimulatedSource::describe() const {
    std::ostringstream out;
    out << "SimulatedSource " << config_.patient.name << " " << to_string(config_.task) << " "
        << to_string(config_.view) << " " << config_.size.width << "x" << config_.size.height << " @ "
        << config_.fps << " Hz, seed " << config_.seed;
    return out.str();
}

capture::Frame SimulatedSource::render(std::size_t k, FrameTruth* truth) const {
    capture::Frame frame;
    frame.index = indices_.at(k);
    frame.t_s = times_.at(k);
    frame.origin = TimestampOrigin::Synthetic;
    FrameTruth ft;
    ft.index = frame.index;
    ft.t_s = frame.t_s;
    if (const Channel* target = movements_.truth.find("target")) {
        ft.target[0] = sample_truth(*target, 0, frame.t_s);
        ft.target[1] = sample_truth(*target, 1, frame.t_s);
    }
    const EyePose pose = eye_pose_at(movements_, frame.t_s);
    switch (config_.view) {
        case View::Eye:
            frame.image = eye_renderer_.render(pose, frame.index, &ft.eye);
            break;
        case View::Face:
            frame.image = face_renderer_->render(face_pose_at(movements_, frame.t_s), frame.t_s, frame.index, &ft.face);
            ft.eye = eye_renderer_.truth(pose);
            break;
        case View::Hand: {
            double x = 0, y = 0;
            if (const Channel* hand = movements_.truth.find("hand_truth")) {
                x = sample_truth(*hand, 0, frame.t_s);
                y = sample_truth(*hand, 1, frame.t_s);
            }
            frame.image = hand_renderer_->render(x, y, frame.t_s, frame.index, &ft.hand);
            break;
        }
    }
    if (truth) *truth = ft;
    return frame;
}

std::optional<capture::Frame> SimulatedSource::next() {
    if (state_ != capture::SourceState::Running) return std::nullopt;
    if (cursor_ >= indices_.size()) {
        state_ = capture::SourceState::Ended;
        return std::nullopt;
    }
    auto frame = render(cursor_++, &last_truth_);
    if (config_.pace_to_real_time) {
        if (started_s_ < 0) started_s_ = steady_now_s() - frame.t_s;
        const double wait_s = started_s_ + frame.t_s - steady_now_s();
        if (wait_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
    }
    return frame;
}

}  // namespace purkinje::sim
