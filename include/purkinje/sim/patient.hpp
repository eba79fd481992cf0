#pragma once
// The virtual patient's parameters: what a preset file names, field by field.
//
// Each group lists its fields once, in `visit`, with unit and meaning; the preset reader and
// writer, the rehabilitation interpolation and the documentation table all walk that one list, so
// a new parameter cannot be forgotten by any of them. Defaults are the healthy adult.

#include <filesystem>
#include <string>
#include <vector>

namespace purkinje::sim {

// Saccades, pursuit, gaze holding, fixation and blinks (eye in head, degrees).
struct OculomotorParams {
    double saccade_gain = 1.0;              // primary amplitude / retinal error; <1 hypometric
    double saccade_gain_sd = 0.03;          // trial-to-trial variability of the gain
    double saccade_latency_ms = 200;        // target step to primary saccade onset
    double saccade_latency_sd_ms = 25;
    double main_sequence_vmax_deg_s = 500;  // V = Vmax (1 - exp(-A / C))
    double main_sequence_c_deg = 14;
    double corrective_threshold_deg = 0.5;  // residual error that draws a corrective saccade
    double corrective_latency_ms = 150;     // end of a saccade to the corrective one
    double pursuit_gain = 0.95;             // eye velocity / target velocity in steady pursuit
    double pursuit_latency_ms = 100;
    double pursuit_time_constant_ms = 60;   // first-order rise of pursuit velocity
    double catch_up_threshold_deg = 1.5;    // position error that draws a catch-up saccade
    double catch_up_latency_ms = 120;
    double gaze_holding_tau_s = 40;         // leaky neural integrator time constant
    double fixation_drift_deg_s = 0.15;     // SD of the slow drift velocity during fixation
    double microsaccade_rate_hz = 1.0;
    double microsaccade_amplitude_deg = 0.25;
    double blink_rate_hz = 0.2;
    double blink_duration_ms = 250;
    double pupil_diameter_mm = 4.0;

    template <class V>
    void visit(V&& v) {
        v("saccade_gain", saccade_gain, "1", "primary saccade amplitude / target step (dysmetria)");
        v("saccade_gain_sd", saccade_gain_sd, "1", "trial-to-trial SD of the saccade gain");
        v("saccade_latency_ms", saccade_latency_ms, "ms", "target step to primary saccade onset");
        v("saccade_latency_sd_ms", saccade_latency_sd_ms, "ms", "SD of the saccade latency");
        v("main_sequence_vmax_deg_s", main_sequence_vmax_deg_s, "deg/s", "main sequence Vmax");
        v("main_sequence_c_deg", main_sequence_c_deg, "deg", "main sequence amplitude constant C");
        v("corrective_threshold_deg", corrective_threshold_deg, "deg",
          "residual error that draws a corrective saccade");
        v("corrective_latency_ms", corrective_latency_ms, "ms", "saccade end to corrective saccade");
        v("pursuit_gain", pursuit_gain, "1", "steady-state eye velocity / target velocity");
        v("pursuit_latency_ms", pursuit_latency_ms, "ms", "delay of the pursuit velocity drive");
        v("pursuit_time_constant_ms", pursuit_time_constant_ms, "ms", "first-order pursuit rise");
        v("catch_up_threshold_deg", catch_up_threshold_deg, "deg",
          "gaze position error that draws a catch-up saccade");
        v("catch_up_latency_ms", catch_up_latency_ms, "ms", "threshold crossing to catch-up saccade");
        v("gaze_holding_tau_s", gaze_holding_tau_s, "s",
          "leaky neural integrator time constant (gaze-evoked nystagmus when short)");
        v("fixation_drift_deg_s", fixation_drift_deg_s, "deg/s", "SD of fixational drift velocity");
        v("microsaccade_rate_hz", microsaccade_rate_hz, "Hz", "microsaccades per second");
        v("microsaccade_amplitude_deg", microsaccade_amplitude_deg, "deg", "mean microsaccade size");
        v("blink_rate_hz", blink_rate_hz, "Hz", "spontaneous blinks per second");
        v("blink_duration_ms", blink_duration_ms, "ms", "lid closing + closed + opening");
        v("pupil_diameter_mm", pupil_diameter_mm, "mm", "pupil diameter");
    }
};

// Vestibulo-ocular reflex, catch-up saccades of the head impulse test, VOR cancellation and VOR
// adaptation by a two-state learner (Smith, Ghazizadeh & Shadmehr 2006).
struct VestibularParams {
    double vor_gain_left = 1.0;             // eye velocity / head velocity, head turning left
    double vor_gain_right = 1.0;            // ... head turning right
    double vor_latency_ms = 8;
    double covert_saccade_fraction = 0.0;   // impulses with a catch-up saccade during the impulse
    double covert_latency_ms = 110;         // impulse onset to covert saccade onset
    double overt_latency_ms = 230;          // impulse onset to overt saccade onset (at the earliest)
    double catch_up_gain = 0.9;             // catch-up saccade amplitude / gaze error at onset
    double vor_cancellation = 0.95;         // fraction of the VOR suppressed with a head-fixed target
    double adaptation_a_fast = 0.92;        // retention of the fast state per trial
    double adaptation_b_fast = 0.03;        // learning rate of the fast state
    double adaptation_a_slow = 0.996;
    double adaptation_b_slow = 0.004;

    template <class V>
    void visit(V&& v) {
        v("vor_gain_left", vor_gain_left, "1", "VOR gain for head rotation to the left");
        v("vor_gain_right", vor_gain_right, "1", "VOR gain for head rotation to the right");
        v("vor_latency_ms", vor_latency_ms, "ms", "head to eye velocity delay");
        v("covert_saccade_fraction", covert_saccade_fraction, "1",
          "fraction of head impulses with a covert catch-up saccade");
        v("covert_latency_ms", covert_latency_ms, "ms", "impulse onset to covert saccade");
        v("overt_latency_ms", overt_latency_ms, "ms", "impulse onset to the earliest overt saccade");
        v("catch_up_gain", catch_up_gain, "1", "catch-up saccade amplitude / gaze error");
        v("vor_cancellation", vor_cancellation, "1", "fraction of VOR suppressed (head-fixed target)");
        v("adaptation_a_fast", adaptation_a_fast, "1", "two-state learner: fast retention A_f");
        v("adaptation_b_fast", adaptation_b_fast, "1", "two-state learner: fast learning rate B_f");
        v("adaptation_a_slow", adaptation_a_slow, "1", "two-state learner: slow retention A_s");
        v("adaptation_b_slow", adaptation_b_slow, "1", "two-state learner: slow learning rate B_s");
    }
};

// Planar limb: point mass with muscle activation, delayed feedback, an internal model with inertia
// error delta and a Smith predictor of weight w; alternating hand movements as a rhythm generator.
struct LimbParams {
    double mass_kg = 1.5;                   // effective hand/arm mass in the movement plane
    double damping_ns_m = 1;                // viscous damping b
    double activation_tau_ms = 40;          // muscle activation time constant
    double feedback_delay_ms = 60;          // Delta: transcortical loop delay
    double feedback_kp_n_m = 300;           // position gain of the feedback controller
    double feedback_kv_ns_m = 30;           // velocity gain
    double inertia_error_delta = 0.0;       // internal model inertia (1 + delta) m
    double forward_model_weight_w = 1.0;    // Smith predictor weight: 1 intact, 0 none
    double movement_feedback_fraction = 0.0;  // feedback gain during a reach / gain at the target
    double near_target_gain_boost = 0.5;    // feedback gain rises by this fraction at the target
    double signal_dependent_noise = 0.1;    // SD of force noise / force (10 ms mean)
    double constant_noise_n = 0.3;          // force noise SD (10 ms mean) independent of the command
    double reach_time_s = 0.45;             // planned duration of a 10 cm reach
    double reach_time_per_cm_s = 0.012;
    double reaction_time_ms = 260;
    double alternation_rate_hz = 4.0;       // fast alternating hand movements
    double alternation_irregularity = 0.05; // coefficient of variation of the cycle period
    double alternation_decrement = 0.05;    // amplitude lost per 10 s, fraction
    double alternation_amplitude_cm = 4.0;  // peak-to-peak marker excursion

    template <class V>
    void visit(V&& v) {
        v("mass_kg", mass_kg, "kg", "effective limb mass in the movement plane");
        v("damping_ns_m", damping_ns_m, "N.s/m", "viscous damping");
        v("activation_tau_ms", activation_tau_ms, "ms", "muscle activation time constant");
        v("feedback_delay_ms", feedback_delay_ms, "ms", "feedback loop delay Delta");
        v("feedback_kp_n_m", feedback_kp_n_m, "N/m", "feedback position gain Kp");
        v("feedback_kv_ns_m", feedback_kv_ns_m, "N.s/m", "feedback velocity gain Kv");
        v("inertia_error_delta", inertia_error_delta, "1",
          "internal model inertia error: I_hat = (1 + delta) I");
        v("forward_model_weight_w", forward_model_weight_w, "1",
          "Smith predictor weight (1 intact, 0 raw delayed feedback)");
        v("movement_feedback_fraction", movement_feedback_fraction, "1",
          "feedback gain during a reach, relative to the gain at the target");
        v("near_target_gain_boost", near_target_gain_boost, "1",
          "relative feedback gain increase at the target");
        v("signal_dependent_noise", signal_dependent_noise, "1", "force noise SD / force");
        v("constant_noise_n", constant_noise_n, "N", "command-independent force noise SD");
        v("reach_time_s", reach_time_s, "s", "planned duration of a 10 cm reach");
        v("reach_time_per_cm_s", reach_time_per_cm_s, "s/cm", "extra planned duration per cm");
        v("reaction_time_ms", reaction_time_ms, "ms", "target jump to movement start");
        v("alternation_rate_hz", alternation_rate_hz, "Hz", "fast alternating movements: rate");
        v("alternation_irregularity", alternation_irregularity, "1", "CV of the cycle period");
        v("alternation_decrement", alternation_decrement, "1", "amplitude lost per 10 s (fraction)");
        v("alternation_amplitude_cm", alternation_amplitude_cm, "cm", "peak-to-peak excursion");
    }
};

struct PatientParams {
    std::string name = "healthy";
    std::string description = "healthy adult";
    OculomotorParams eye;
    VestibularParams vestibular;
    LimbParams limb;

    bool operator==(const PatientParams& other) const;
};

// Reads a preset file. Every field must be present with a finite number and no unknown field may
// appear: a malformed file gives a BadInput Error naming the file and the field.
PatientParams load_preset(const std::filesystem::path& file);
// A preset from assets/presets/<name>.json; NotFound listing the known presets when absent.
PatientParams load_named_preset(const std::string& name);
std::vector<std::string> preset_names();  // the presets in assets/presets, sorted
std::string preset_to_json(const PatientParams& params);
PatientParams preset_from_json(const std::string& text, const std::string& where);

// Linear blend of every numeric parameter: alpha 0 gives `from`, 1 gives `to`.
PatientParams interpolate(const PatientParams& from, const PatientParams& to, double alpha);

// A rehabilitation course: presets at chosen session numbers, interpolated in between.
struct CourseWaypoint {
    int session = 0;
    PatientParams patient;
};
struct RehabilitationCourse {
    std::vector<CourseWaypoint> waypoints;   // sorted by session
    // The patient at a session; before the first / after the last waypoint the end one holds.
    PatientParams at_session(int session) const;
};
// Reads {"sessions": [{"session": 0, "preset": "severe_cerebellar_ataxia"}, ...]}.
RehabilitationCourse load_course(const std::filesystem::path& file);

}  // namespace purkinje::sim
