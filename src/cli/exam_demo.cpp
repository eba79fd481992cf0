#include "exam_demo.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include <opencv2/imgproc.hpp>

#include "purkinje/assess/protocol.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/core/time.hpp"
#include "purkinje/sim/simulated_source.hpp"
#include "purkinje/track/face_eye.hpp"
#include "purkinje/track/fingertip.hpp"
#include "purkinje/track/head_pose.hpp"
#include "purkinje/track/pupil.hpp"

namespace purkinje::cli {
namespace {

// The cameras of each protocol. Rates: the protocol's own minimum or more (assess::ProtocolInfo).
// Head impulses and VOR adaptation need >= 100 Hz on both channels: eye camera 250 Hz (goggles),
// face camera 100 Hz. Sinusoidal VOR and its cancellation (0.5 Hz) are well sampled at 60 Hz.
struct ProtocolSetup {
    const char* key;
    double eye_fps;   // 0: no eye camera
    double head_fps;  // 0: head not measured
    double hand_fps;  // 0: no hand camera
};

const ProtocolSetup kSetups[] = {
    {names::kFingerChase, 0, 0, 60},
    {names::kNoseFinger, 0, 0, 60},
    {names::kFastAlternating, 0, 0, 60},
    {names::kPosturalTremor, 0, 0, 60},
    {names::kSaccades, 120, 0, 0},
    {names::kSmoothPursuit, 120, 0, 0},
    {names::kGazeHolding, 60, 0, 0},
    {names::kVorSinusoidal, 60, 60, 0},
    {names::kVorCancellation, 60, 60, 0},
    {names::kHeadImpulse, 250, 100, 0},
    {names::kVorAdaptation, 250, 100, 0},
};

const double kCalibrationTargets[9][2] = {{0, 0},    {-15, 0},  {15, 0},   {0, 10},   {0, -10},
                                          {-15, 10}, {15, 10},  {-15, -10}, {15, -10}};
constexpr double kCalibrationHoldS = 1.2;

sim::Task task_of(const std::string& protocol) {
    const auto task = sim::task_for_protocol(protocol);
    if (!task) throw Error(ErrorKind::Unsupported, "the virtual patient cannot perform " + protocol, "demo");
    return *task;
}

sim::SimulationConfig view_config(const sim::PatientParams& patient, sim::Task task, sim::View view, cv::Size size,
                                  double fps, double seconds, std::uint64_t seed,
                                  const std::vector<StimulusEvent>& schedule) {
    sim::SimulationConfig cfg;
    cfg.patient = patient;
    cfg.task = task;
    cfg.view = view;
    cfg.size = size;
    cfg.eye.size = size;
    cfg.scene.size = size;
    cfg.fps = fps;
    cfg.seconds = seconds;
    cfg.seed = seed;
    cfg.schedule = schedule;
    return cfg;
}

const Channel& channel_named(const std::vector<Channel>& channels, const char* name, const char* tracker) {
    for (const auto& c : channels)
        if (c.name == name) return c;
    throw Error(ErrorKind::Internal, std::string("the ") + tracker + " tracker gave no '" + name + "' channel", "demo");
}

// Eye camera -> pupil tracker: the "pupil" channel in pixels (NaN, confidence 0 where lost).
Channel track_eye(const sim::SimulationConfig& cfg, sim::Movements* movements) {
    sim::SimulatedSource source(cfg);
    auto tracker = track::make_pupil_frame_tracker({}, cfg.fps);
    while (auto frame = source.next()) tracker->process(*frame, nullptr);
    if (movements) *movements = source.movements();
    return channel_named(tracker->channels(), names::kPupil, "pupil");
}

// Face camera -> head pose tracker: the "head" channel (yaw left +, pitch, roll, deg). The camera's
// intrinsics are the renderer's pinhole (as from a prior purkinje-cli calibrate-camera).
Channel track_head(const sim::SimulationConfig& cfg) {
    sim::SimulatedSource source(cfg);
    sim::FrameTruth first;
    (void)source.render(0, &first);
    track::CameraIntrinsics cam;
    cam.image_size = cfg.size;
    const double f = first.face.focal_px;
    cam.camera_matrix = cv::Matx33d(f, 0, (cfg.size.width - 1) / 2.0, 0, f, (cfg.size.height - 1) / 2.0, 0, 0, 1);
    track::HeadPoseParams params;
    params.layout = virtual_patient_headband();
    auto tracker = track::make_head_frame_tracker(cam, params, cfg.fps);
    while (auto frame = source.next()) tracker->process(*frame, nullptr);
    return channel_named(tracker->channels(), names::kHead, "head pose");
}

// Hand camera -> fingertip tracker: the "hand" channel in cm on the target board. The examiner
// selects the green fingertip marker in the first frame (here: a 5x5 px box where the renderer put
// it); centimetres come from the printed 5 cm reference marker (id 10), whose place on the board is
// known, so positions share the targets' frame.
Channel track_hand(const sim::SimulationConfig& cfg, sim::Movements* movements) {
    sim::SimulatedSource source(cfg);
    sim::FrameTruth first;
    const capture::Frame first_frame = source.render(0, &first);
    const cv::Point c(cvRound(first.hand.fingertip_px.x), cvRound(first.hand.fingertip_px.y));
    track::FingertipParams params;
    params.colour = track::learn_marker_colour(first_frame.image, cv::Rect(c.x - 2, c.y - 2, 5, 5));
    cv::Mat grey;
    cv::cvtColor(first_frame.image, grey, cv::COLOR_BGR2GRAY);
    const auto scale = track::plane_scale_from_marker(grey, 10, 5.0);
    if (!scale) throw Error(ErrorKind::Internal, "the hand camera does not see the reference marker (id 10)", "demo");
    cv::Point2d ref_px(0, 0);
    for (const auto& p : first.hand.reference.corners_px) ref_px += 0.25 * p;
    const cv::Point2d ref_cm((ref_px.x - first.hand.plane_origin_px.x) / first.hand.px_per_cm,
                             (first.hand.plane_origin_px.y - ref_px.y) / first.hand.px_per_cm);
    track::FingertipTracker tracker(params, scale);
    Channel hand = track::make_hand_channel(cfg.fps, true);
    while (auto frame = source.next()) {
        auto r = tracker.track(frame->image, frame->index);
        if (r.centre_cm) r.centre_cm = *r.centre_cm + ref_cm;
        track::append_hand_sample(hand, frame->t_s, r);
    }
    if (movements) *movements = source.movements();
    return hand;
}

// Nine-point calibration of the eye camera: track's quadratic map from the median pupil position
// while the patient fixates each known target to gaze angle.
track::GazeCalibration calibrate(const sim::PatientParams& patient, std::uint64_t seed, const ExamOptions& o) {
    std::vector<StimulusEvent> schedule;
    for (int k = 0; k < 9; ++k)
        schedule.push_back({kCalibrationHoldS * k, "target", "h_deg,v_deg", {kCalibrationTargets[k][0], kCalibrationTargets[k][1]}});
    const Channel pupil = track_eye(view_config(patient, sim::Task::Saccades, sim::View::Eye, {o.eye_width_px, o.eye_height_px},
                                                60, 9 * kCalibrationHoldS, seed, schedule),
                                    nullptr);
    const auto& x = pupil.component("x");
    const auto& y = pupil.component("y");
    std::vector<cv::Point2d> pupil_px, targets_deg;
    for (int k = 0; k < 9; ++k) {
        std::vector<double> xs, ys;
        for (std::size_t i = 0; i < pupil.size(); ++i)
            if (pupil.t_s[i] >= kCalibrationHoldS * (k + 0.5) && pupil.t_s[i] < kCalibrationHoldS * (k + 1) &&
                pupil.confidence[i] > 0 && std::isfinite(x[i]))
                xs.push_back(x[i]), ys.push_back(y[i]);
        if (xs.size() < 5) throw Error(ErrorKind::Internal, "calibration target " + std::to_string(k) + " was not tracked", "demo calibration");
        std::nth_element(xs.begin(), xs.begin() + long(xs.size() / 2), xs.end());
        std::nth_element(ys.begin(), ys.begin() + long(ys.size() / 2), ys.end());
        pupil_px.push_back({xs[xs.size() / 2], ys[ys.size() / 2]});
        targets_deg.push_back({kCalibrationTargets[k][0], kCalibrationTargets[k][1]});
    }
    return track::GazeCalibration::fit(pupil_px, targets_deg);
}

Channel gaze_from_pupil(const Channel& pupil, const track::GazeCalibration& cal) {
    Channel gaze(names::kGaze, pupil.nominal_rate_hz, {{"x", "deg"}, {"y", "deg"}});
    const auto& x = pupil.component("x");
    const auto& y = pupil.component("y");
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (std::size_t i = 0; i < pupil.size(); ++i) {
        const bool ok = pupil.confidence[i] > 0 && std::isfinite(x[i]) && std::isfinite(y[i]);
        const cv::Point2d deg = ok ? cal.degrees({x[i], y[i]}) : cv::Point2d(nan, nan);
        gaze.push_back(pupil.t_s[i], {float(deg.x), float(deg.y)}, ok ? pupil.confidence[i] : 0.0f);
    }
    return gaze;
}

// --fast: a truth channel sampled at the camera's rate with Gaussian measurement noise of the size
// the trackers show on the rendered views; `sign` flips a convention (the simulator's head yaw is
// right-positive, names.hpp's left-positive).
Channel sample_channel(const Channel& truth, const std::string& name, const std::vector<Component>& components,
                       const std::vector<double>& sign, double rate_hz, double seconds, double noise_sd,
                       std::mt19937_64& rng) {
    Channel c(name, rate_hz, components);
    std::normal_distribution<double> noise(0, noise_sd);
    const int n = int(std::floor(seconds * rate_hz));
    c.reserve(std::size_t(n));
    std::vector<float> sample(components.size());
    for (int i = 0; i < n; ++i) {
        const double t = i / rate_hz;
        for (std::size_t k = 0; k < components.size(); ++k)
            sample[k] = float(sign[k] * sim::sample_truth(truth, k, t) + noise(rng));
        c.push_back(t, sample, 1.0f);
    }
    return c;
}

// One protocol's trial: its channels measured, the simulator's truth kept.
struct TrialJob {
    const ProtocolSetup* setup = nullptr;
    std::uint64_t seed = 0;
    Trial trial;
    ExamTruth truth;
    std::optional<Channel> pupil;  // tracked pixels, turned into gaze once the calibration is done
    double seconds_spent = 0;
};

// CPU time of the calling thread: what a job costs, whatever else the machine is doing.
double thread_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

void measure(TrialJob& job, const sim::PatientParams& patient, const ExamOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    const double cpu_started = thread_cpu_s();
    const ProtocolSetup& s = *job.setup;
    const auto& info = assess::protocol(s.key);
    const sim::Task task = task_of(s.key);
    const auto& schedule = job.trial.recording.events;
    auto& channels = job.trial.recording.channels;
    auto config = [&](sim::View view, cv::Size size, double fps) {
        return view_config(patient, task, view, size, fps, info.duration_s, job.seed, schedule);
    };
    std::string what;
    if (o.track_frames) {
        if (s.eye_fps > 0) {
            job.pupil = track_eye(config(sim::View::Eye, {o.eye_width_px, o.eye_height_px}, s.eye_fps), &job.truth.movements);
            what += std::to_string(job.pupil->size()) + " eye frames";
        }
        if (s.head_fps > 0) {
            channels.push_back(track_head(config(sim::View::Face, {o.face_width_px, o.face_height_px}, s.head_fps)));
            what += " + " + std::to_string(channels.back().size()) + " face frames";
        }
        if (s.hand_fps > 0) {
            channels.push_back(track_hand(config(sim::View::Hand, {o.hand_width_px, o.hand_height_px}, s.hand_fps),
                                          &job.truth.movements));
            what += std::to_string(channels.back().size()) + " hand frames";
        }
        what += " rendered and tracked";
    } else {
        job.truth.movements = sim::simulate_movements(patient, task, schedule, info.duration_s, job.seed);
        const Recording& t = job.truth.movements.truth;
        std::mt19937_64 rng(job.seed * 7919 + 13);
        if (s.eye_fps > 0)
            channels.push_back(sample_channel(*t.find("eye_truth"), names::kGaze, {{"x", "deg"}, {"y", "deg"}}, {1, 1},
                                              s.eye_fps, info.duration_s, 0.1, rng));
        if (s.head_fps > 0)
            channels.push_back(sample_channel(*t.find("head_truth"), names::kHead,
                                              {{"yaw", "deg"}, {"pitch", "deg"}, {"roll", "deg"}}, {-1, 1, 1},
                                              s.head_fps, info.duration_s, 0.05, rng));
        if (s.hand_fps > 0)
            channels.push_back(sample_channel(*t.find("hand_truth"), names::kHand, {{"x", "cm"}, {"y", "cm"}}, {1, 1},
                                              s.hand_fps, info.duration_s, 0.05, rng));
        what = "simulator truth plus noise";
    }
    job.seconds_spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (o.progress) {
        char took[64];
        std::snprintf(took, sizeof took, " (%.1f s, %.1f s CPU)", job.seconds_spent, thread_cpu_s() - cpu_started);
        o.progress(std::string(s.key) + ": " + what + took);
    }
}

// Runs `work(k)` for k in [0, n) on `threads` threads, longest jobs first as the caller orders
// them; the first exception is rethrown after all threads stop.
void run_parallel(std::size_t n, int threads, const std::function<void(std::size_t)>& work) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&] {
        for (std::size_t k = next++; k < n; k = next++) {
            try {
                work(k);
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                next = n;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::max(1, threads); ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

std::vector<std::string> simulated_protocols() {
    std::vector<std::string> out;
    for (const auto& s : kSetups) out.push_back(s.key);
    return out;
}

SimulatedExam simulate_exam(const sim::PatientParams& patient, const std::string& patient_code,
                            const ExamOptions& o) {
    SimulatedExam exam;
    Session& session = exam.session;
    session.patient_code = patient_code;
    session.started_at = utc_now_iso8601();
    session.examiner = "demo";
    session.software_version = software_version();
    const auto size_text = [](int w, int h) { return std::to_string(w) + "x" + std::to_string(h); };
    session.camera = "SimulatedSource " + patient.name +
                     (o.track_frames ? ": eye " + size_text(o.eye_width_px, o.eye_height_px) + " (pupil tracker), face " +
                                           size_text(o.face_width_px, o.face_height_px) + " (ArUco headband), hand " +
                                           size_text(o.hand_width_px, o.hand_height_px) + " (fingertip marker)"
                                     : ": simulator truth plus tracker-like noise (--fast)");
    session.camera_fps = 250;

    const auto wanted = o.protocols.empty() ? simulated_protocols() : o.protocols;
    std::vector<TrialJob> jobs;
    for (const auto& s : kSetups) {
        if (std::find(wanted.begin(), wanted.end(), s.key) == wanted.end()) continue;
        TrialJob job;
        job.setup = &s;
        job.seed = o.seed * 1000 + std::uint64_t(jobs.size()) + 1;
        job.trial.index = int(jobs.size());
        job.trial.protocol = s.key;
        job.trial.condition = s.hand_fps > 0 ? "right hand" : "";
        job.trial.start_s = 0;
        job.trial.recording.events = assess::stimulus_schedule(s.key, job.seed);
        job.truth.protocol = s.key;
        jobs.push_back(std::move(job));
    }
    // The calibration is one more job; frames are the cost, so the longest go first.
    const bool needs_calibration =
        o.track_frames && std::any_of(jobs.begin(), jobs.end(), [](const TrialJob& j) { return j.setup->eye_fps > 0; });
    std::optional<track::GazeCalibration> calibration;
    std::vector<std::size_t> order(jobs.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    auto cost = [&](std::size_t k) {
        const auto& s = *jobs[k].setup;
        return assess::protocol(s.key).duration_s * (s.eye_fps + 2 * s.head_fps + s.hand_fps);
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost(a) > cost(b); });
    const std::size_t calibration_job = order.size();
    if (needs_calibration) order.insert(order.begin() + long(std::min<std::size_t>(2, order.size())), calibration_job);
    run_parallel(order.size(), o.threads, [&](std::size_t k) {
        if (order[k] == calibration_job) calibration = calibrate(patient, o.seed, o);
        else measure(jobs[order[k]], patient, o);
    });

    for (auto& job : jobs) {
        if (job.pupil) job.trial.recording.channels.insert(job.trial.recording.channels.begin(), gaze_from_pupil(*job.pupil, *calibration));
        session.trials.push_back(std::move(job.trial));
        exam.truth.push_back(std::move(job.truth));
    }
    if (o.track_frames) {
        exam.notes.push_back("gaze: rendered " + size_text(o.eye_width_px, o.eye_height_px) +
                             " infrared eye frames (60-250 Hz by protocol), real pupil tracker, 9-point calibration");
        exam.notes.push_back("head: rendered " + size_text(o.face_width_px, o.face_height_px) +
                             " face frames (60 Hz; 100 Hz for head impulses and VOR adaptation), ArUco headband pose "
                             "tracker with the camera's intrinsics");
        exam.notes.push_back("hand: rendered " + size_text(o.hand_width_px, o.hand_height_px) +
                             " hand frames at 60 Hz, green fingertip marker tracker, cm from the 5 cm reference marker");
    } else {
        exam.notes.push_back("--fast: gaze, head and hand from the simulator truth at each camera's rate plus "
                             "tracker-like noise (0.1 deg, 0.05 deg, 0.05 cm); no frames rendered");
    }
    return exam;
}

track::HeadbandLayout virtual_patient_headband() {
    track::HeadbandLayout layout;
    layout.markers = sim::headband_spec_mm();
    return layout;
}

}  // namespace purkinje::cli
