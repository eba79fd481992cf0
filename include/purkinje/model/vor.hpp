#pragma once
// Vestibulo-ocular reflex: sinusoidal gain and phase, and the head impulse test (HIT/SHIMP).
//
// Sign convention: eye velocity is given *compensatory-positive*, i.e. in the sign a perfect VOR would
// share with the head (this is how ICS Impulse and most vHIT systems export it). A caller holding raw
// eye-in-head velocity negates it first. Every gain carries the name of the definition that made it.

#include <optional>
#include <string>
#include <vector>

namespace purkinje::model {

// ---- sinusoidal VOR -------------------------------------------------------------------------------

struct SinusoidalVorResult {
    double frequency_hz = 0;
    double gain = 0;             // |eye| / |head| at the stimulus frequency
    double phase_deg = 0;        // eye phase minus head phase; positive = eye leads
    double head_amplitude_dps = 0;
    double eye_amplitude_dps = 0;
    double r_squared_eye = 0;    // how much of the eye velocity the sinusoid explains
    std::string definition = "sinusoid_least_squares";
};

// Least-squares fit of a sinusoid at `frequency_hz` (plus offset) to head and eye velocity sampled at
// `t_s`. Non-finite samples are ignored. Throws BadInput when fewer than one stimulus cycle of finite
// samples remain or the sizes differ.
SinusoidalVorResult fit_sinusoidal_vor(const std::vector<double>& t_s,
                                       const std::vector<double>& head_velocity_dps,
                                       const std::vector<double>& eye_velocity_dps, double frequency_hz);

// ---- head impulses ---------------------------------------------------------------------------------

enum class ImpulseParadigm {
    Himp,   // classic head impulse: look at an earth-fixed target; catch-up saccades are compensatory
    Shimp,  // suppression head impulse: follow a head-fixed target; saccades are anti-compensatory
};

struct HeadImpulseTrace {
    double sample_rate_hz = 250;
    std::vector<double> head_velocity_dps;
    std::vector<double> eye_velocity_dps;  // compensatory-positive (see above)
};

struct HeadImpulseOptions {
    ImpulseParadigm paradigm = ImpulseParadigm::Himp;
    // Head impulse onset: the head velocity crossing this fraction of its peak (interpolated).
    double onset_fraction_of_peak = 0.10;
    // A saccade must stand out of the eye velocity by this much more than the head stands out at the
    // same moment (local prominence over +-20 ms), deg/s.
    double saccade_prominence_dps = 50;
    // Half width of the prominence window, ms.
    double prominence_half_window_ms = 20;
    // SHIMP saccade onset: eye velocity beyond this, deg/s (anti-compensatory direction).
    double shimp_onset_velocity_dps = 50;
    // Artefact thresholds (horizontal canal impulses).
    double minimum_peak_head_velocity_dps = 150;
    double implausible_gain_without_saccades = 1.3;
};

enum class CatchUpKind { Covert, Overt };
const char* to_string(CatchUpKind kind);  // "covert", "overt"

struct CatchUpSaccade {
    CatchUpKind kind = CatchUpKind::Overt;  // covert: starts before the head velocity returns to zero
    bool compensatory = true;               // false for the anti-compensatory saccades of SHIMP
    double latency_ms = 0;                  // saccade onset minus head impulse onset
    double peak_latency_ms = 0;             // saccade peak minus head impulse onset
    double peak_velocity_dps = 0;           // signed, compensatory-positive
    double amplitude_deg = 0;               // signed: eye displacement added by the saccade
    double duration_ms = 0;
};

struct ImpulseGain {
    std::string definition;  // "auc_desaccaded", "regression_slope_desaccaded", "instantaneous_60ms"
    double value = 0;
};

struct HeadImpulseAnalysis {
    int direction = 1;                    // sign of the head velocity peak in the input
    double peak_head_velocity_dps = 0;    // magnitude
    double peak_head_time_ms = 0;         // from the first sample
    double onset_time_ms = 0;             // head impulse onset, from the first sample
    double head_zero_time_ms = 0;         // head velocity back to zero after the peak
    std::optional<double> gain_auc;            // area under de-saccaded eye / area under head
    std::optional<double> gain_regression;     // least-squares slope of eye on head through the origin
    std::optional<double> gain_40ms, gain_60ms, gain_80ms;  // instantaneous, after onset
    std::vector<CatchUpSaccade> saccades;
    std::vector<std::string> artefacts;   // "head_peak_below_150dps", "eye_leads_head", ...
    std::vector<double> desaccaded_eye_velocity_dps;  // sign-normalised (head peak positive)

    std::vector<ImpulseGain> gains() const;  // every gain that exists, each with its definition
};

// Analyses one impulse. Throws BadInput when the traces are empty, of different lengths, not finite,
// or the sample rate is not positive.
HeadImpulseAnalysis analyse_head_impulse(const HeadImpulseTrace& trace, const HeadImpulseOptions& options = {});

// PR score (Rey-Martinez / Matino-Soler): the coefficient of variation, in percent, of the latencies of
// the first catch-up saccade across the impulses of one side. Low (< ~25) = saccades gathered in time.
// nullopt with fewer than `minimum_impulses` latencies.
std::optional<double> pr_score(const std::vector<double>& first_saccade_latencies_ms, int minimum_impulses = 4);

}  // namespace purkinje::model
