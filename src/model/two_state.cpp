#include "purkinje/model/two_state.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include <ceres/ceres.h>

#include "purkinje/core/error.hpp"

namespace purkinje::model {
namespace {

// The solver works on (A_s, A_f/A_s, B_f, B_s/B_f): each ratio in [0, 1) makes A_s > A_f and B_f > B_s
// hold by construction instead of by penalty.
constexpr int kParams = 4;
using Packed = std::array<double, kParams>;

template <typename T>
void unpack(const T* p, T& A_f, T& B_f, T& A_s, T& B_s) {
    A_s = p[0];
    A_f = p[0] * p[1];
    B_f = p[2];
    B_s = p[2] * p[3];
}

Packed pack(const TwoStateParams& q) {
    return {q.A_s, q.A_f / q.A_s, q.B_f, q.B_f > 0 ? q.B_s / q.B_f : 0.0};
}

TwoStateParams unpack_params(const Packed& p) {
    TwoStateParams q;
    unpack(p.data(), q.A_f, q.B_f, q.A_s, q.B_s);
    return q;
}

struct SeriesResidual {
    const std::vector<double>* perturbation;
    const std::vector<double>* observed;
    const std::vector<char>* clamp;

    template <typename T>
    bool operator()(const T* const p, T* residual) const {
        T A_f, B_f, A_s, B_s;
        unpack(p, A_f, B_f, A_s, B_s);
        T xf(0), xs(0);
        int r = 0;
        for (std::size_t n = 0; n < perturbation->size(); ++n) {
            const T x = xf + xs;
            if (std::isfinite((*observed)[n])) residual[r++] = T((*observed)[n]) - x;
            const T e = (*clamp)[n] ? T(0) : T((*perturbation)[n]) - x;
            xf = A_f * xf + B_f * e;
            xs = A_s * xs + B_s * e;
        }
        return true;
    }
};

struct Solved {
    Packed packed{};
    double cost = 0;
    bool converged = false;
    std::string message;
};

Solved solve(const std::vector<double>& perturbation, const std::vector<double>& observed,
             const std::vector<char>& clamp, int residuals, const Packed& start, int max_iterations) {
    Solved s;
    s.packed = start;
    ceres::Problem problem;
    auto* cost = new ceres::AutoDiffCostFunction<SeriesResidual, ceres::DYNAMIC, kParams>(
        new SeriesResidual{&perturbation, &observed, &clamp}, residuals);
    problem.AddResidualBlock(cost, nullptr, s.packed.data());
    const Packed lower{0.5, 0.0, 1e-5, 0.0};
    const Packed upper{0.99999, 0.9999, 1.0, 0.9999};
    for (int i = 0; i < kParams; ++i) {
        problem.SetParameterLowerBound(s.packed.data(), i, lower[i]);
        problem.SetParameterUpperBound(s.packed.data(), i, upper[i]);
    }
    ceres::Solver::Options options;
    options.linear_solver_type = ceres::DENSE_QR;
    options.max_num_iterations = max_iterations;
    options.num_threads = 1;
    options.logging_type = ceres::SILENT;
    ceres::Solver::Summary summary;
    ceres::Solve(options, &problem, &summary);
    s.cost = summary.final_cost;
    s.converged = summary.termination_type == ceres::CONVERGENCE;
    s.message = summary.BriefReport();
    return s;
}

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto k = static_cast<std::size_t>(pos);
    const double f = pos - static_cast<double>(k);
    return k + 1 < v.size() ? v[k] * (1 - f) + v[k + 1] * f : v.back();
}

}  // namespace

std::vector<double> simulate_two_state(const TwoStateParams& q, const std::vector<double>& perturbation,
                                       const std::vector<bool>& error_clamp, TwoStateState state) {
    std::vector<double> x(perturbation.size());
    for (std::size_t n = 0; n < perturbation.size(); ++n) {
        x[n] = state.x_fast + state.x_slow;
        const bool clamped = n < error_clamp.size() && error_clamp[n];
        const double e = clamped ? 0.0 : perturbation[n] - x[n];
        state.x_fast = q.A_f * state.x_fast + q.B_f * e;
        state.x_slow = q.A_s * state.x_slow + q.B_s * e;
    }
    return x;
}

TwoStateFit fit_two_state(const AdaptationSeries& series, const TwoStateOptions& options) {
    const std::size_t n = series.perturbation.size();
    if (series.adaptation.size() != n)
        throw_bad_input("adaptation series", "has " + std::to_string(series.adaptation.size()) +
                                                 " adaptation values for " + std::to_string(n) + " perturbations",
                        "one adaptation value (or NaN) per trial");
    if (!series.error_clamp.empty() && series.error_clamp.size() != n)
        throw_bad_input("adaptation series: error_clamp", "does not have one flag per trial");
    int residuals = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(series.perturbation[i]))
            throw_bad_input("adaptation series: perturbation of trial " + std::to_string(i), "is not a finite number");
        residuals += std::isfinite(series.adaptation[i]);
    }
    if (residuals < 20) throw_bad_input("adaptation series", "fewer than 20 trials with a measured adaptation");
    std::size_t block_start = n, block_end = n;
    for (std::size_t i = 0; i < n; ++i)
        if (series.perturbation[i] != 0) {
            block_start = i;
            break;
        }
    if (block_start == n) throw_bad_input("adaptation series", "the perturbation is zero on every trial", "an adaptation block");
    const double block_value = series.perturbation[block_start];
    block_end = block_start;
    while (block_end < n && series.perturbation[block_end] == block_value) ++block_end;

    std::vector<char> clamp(n, 0);
    for (std::size_t i = 0; i < series.error_clamp.size(); ++i) clamp[i] = series.error_clamp[i];

    // Multi-start: a fast/slow split that learns quickly, one that learns slowly, one in between.
    const std::array<TwoStateParams, 3> starts{{{0.90, 0.20, 0.995, 0.03}, {0.80, 0.10, 0.99, 0.01}, {0.95, 0.05, 0.998, 0.02}}};
    Solved best;
    best.cost = std::numeric_limits<double>::infinity();
    for (const auto& start : starts) {
        Solved s = solve(series.perturbation, series.adaptation, clamp, residuals, pack(start), options.max_iterations);
        if (s.cost < best.cost) best = s;
    }

    TwoStateFit out;
    out.params = unpack_params(best.packed);
    out.predicted = simulate_two_state(out.params, series.perturbation, series.error_clamp);

    double ss_res = 0, ss_tot = 0, mean = 0;
    std::vector<double> residual_values;
    std::vector<std::size_t> observed_index;
    for (std::size_t i = 0; i < n; ++i)
        if (std::isfinite(series.adaptation[i])) {
            mean += series.adaptation[i];
            observed_index.push_back(i);
        }
    mean /= residuals;
    for (std::size_t i : observed_index) {
        const double r = series.adaptation[i] - out.predicted[i];
        residual_values.push_back(r);
        ss_res += r * r;
        ss_tot += (series.adaptation[i] - mean) * (series.adaptation[i] - mean);
    }

    // Residual bootstrap: the fitted trajectory plus resampled residuals, refitted from the estimate.
    std::array<std::vector<double>, kParams> draws;
    if (options.bootstrap_resamples > 0) {
        std::mt19937 rng(options.bootstrap_seed);
        std::uniform_int_distribution<std::size_t> pick(0, residual_values.size() - 1);
        std::vector<double> resampled(n, std::nan(""));
        for (int b = 0; b < options.bootstrap_resamples; ++b) {
            for (std::size_t i : observed_index) resampled[i] = out.predicted[i] + residual_values[pick(rng)];
            const Solved s = solve(series.perturbation, resampled, clamp, residuals, best.packed, options.max_iterations);
            const TwoStateParams q = unpack_params(s.packed);
            draws[0].push_back(q.A_f);
            draws[1].push_back(q.B_f);
            draws[2].push_back(q.A_s);
            draws[3].push_back(q.B_s);
        }
    }

    const auto& q = out.params;
    auto& d = out.derived;
    d.fast_time_constant_trials = -1.0 / std::log(q.A_f);
    d.slow_time_constant_trials = -1.0 / std::log(q.A_s);
    const double k = q.B_f / (1 - q.A_f) + q.B_s / (1 - q.A_s);
    d.adaptation_extent = k / (1 + k);
    d.slow_retention_per_trial = q.A_s;
    {
        const std::size_t length = block_end - block_start;
        std::vector<double> f(length, 1.0);
        std::vector<double> first = simulate_two_state(q, f);
        TwoStateState state;
        for (double fn : f) {
            const double e = fn - (state.x_fast + state.x_slow);
            state.x_fast = q.A_f * state.x_fast + q.B_f * e;
            state.x_slow = q.A_s * state.x_slow + q.B_s * e;
        }
        for (int t = 0; t < 5000 && state.x_fast + state.x_slow > 0; ++t) {
            const double e = -1.0 - (state.x_fast + state.x_slow);
            state.x_fast = q.A_f * state.x_fast + q.B_f * e;
            state.x_slow = q.A_s * state.x_slow + q.B_s * e;
        }
        const std::vector<double> again = simulate_two_state(q, std::vector<double>(11, 1.0), {}, state);
        const std::size_t probe = std::min<std::size_t>(10, first.size() - 1);
        d.savings = again[10] - first[probe];
    }
    if (block_end < n) {
        d.aftereffect = out.predicted[block_end];
    } else {  // the series ends inside the block: one more (unperturbed) trial of the model
        std::vector<double> f = series.perturbation;
        f.push_back(0.0);
        std::vector<bool> clamped = series.error_clamp;
        if (!clamped.empty()) clamped.push_back(false);
        d.aftereffect = simulate_two_state(q, f, clamped).back();
    }
    if (block_end < n && std::isfinite(series.adaptation[block_end])) d.measured_aftereffect = series.adaptation[block_end];

    ModelFit& fit = out.fit;
    fit.model = "two_state_adaptation";
    fit.model_version = "1";
    const std::array<std::pair<const char*, double>, kParams> named{
        {{"A_f", q.A_f}, {"B_f", q.B_f}, {"A_s", q.A_s}, {"B_s", q.B_s}}};
    for (int i = 0; i < kParams; ++i) {
        ModelParameter p;
        p.name = named[i].first;
        p.value = named[i].second;
        p.unit = "1";
        if (!draws[i].empty()) {
            p.ci_low = percentile(draws[i], 0.025);
            p.ci_high = percentile(draws[i], 0.975);
            // A parameter whose interval spans half its possible range is not pinned by the data.
            p.identifiable = (*p.ci_high - *p.ci_low) < 0.5;
        }
        fit.parameters.push_back(p);
    }
    fit.parameters.push_back({"fast_time_constant", d.fast_time_constant_trials, "trials", {}, {}, true});
    fit.parameters.push_back({"slow_time_constant", d.slow_time_constant_trials, "trials", {}, {}, true});
    fit.parameters.push_back({"adaptation_extent", d.adaptation_extent, "1", {}, {}, true});
    fit.parameters.push_back({"savings", d.savings, "1", {}, {}, true});
    fit.parameters.push_back({"aftereffect", d.aftereffect, "1", {}, {}, true});
    fit.quality.rmse = std::sqrt(ss_res / residuals);
    fit.quality.rmse_unit = "1";
    fit.quality.r_squared = ss_tot > 0 ? 1 - ss_res / ss_tot : 0;
    fit.quality.n_observations = residuals;
    fit.quality.converged = best.converged;
    fit.quality.message = best.message;
    return out;
}

}  // namespace purkinje::model
