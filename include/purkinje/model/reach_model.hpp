#pragma once
// The reach forward model: cerebellum as a Smith predictor (Miall, Weir, Wolpert & Stein 1993) with an
// internal model whose inertia is misestimated (Bhanpuri, Okamura & Bastian 2014).
//
// A point mass moves along the line from start to target (unit true mass, viscosity c), driven through
// first-order muscle activation (time constant tau_a):
//   x'' = F - c x',   tau_a F' = u + n - F        (n: the muscles' force noise)
// The command is a feedforward from the internal model on a minimum-jerk plan x_d of duration T(D),
//   u_ff = F_d + tau_a F_d',   F_d = (1 + delta) x_d'' + c x_d'
// plus delayed PD feedback through a Smith predictor of weight w, gated by g(t):
//   x_fb = x(t - Delta) + w [x_hat(t) - x_hat(t - Delta)],   (likewise v_fb)
//   u_fb = g(t) [Kp (x_d - x_fb) + Kv (x_d' - v_fb)]
// where x_hat is the internal model's own prediction (mass 1 + delta, the same activation, driven by
// the command as sent). A fast reach runs on its feedforward (the delayed loop is too slow to steer
// it): g is full while the hand is held before the plan, `feedback_during_reach` while the plan runs,
// and rises smoothly to full again as it ends. The planned duration grows with distance,
//   T(D) = duration_s + duration_per_cm_s (D - 20 cm).
// delta > 0 (inertia overestimated) pushes too hard and overshoots: hypermetria; delta < 0 stops short:
// hypometria (Bhanpuri, Okamura & Bastian 2014). The delayed feedback then corrects the error: with w = 1
// the delay is cancelled; w < 1 leaves part of it, and the correction rings (intention tremor).
//
// The fit is a prediction-error fit: the feedback is driven by the MEASURED hand Delta ago (the sensed
// x(t - Delta) is the data), so the model's command answers each reach's own error, and a Kalman
// filter on the limb predicts every sample from the ones before; the one-step prediction errors are
// the residuals (docs/models.md).

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/finding.hpp"

namespace purkinje::model {

inline constexpr double kReferenceReachCm = 20;  // duration_s is the plan of a reach this long

struct ReachPlant {
    double viscosity_per_s = 0.7;        // c: damping per unit mass of the limb
    double activation_tau_s = 0.04;      // tau_a: muscle activation (excitation-contraction) time constant
    double feedback_during_reach = 0.0;  // feedback gain while the plan runs, relative to that at the target
    double feedback_takeover_start = 0.95;  // the feedback gain starts rising at this fraction of T ...
    double feedback_takeover_length = 0.4;  // ... and reaches full gain this fraction of T later
};

struct ReachModelParams {
    double delta = 0.0;        // internal-model inertia error, fraction (1 + delta = estimated / true)
    double w = 1.0;            // Smith predictor (forward model) weight, 0..1
    double Delta_s = 0.07;     // sensory feedback delay
    double Kp = 300.0;         // position feedback gain per unit mass at the target, 1/s^2
    double Kv = 30.0;          // velocity feedback gain per unit mass at the target, 1/s
    double duration_s = 0.55;  // planned movement duration of a 20 cm reach
    double duration_per_cm_s = 0.0;  // planned duration added per cm of reach distance
};

struct ReachSimulationOptions {
    double step_s = 0.002;     // integration step (second order: held command, exact activation, trapezoid)
    double length_s = 2.0;
    ReachPlant plant;
};

// Position along the reach, as a fraction of the distance (0 = start, 1 = target), at t = k * step_s;
// the plan starts at t = 0. The planned duration is that of a reach of `distance_cm`.
std::vector<double> simulate_reach(const ReachModelParams& params, const ReachSimulationOptions& options = {},
                                   double distance_cm = kReferenceReachCm);

// One measured reach. Positions in cm in any frame (2-D callers leave z at 0); times in seconds,
// increasing. Only the component along start -> target is modelled.
struct Reach {
    std::vector<double> t_s;
    std::vector<std::array<double, 3>> position_cm;
    std::array<double, 3> start_cm{};
    std::array<double, 3> target_cm{};
};

// The model's own reaches as a tracker would record them: for self-consistency checks, benchmarks and
// demos. Each reach starts after a random delay toward a target at a random distance and direction in
// the x-y plane, sampled at `sample_rate_hz` with Gaussian position noise; simulated at 0.5 ms.
struct ReachSampling {
    int reaches = 10;
    double duration_s = 2.0;
    double sample_rate_hz = 120.0;
    double min_distance_cm = 15, max_distance_cm = 30;
    double min_delay_s = 0.1, max_delay_s = 0.3;
    bool random_direction = true;   // false: every reach along +x
    double noise_cm = 0.1;
    // Force noise of the muscles per unit mass (cm/s^2): white, its 10 ms mean has this SD (the virtual
    // patient's convention); added to the command on its way to the limb from the plan's start on.
    double force_noise_cm_s2 = 0.0;
    unsigned seed = 1;
    std::array<double, 3> start_cm{};
    ReachPlant plant;
};
std::vector<Reach> sample_model_reaches(const ReachModelParams& params, const ReachSampling& sampling = {});

struct ReachFitOptions {
    ReachPlant plant;
    double step_s = 0.005;       // longest integration step: each sample interval is cut into equal steps
    int max_iterations = 60;
    int local_fits = 2;          // multi-start: short LM descents from the best grid points ...
    int scouting_iterations = 8; // ... of this many iterations; the best one is then run to convergence
    // The delay and the predictor weight trade off (to first order only (1 - w) Delta shows in the
    // movement), so the delay carries a physiological prior: the long-latency (transcortical) stretch
    // reflex, 50-100 ms (Lee & Tatton 1975; Matthews 1991), as 70 +- 25 ms. delay_prior_sd_s <= 0 fits it
    // unconstrained. Delta_s is reported as not identifiable when the data narrow the prior by less than 30%.
    double delay_prior_mean_s = 0.07;
    double delay_prior_sd_s = 0.025;
    // The limb's force noise as the Kalman filter assumes it: spectral density of white noise on the
    // command, (cm/s^2)^2 s. <= 0: chosen from a grid by the likelihood of the prediction errors.
    double force_noise_density = 0.0;
};

// Movement read off a trajectory (data or model), in the clinic's terms.
struct ReachKinematics {
    double endpoint_error_cm = 0;            // position at the end of the primary movement minus target
    double tremor_amplitude_cm = 0;          // half peak-to-peak of the terminal oscillation about its mean
    std::optional<double> tremor_frequency_hz;  // from velocity zero crossings, when >= 2 half cycles
};

// Kinematics of a 1-D trajectory along the reach (cm from start), sampled at `t_s`, target `distance_cm`.
// End of the primary movement: velocity first falls below 10% of its peak after the peak.
ReachKinematics reach_kinematics(const std::vector<double>& t_s, const std::vector<double>& along_cm,
                                 double distance_cm);

struct ReachFit {
    ReachModelParams params;
    // "reach_forward_model": delta, w, Delta_s, Kp, Kv, duration_s, duration_per_cm_s, 95% intervals.
    // quality: RMSE and R^2 of the model's own reaches (closed loop, from each fitted plan onset)
    // against the data; the message adds the one-step prediction error and the force noise density.
    ModelFit fit;
    ReachKinematics predicted;         // of the fitted model at the patient's mean reach distance
    ReachKinematics observed_mean;     // the data's own, averaged over reaches
    std::vector<std::vector<double>> predicted_along_cm;  // per reach, the model's own reach at its sample times
    std::vector<double> plan_onset_s;  // per reach, fitted start of the plan, s after its first sample
    double prediction_rmse_cm = 0;     // one-step prediction error of the fit (the residuals it minimised)
    double force_noise_density = 0;    // the filter's force noise, (cm/s^2)^2 s
};

// Fits one patient's reaches of one task together. Throws BadInput naming the reach and the sample
// for inconsistent, non-finite or too-short input, or a reach that never leaves its start.
ReachFit fit_reach_model(const std::vector<Reach>& reaches, const ReachFitOptions& options = {});

}  // namespace purkinje::model
