#pragma once
// Two-state model of motor adaptation (Smith, Ghazizadeh & Shadmehr 2006, PLoS Biol 4:e179).
//
//   e(n)     = f(n) - x(n)                 (error: perturbation not yet compensated; 0 on error-clamp trials)
//   x_f(n+1) = A_f x_f(n) + B_f e(n)       fast process: learns fast, forgets fast
//   x_s(n+1) = A_s x_s(n) + B_s e(n)       slow process: learns slowly, retains well
//   x(n)     = x_f(n) + x_s(n),  y(n) = x(n) + noise
//
// with A_s > A_f and B_f > B_s enforced by the parametrisation. For VOR adaptation, y is the gain change
// from baseline and f the demanded change (x2 viewing: f = +1 of gain; x0: f = -1); for saccade
// adaptation, the saccade gain change and the intrasaccadic target step (fraction of the amplitude).

#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/finding.hpp"

namespace purkinje::model {

struct TwoStateParams {
    double A_f = 0.92, B_f = 0.10;   // fast: retention per trial, learning rate
    double A_s = 0.996, B_s = 0.02;  // slow
};

struct TwoStateState {
    double x_fast = 0, x_slow = 0;
};

struct AdaptationSeries {
    std::vector<double> perturbation;     // f(n), one per trial
    std::vector<double> adaptation;       // y(n); NaN for a missing trial
    std::vector<bool> error_clamp;        // optional (empty = none): e(n) = 0 on these trials
};

// Predicted x(n) for every trial (before the trial's error is experienced).
std::vector<double> simulate_two_state(const TwoStateParams& params, const std::vector<double>& perturbation,
                                       const std::vector<bool>& error_clamp = {}, TwoStateState start = {});

struct TwoStateOptions {
    int bootstrap_resamples = 200;   // residual bootstrap for the 95% intervals; 0 = point fit only
    unsigned bootstrap_seed = 20060601;
    int max_iterations = 100;
};

struct TwoStateDerived {
    double fast_time_constant_trials = 0;   // -1 / ln(A_f)
    double slow_time_constant_trials = 0;   // -1 / ln(A_s)
    double adaptation_extent = 0;           // steady-state fraction of a constant perturbation learnt
    double slow_retention_per_trial = 0;    // A_s
    // Smith 2006 savings paradigm, simulated with the fitted parameters: adaptation for the length of
    // the series' first perturbation block, de-adaptation back to zero, re-adaptation; the difference
    // in adaptation reached after 10 trials (re-adaptation minus first adaptation), fraction of f.
    double savings = 0;
    // Model aftereffect: adaptation left on the first trial after the first perturbation block ends.
    double aftereffect = 0;
    std::optional<double> measured_aftereffect;  // the data's own first trial after that block
};

struct TwoStateFit {
    TwoStateParams params;
    TwoStateDerived derived;
    ModelFit fit;  // "two_state_adaptation": A_f, B_f, A_s, B_s with 95% intervals, and derived values
    std::vector<double> predicted;  // x(n) at the fitted parameters
};

// Fits the series. Throws BadInput when sizes differ, fewer than 20 finite trials remain, or the
// perturbation never differs from zero.
TwoStateFit fit_two_state(const AdaptationSeries& series, const TwoStateOptions& options = {});

}  // namespace purkinje::model
