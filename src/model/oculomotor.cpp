#include "purkinje/model/oculomotor.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>
#include <ceres/ceres.h>

#include "purkinje/core/error.hpp"

namespace purkinje::model {

SaccadeTrialMetrics saccade_trial_metrics(const SaccadeTrial& trial, const SaccadeTrialOptions& options) {
    SaccadeTrialMetrics m;
    if (trial.target_step_deg == 0 || !std::isfinite(trial.target_step_deg))
        throw_bad_input("saccade trial: target_step_deg", "the target did not step", "a non-zero target step");
    const double step_sign = trial.target_step_deg > 0 ? 1.0 : -1.0;
    const SaccadeDescription* primary = nullptr;
    for (const auto& s : trial.saccades) {
        const double latency = (s.onset_s - trial.target_onset_s) * 1000.0;
        if (latency < 0) continue;
        if (latency > options.maximum_latency_ms) break;
        if (s.amplitude_deg * step_sign <= 0) continue;  // away from the target: not the response
        primary = &s;
        m.latency_ms = latency;
        m.anticipatory = latency < options.anticipation_limit_ms;
        break;
    }
    if (!primary) return m;
    m.gain = primary->amplitude_deg / trial.target_step_deg;
    double reached = primary->amplitude_deg;
    for (const auto& s : trial.saccades) {
        if (s.onset_s <= primary->onset_s) continue;
        if ((s.onset_s - primary->offset_s) * 1000.0 > options.corrective_window_ms) break;
        const double remaining = trial.target_step_deg - reached;
        if (s.amplitude_deg * remaining > 0) {
            ++m.corrective_saccades;
            reached += s.amplitude_deg;
        }
    }
    m.final_gain = reached / trial.target_step_deg;
    return m;
}

namespace {
struct MainSequenceResidual {
    double amplitude, velocity;
    template <typename T>
    bool operator()(const T* const p, T* r) const {
        r[0] = T(velocity) - p[0] * (T(1) - exp(-T(amplitude) / p[1]));
        return true;
    }
};
}  // namespace

MainSequenceFit fit_main_sequence(const std::vector<double>& amplitude_deg, const std::vector<double>& peak_velocity_dps) {
    if (amplitude_deg.size() != peak_velocity_dps.size())
        throw_bad_input("main sequence", "amplitudes and peak velocities differ in number", "one peak velocity per saccade");
    if (amplitude_deg.size() < 5) throw_bad_input("main sequence", "fewer than 5 saccades", "at least 5 saccades");
    for (std::size_t i = 0; i < amplitude_deg.size(); ++i)
        if (!(std::abs(amplitude_deg[i]) > 0) || !(peak_velocity_dps[i] > 0) || !std::isfinite(amplitude_deg[i]) ||
            !std::isfinite(peak_velocity_dps[i]))
            throw_bad_input("main sequence: saccade " + std::to_string(i), "amplitude or peak velocity is not positive");
    double p[2] = {*std::max_element(peak_velocity_dps.begin(), peak_velocity_dps.end()), 10.0};
    ceres::Problem problem;
    for (std::size_t i = 0; i < amplitude_deg.size(); ++i)
        problem.AddResidualBlock(new ceres::AutoDiffCostFunction<MainSequenceResidual, 1, 2>(
                                     new MainSequenceResidual{std::abs(amplitude_deg[i]), peak_velocity_dps[i]}),
                                 nullptr, p);
    problem.SetParameterLowerBound(p, 0, 50);
    problem.SetParameterUpperBound(p, 0, 2000);
    problem.SetParameterLowerBound(p, 1, 0.5);
    problem.SetParameterUpperBound(p, 1, 60);
    ceres::Solver::Options options;
    options.linear_solver_type = ceres::DENSE_QR;
    options.logging_type = ceres::SILENT;
    ceres::Solver::Summary summary;
    ceres::Solve(options, &problem, &summary);

    // Model-based covariance from the Jacobian at the optimum.
    const auto n = static_cast<int>(amplitude_deg.size());
    Eigen::MatrixXd J(n, 2);
    double ss = 0, mean = 0, ss_tot = 0;
    for (int i = 0; i < n; ++i) mean += peak_velocity_dps[i] / n;
    for (int i = 0; i < n; ++i) {
        const double a = std::abs(amplitude_deg[i]);
        const double e = std::exp(-a / p[1]);
        J(i, 0) = 1 - e;
        J(i, 1) = p[0] * e * a / (p[1] * p[1]);
        const double r = peak_velocity_dps[i] - p[0] * (1 - e);
        ss += r * r;
        ss_tot += (peak_velocity_dps[i] - mean) * (peak_velocity_dps[i] - mean);
    }
    const double sigma2 = ss / std::max(1, n - 2);
    const Eigen::Matrix2d information = J.transpose() * J;
    MainSequenceFit out;
    out.vmax_dps = p[0];
    out.c_deg = p[1];
    out.fit.model = "saccade_main_sequence";
    out.fit.model_version = "1";
    const bool invertible = std::abs(information.determinant()) > 1e-12 * information.squaredNorm();
    const Eigen::Matrix2d covariance = invertible ? Eigen::Matrix2d(sigma2 * information.inverse()) : Eigen::Matrix2d::Zero();
    const char* names[2] = {"Vmax_dps", "C_deg"};
    const char* units[2] = {"deg/s", "deg"};
    for (int i = 0; i < 2; ++i) {
        ModelParameter q{names[i], p[i], units[i], std::nullopt, std::nullopt, invertible};
        const double half = 1.96 * std::sqrt(covariance(i, i));
        // Saccades all larger than C leave the curve's knee, and so C, unconstrained.
        if (!invertible || !std::isfinite(half) || half > p[i]) q.identifiable = false;
        if (q.identifiable) {
            q.ci_low = p[i] - half;
            q.ci_high = p[i] + half;
        }
        out.fit.parameters.push_back(q);
    }
    out.fit.quality = {std::sqrt(ss / n), "deg/s", ss_tot > 0 ? 1 - ss / ss_tot : 0, n,
                       summary.termination_type == ceres::CONVERGENCE, summary.BriefReport()};
    return out;
}

GazeHoldingFit fit_gaze_holding(const std::vector<GazeHoldSegment>& segments) {
    if (segments.size() < 2) throw_bad_input("gaze holding", "fewer than 2 fixation segments", "holds at two or more eccentricities");
    std::vector<double> positions, velocities;
    GazeHoldingFit out;
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const auto& seg = segments[s];
        const std::string where = "gaze holding: segment " + std::to_string(s);
        if (seg.t_s.size() != seg.position_deg.size() || seg.t_s.size() < 3)
            throw_bad_input(where, "needs at least 3 samples, one position per time");
        double mt = 0, mp = 0;
        int n = 0;
        for (std::size_t i = 0; i < seg.t_s.size(); ++i)
            if (std::isfinite(seg.t_s[i]) && std::isfinite(seg.position_deg[i])) {
                mt += seg.t_s[i];
                mp += seg.position_deg[i];
                ++n;
            }
        if (n < 3) throw_bad_input(where, "has fewer than 3 finite samples");
        mt /= n;
        mp /= n;
        double stt = 0, stp = 0;
        for (std::size_t i = 0; i < seg.t_s.size(); ++i)
            if (std::isfinite(seg.t_s[i]) && std::isfinite(seg.position_deg[i])) {
                stt += (seg.t_s[i] - mt) * (seg.t_s[i] - mt);
                stp += (seg.t_s[i] - mt) * (seg.position_deg[i] - mp);
            }
        if (!(stt > 0)) throw_bad_input(where, "all samples share one time");
        positions.push_back(mp);
        velocities.push_back(stp / stt);
    }
    out.drift_velocity_dps = velocities;
    const auto n = static_cast<double>(positions.size());
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < positions.size(); ++i) {
        mx += positions[i] / n;
        my += velocities[i] / n;
    }
    double sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < positions.size(); ++i) {
        sxx += (positions[i] - mx) * (positions[i] - mx);
        sxy += (positions[i] - mx) * (velocities[i] - my);
    }
    if (!(sxx > 0)) throw_bad_input("gaze holding", "every segment lies at the same eccentricity", "holds at different eccentricities");
    const double slope = sxy / sxx;  // = -1 / tau
    const double intercept = my - slope * mx;
    double ss = 0;
    for (std::size_t i = 0; i < positions.size(); ++i) {
        const double r = velocities[i] - (intercept + slope * positions[i]);
        ss += r * r;
    }
    const double se = positions.size() > 2 ? std::sqrt(ss / (n - 2) / sxx) : std::abs(slope);
    const double t975 = positions.size() > 2 ? 1.96 + 2.37 / (n - 2) + 2.8 / ((n - 2) * (n - 2)) : 12.7;
    const double leak_low = slope - t975 * se, leak_high = slope + t975 * se;  // in 1/s, negative = leak
    out.fit.model = "leaky_integrator";
    out.fit.model_version = "1";
    ModelParameter tau{"tau_s", 0, "s", std::nullopt, std::nullopt, false};
    if (leak_high < 0) {  // a centripetal drift the data can tell from none
        tau.value = -1.0 / slope;
        tau.identifiable = true;
        tau.ci_low = -1.0 / leak_low;
        tau.ci_high = -1.0 / leak_high;
        out.time_constant_s = tau.value;
        out.null_position_deg = -intercept / slope;
    }
    out.fit.parameters.push_back(tau);
    out.fit.parameters.push_back({"null_position_deg", out.null_position_deg, "deg", std::nullopt, std::nullopt, tau.identifiable});
    double ss_tot = 0;
    for (double v : velocities) ss_tot += (v - my) * (v - my);
    out.fit.quality = {std::sqrt(ss / n), "deg/s", ss_tot > 0 ? 1 - ss / ss_tot : 0, static_cast<int>(n), true,
                       "closed-form least squares"};
    return out;
}

}  // namespace purkinje::model
