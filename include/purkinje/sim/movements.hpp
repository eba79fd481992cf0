#pragma once
// Ground-truth movements of the virtual patient: the exam task, its stimulus schedule, and what the
// patient's eyes, head and hand did, from the simulator's own plant models at a 1 kHz internal step.
//
// Conventions (every channel, every view): horizontal angles positive to the patient's right,
// vertical angles positive up; head yaw positive turning right, pitch positive up, roll positive
// toward the right ear. Hand positions in cm in the movement plane, x to the right, y up, origin at
// the nose (nose-finger) or at the centre of the target board.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/channel.hpp"
#include "purkinje/sim/patient.hpp"

namespace purkinje::sim {

enum class Task {
    Fixation,          // central target: fixational drift, microsaccades, blinks
    Saccades,          // target steps between +-5 and +-20 deg
    Pursuit,           // sinusoidal target, 0.2-0.6 Hz
    GazeHolding,       // eccentric targets held 10 s each
    HeadImpulse,       // passive head impulses left and right, 150-250 deg/s
    VorSinusoid,       // sinusoidal head rotation, world-fixed target
    VorCancellation,   // sinusoidal head rotation, head-fixed target
    VorAdaptationX2,   // head impulses with the target moved against the head (gain 2 demanded)
    VorAdaptationX0,   // head impulses with the target moved with the head (gain 0 demanded)
    FingerChase,       // SARA 5: a target that jumps every ~2 s over ~30 cm
    NoseFinger,        // SARA 6: nose to the examiner's finger and back
    AlternatingHand,   // SARA 7: fast alternating (pronation/supination) movements
};

const char* to_string(Task task);                       // "finger_chase", ...
Task task_from_string(const std::string& name);         // BadInput naming the known tasks
std::vector<std::string> task_names();
bool is_hand_task(Task task);
// The task the virtual patient performs for an exam protocol (core/names.hpp keys): the one table
// the app's simulated camera and the demo share. Postural tremor is the finger held on the finger
// chase plant's target; nullopt for what the simulator cannot perform (rest tremor, vHIT imports).
std::optional<Task> task_for_protocol(const std::string& protocol);

// The default stimulus schedule of a task, for standalone use. The analysis (assess) may hand the
// simulator its own schedule of the same kinds instead. Event kinds the simulator understands:
//   "target"        {h_deg, v_deg}          world-fixed gaze target from t_s on
//   "target_sine"   {centre_h_deg, centre_v_deg, amplitude_h_deg, amplitude_v_deg, frequency_hz}
//   "target_head_fixed" {h_deg, v_deg}      target carried with the head (VOR cancellation)
//   "head_impulse"  {direction (+1 right, -1 left), peak_deg_s, duration_ms}
//   "head_sine"     {amplitude_deg, frequency_hz}   yaw rotation from t_s on
//   "head_still"    {}                      ends a head_sine (head returns to 0 within the cycle)
//   "vor_viewing"   {demanded_gain}         2 = x2, 0 = x0, 1 = normal viewing (adaptation block)
//   "blink"         {}                      a blink on command
//   "hand_target"   {x_cm, y_cm}            reach target from t_s on
//   "alternation"   {duration_s}            fast alternating hand movements
std::vector<StimulusEvent> default_schedule(Task task, double seconds, std::uint64_t seed);

struct SaccadeTruth {
    double onset_s = 0;
    double offset_s = 0;
    double amplitude_h_deg = 0;     // commanded displacement of the eye
    double amplitude_v_deg = 0;
    double peak_velocity_deg_s = 0;
    std::string kind;               // "primary", "corrective", "catch_up", "covert", "overt", "micro"
};

struct HeadImpulseTruth {
    double onset_s = 0;
    int direction = 0;              // +1 right, -1 left
    double peak_velocity_deg_s = 0;
    double vor_gain = 0;            // the gain the plant used in this impulse
    double demanded_gain = 1;       // viewing condition (2 = x2, 0 = x0)
    bool covert_saccade = false;
    bool overt_saccade = false;
};

struct ReachTruth {
    double start_s = 0;             // target jump
    double target_x_cm = 0;
    double target_y_cm = 0;
    double from_x_cm = 0;
    double from_y_cm = 0;
};

// What the patient did. `truth` holds 1 kHz channels:
//   "eye_truth"    h_deg, v_deg          eye in head (both eyes conjugate)
//   "gaze_truth"   h_deg, v_deg          eye in space = head + eye
//   "head_truth"   yaw_deg, pitch_deg, roll_deg, x_cm, y_cm, z_cm
//   "eyelid_truth" closure (0 open, 1 closed), pupil_diameter_mm
//   "target"       h_deg, v_deg (eye tasks) or x_cm, y_cm (hand tasks)
//   "hand_truth"   x_cm, y_cm            fingertip in the movement plane (hand tasks)
// and `truth.events` the stimulus schedule that drove it.
struct Movements {
    Task task = Task::Fixation;
    double internal_rate_hz = 1000;
    Recording truth;
    std::vector<SaccadeTruth> saccades;
    std::vector<HeadImpulseTruth> head_impulses;
    std::vector<double> adaptation_gain_by_trial;   // VOR gain of each impulse in adaptation blocks
    std::vector<ReachTruth> reaches;
    double tremor_frequency_hz = 0;                 // the limb loop's oscillation frequency
};

// Runs the plant models for `seconds` on `schedule`. Same inputs and seed, same Movements.
Movements simulate_movements(const PatientParams& patient, Task task,
                             const std::vector<StimulusEvent>& schedule, double seconds,
                             std::uint64_t seed);
// The same with default_schedule(task, seconds, seed).
Movements simulate_movements(const PatientParams& patient, Task task, double seconds,
                             std::uint64_t seed);

// Linear interpolation of one component of a truth channel at time t (clamped at the ends).
double sample_truth(const Channel& channel, std::size_t component, double t_s);

}  // namespace purkinje::sim
