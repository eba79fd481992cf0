#include "exam_demo.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>


#include "purkinje/assess/protocol.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/core/time.hpp"
#include "purkinje/sim/simulated_source.hpp"
#include "purkinje/track/face_eye.hpp"
#include "purkinje/track/pupil.hpp"

namespace purkinje::cli {
namespace {

struct ProtocolSetup {
    const char* key;
    sim::Task task;
    double eye_fps;   // 0: a hand task
    bool head;        // needs the head channel
};

const ProtocolSetup kSetups[] = {
    {names::kFingerChase, sim::Task::FingerChase, 0, false},
    {names::kNoseFinger, sim::Task::NoseFinger, 0, false},
    {names::kFastAlternating, sim::Task::AlternatingHand, 0, false},
    // Postural tremor: the finger held on one target (the simulator's finger-chase plant).
    {names::kPosturalTremor, sim::Task::FingerChase, 0, false},
    {names::kSaccades, sim::Task::Saccades, 120, false},
    {names::kSmoothPursuit, sim::Task::Pursuit, 120, false},
    {names::kGazeHolding, sim::Task::GazeHolding, 60, false},
    {names::kVorSinusoidal, sim::Task::VorSinusoid, 60, true},
    {names::kVorCancellation, sim::Task::VorCancellation, 60, true},
    {names::kHeadImpulse, sim::Task::HeadImpulse, 250, true},
    {names::kVorAdaptation, sim::Task::VorAdaptationX2, 250, true},
};

// A truth channel sampled at a camera's rate with Gaussian measurement noise; `sign` flips a
// convention (the simulator's head yaw is right-positive, names.hpp's left-positive).
Channel sample_channel(const Channel& truth, const std::string& name, const std::vector<Component>& components,
                       const std::vector<std::size_t>& truth_components, const std::vector<double>& sign,
                       double rate_hz, double seconds, double noise_sd, std::mt19937_64& rng) {
    Channel c(name, rate_hz, components);
    std::normal_distribution<double> noise(0, noise_sd);
    const int n = int(std::floor(seconds * rate_hz));
    c.reserve(std::size_t(n));
    std::vector<float> sample(components.size());
    for (int i = 0; i < n; ++i) {
        const double t = i / rate_hz;
        for (std::size_t k = 0; k < components.size(); ++k)
            sample[k] = float(sign[k] * sim::sample_truth(truth, truth_components[k], t) + noise(rng));
        c.push_back(t, sample, 1.0f);
    }
    return c;
}

Channel track_eye(const sim::PatientParams& patient, sim::Task task, const std::vector<StimulusEvent>& schedule,
                  double seconds, double fps, std::uint64_t seed, const ExamOptions& o, sim::Movements* movements) {
    sim::SimulationConfig cfg;
    cfg.patient = patient;
    cfg.task = task;
    cfg.view = sim::View::Eye;
    cfg.size = {o.eye_width_px, o.eye_height_px};
    cfg.eye.size = cfg.size;
    cfg.fps = fps;
    cfg.seconds = seconds;
    cfg.seed = seed;
    cfg.schedule = schedule;
    sim::SimulatedSource source(cfg);
    auto tracker = track::make_pupil_frame_tracker({}, fps);
    while (auto frame = source.next()) tracker->process(*frame, nullptr);
    if (movements) *movements = source.movements();
    for (auto& c : tracker->channels())
        if (c.name == names::kPupil) return c;
    throw Error(ErrorKind::Internal, "the pupil tracker gave no pupil channel", "demo");
}

// Nine-point calibration of the eye camera: track's quadratic map from the median pupil position
// while the patient fixates each known target to gaze angle.
track::GazeCalibration calibrate(const sim::PatientParams& patient, std::uint64_t seed, const ExamOptions& o) {
    const double targets[9][2] = {{0, 0}, {-15, 0}, {15, 0}, {0, 10}, {0, -10}, {-15, 10}, {15, 10}, {-15, -10}, {15, -10}};
    std::vector<StimulusEvent> schedule;
    for (int k = 0; k < 9; ++k) schedule.push_back({1.2 * k, "target", "h_deg,v_deg", {targets[k][0], targets[k][1]}});
    const Channel pupil = track_eye(patient, sim::Task::Saccades, schedule, 9 * 1.2, 60, seed, o, nullptr);
    const auto& x = pupil.component("x");
    const auto& y = pupil.component("y");
    std::vector<cv::Point2d> pupil_px, targets_deg;
    for (int k = 0; k < 9; ++k) {
        std::vector<double> xs, ys;
        for (std::size_t i = 0; i < pupil.size(); ++i)
            if (pupil.t_s[i] >= 1.2 * k + 0.6 && pupil.t_s[i] < 1.2 * (k + 1) && pupil.confidence[i] > 0 && std::isfinite(x[i]))
                xs.push_back(x[i]), ys.push_back(y[i]);
        if (xs.size() < 5) throw Error(ErrorKind::Internal, "calibration target " + std::to_string(k) + " was not tracked", "demo calibration");
        std::nth_element(xs.begin(), xs.begin() + long(xs.size() / 2), xs.end());
        std::nth_element(ys.begin(), ys.begin() + long(ys.size() / 2), ys.end());
        pupil_px.push_back({xs[xs.size() / 2], ys[ys.size() / 2]});
        targets_deg.push_back({targets[k][0], targets[k][1]});
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
    session.camera = "SimulatedSource " + patient.name + ": eye " + std::to_string(o.eye_width_px) + "x" +
                     std::to_string(o.eye_height_px) + (o.render_eye_frames ? " rendered + pupil tracker" : " (truth + noise)") +
                     ", hand marker " + std::to_string(int(o.hand_rate_hz)) + " Hz, head gyroscope " +
                     std::to_string(int(o.head_rate_hz)) + " Hz";
    session.camera_fps = 250;
    std::mt19937_64 rng(o.seed * 7919 + 13);
    std::optional<track::GazeCalibration> calibration;
    const auto wanted = o.protocols.empty() ? simulated_protocols() : o.protocols;
    int index = 0;
    for (const auto& s : kSetups) {
        if (std::find(wanted.begin(), wanted.end(), s.key) == wanted.end()) continue;
        const auto& info = assess::protocol(s.key);
        const std::uint64_t seed = o.seed * 1000 + std::uint64_t(index) + 1;
        const auto schedule = assess::stimulus_schedule(s.key, seed);
        Trial trial;
        trial.index = index++;
        trial.protocol = s.key;
        trial.condition = s.eye_fps > 0 ? "" : "right hand";
        trial.start_s = 0;
        trial.recording.events = schedule;
        ExamTruth truth;
        truth.protocol = s.key;
        const bool render = s.eye_fps > 0 && o.render_eye_frames &&
                            std::find(o.rendered_protocols.begin(), o.rendered_protocols.end(), s.key) !=
                                o.rendered_protocols.end();
        if (render) {
            if (!calibration) calibration = calibrate(patient, o.seed, o);
            const Channel pupil = track_eye(patient, s.task, schedule, info.duration_s, s.eye_fps, seed, o, &truth.movements);
            trial.recording.channels.push_back(gaze_from_pupil(pupil, *calibration));
            if (o.progress) o.progress(std::string(s.key) + ": " + std::to_string(pupil.size()) + " eye frames rendered and tracked");
        } else {
            truth.movements = sim::simulate_movements(patient, s.task, schedule, info.duration_s, seed);
        }
        const Recording& t = truth.movements.truth;
        if (s.eye_fps > 0 && !render)
            trial.recording.channels.push_back(sample_channel(*t.find("eye_truth"), names::kGaze, {{"x", "deg"}, {"y", "deg"}},
                                                              {0, 1}, {1, 1}, s.eye_fps, info.duration_s, 0.1, rng));
        if (s.head)
            trial.recording.channels.push_back(sample_channel(*t.find("head_truth"), names::kHead,
                                                              {{"yaw", "deg"}, {"pitch", "deg"}, {"roll", "deg"}}, {0, 1, 2},
                                                              {-1, 1, 1}, o.head_rate_hz, info.duration_s, 0.05, rng));
        if (s.eye_fps == 0) {
            trial.recording.channels.push_back(sample_channel(*t.find("hand_truth"), names::kHand, {{"x", "cm"}, {"y", "cm"}},
                                                              {0, 1}, {1, 1}, o.hand_rate_hz, info.duration_s, 0.05, rng));
            if (o.progress) o.progress(std::string(s.key) + ": hand marker sampled at " + std::to_string(int(o.hand_rate_hz)) + " Hz");
        }
        session.trials.push_back(std::move(trial));
        exam.truth.push_back(std::move(truth));
    }
    std::string rendered;
    for (const auto& s : kSetups)
        if (s.eye_fps > 0 && std::find(o.rendered_protocols.begin(), o.rendered_protocols.end(), s.key) != o.rendered_protocols.end())
            rendered += std::string(rendered.empty() ? "" : ", ") + s.key;
    exam.notes.push_back(o.render_eye_frames && !rendered.empty()
                             ? "gaze (" + rendered + "): rendered " + std::to_string(o.eye_width_px) + "x" +
                                   std::to_string(o.eye_height_px) + " infrared eye frames, real pupil tracker, 9-point calibration; "
                                   "other eye protocols: simulator truth at the camera rate plus 0.1 deg noise"
                             : "gaze: simulator truth at the camera rate plus 0.1 deg noise (frames not rendered)");
    exam.notes.push_back("hand: simulator fingertip truth at " + std::to_string(int(o.hand_rate_hz)) +
                         " Hz plus 0.05 cm noise (no hand-view renderer / hand tracker yet)");
    exam.notes.push_back("head: simulator head truth at " + std::to_string(int(o.head_rate_hz)) +
                         " Hz plus 0.05 deg noise, as from a goggle gyroscope");
    return exam;
}

}  // namespace purkinje::cli
