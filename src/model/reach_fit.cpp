// Fitting the reach forward model to one patient's reaches by prediction error: the model's feedback
// is driven by the measured hand and a Kalman filter on the limb predicts each sample from the ones
// before (reach_prediction.hpp). Multi-start Levenberg-Marquardt with derivatives through the
// prediction (Ceres Jets), one plan onset per reach, a physiological prior on the delay, the force
// noise chosen by likelihood, cluster-robust intervals with reaches as clusters, and an
// identifiability check.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <Eigen/Dense>
#include <ceres/ceres.h>

#include "purkinje/core/error.hpp"
#include "purkinje/model/reach_model.hpp"
#include "reach_prediction.hpp"

namespace purkinje::model {
namespace {

using detail::LimbFilter;
using detail::planned_duration;
using detail::PreparedReach;

constexpr int kParams = detail::kReachParams;
constexpr std::array<const char*, kParams> kNames{"delta", "w", "Delta_s", "Kp", "Kv", "duration_s", "duration_per_cm_s"};
constexpr std::array<const char*, kParams> kUnits{"1", "1", "s", "1/s2", "1/s", "s", "s/cm"};
constexpr std::array<double, kParams> kLower{-0.6, 0.0, 0.02, 5.0, 0.5, 0.2, -0.01};
constexpr std::array<double, kParams> kUpper{1.0, 1.0, 0.2, 1500.0, 120.0, 2.0, 0.05};
constexpr double kOnsetScaleS = 0.1;  // an onset's scale in the covariance's parameter scaling
// Force noise densities ((cm/s^2)^2 s) the likelihood chooses from: a still hand's few tenths of a
// newton on a 1.5 kg arm (~4) up to a severe ataxic's noisy reach.
constexpr std::array<double, 10> kForceNoiseGrid{0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300};
constexpr double kStartingForceNoise = 3;
// Jerk densities ((cm/s^3)^2 s) of the sensed hand's smoother: a 20 cm reach in 0.5 s has jerks of
// ~10^4 cm/s^3.
constexpr std::array<double, 6> kJerkDensityGrid{1e5, 1e6, 1e7, 1e8, 1e9, 1e10};

// delta, w, Delta, Kp, Kv, planned duration T, onset, and one unused: Eigen vectorises an even size.
using ReachJet = ceres::Jet<double, 8>;

// One reach's prediction errors and, when asked, their derivatives in the seven global parameters
// (row-major, n x 7) and in the reach's onset. The reach sees the duration law only through its
// planned duration T = duration_s + duration_per_cm_s (D - 20): the chain rule gives its two columns.
struct ReachPrediction {
    const PreparedReach* reach;
    const LimbFilter* filter;
    ReachPlant plant;

    int size() const { return static_cast<int>(reach->y_cm.size()); }

    void operator()(const double* p, double onset, double* r, double* global_jacobian, double* onset_jacobian) const {
        const double duration = planned_duration(p, reach->distance_cm);
        if (global_jacobian == nullptr && onset_jacobian == nullptr) {
            detail::prediction_errors(p, duration, onset, *reach, *filter, plant, r);
            return;
        }
        std::array<ReachJet, 5> loop;
        for (int i = 0; i < 5; ++i) loop[static_cast<std::size_t>(i)] = ReachJet(p[i], i);
        const double slope_lever = reach->distance_cm - kReferenceReachCm;
        const bool clamped = p[5] + p[6] * slope_lever < detail::kShortestPlanS;
        thread_local std::vector<ReachJet> rj;
        rj.resize(reach->y_cm.size());
        detail::prediction_errors(loop.data(), clamped ? ReachJet(duration) : ReachJet(duration, 5), ReachJet(onset, 6),
                                  *reach, *filter, plant, rj.data());
        for (std::size_t k = 0; k < rj.size(); ++k) {
            r[k] = rj[k].a;
            if (global_jacobian) {
                double* row = global_jacobian + k * kParams;
                for (int i = 0; i < 6; ++i) row[i] = rj[k].v[i];
                row[6] = rj[k].v[5] * slope_lever;
            }
            if (onset_jacobian) onset_jacobian[k] = rj[k].v[6];
        }
    }
};

class ReachCost final : public ceres::CostFunction {
public:
    explicit ReachCost(const ReachPrediction& prediction) : prediction_(prediction) {
        set_num_residuals(prediction.size());
        mutable_parameter_block_sizes()->push_back(kParams);
        mutable_parameter_block_sizes()->push_back(1);
    }
    bool Evaluate(double const* const* parameters, double* residuals, double** jacobians) const override {
        prediction_(parameters[0], parameters[1][0], residuals, jacobians ? jacobians[0] : nullptr,
                    jacobians ? jacobians[1] : nullptr);
        return true;
    }

private:
    ReachPrediction prediction_;
};

// The delay prior as one more residual, in the units of the prediction errors (their sd per prior sd).
struct DelayPrior {
    double mean_s, sd_s, error_cm;
    template <typename T>
    bool operator()(const T* const p, T* residual) const {
        residual[0] = (p[2] - T(mean_s)) * T(error_cm / sd_s);
        return true;
    }
};

// Measurement noise of the positions, from second differences (which cancel smooth movement).
double position_noise_cm(const std::vector<PreparedReach>& reaches) {
    double ss = 0;
    int n = 0;
    for (const auto& r : reaches)
        for (std::size_t i = 1; i + 1 < r.y_cm.size(); ++i) {
            const double d2 = r.y_cm[i + 1] - 2 * r.y_cm[i] + r.y_cm[i - 1];
            ss += d2 * d2;
            ++n;
        }
    return n > 0 ? std::max(1e-3, std::sqrt(ss / n / 6.0)) : 0.1;
}

// Where the model's own reach (closed loop, from rest) passes 10% of its distance after its plan starts.
double model_rise_time(const double* p, const ReachPlant& plant, double distance_cm, double h) {
    const double duration = planned_duration(p, distance_cm);
    thread_local detail::ReachRun run;
    detail::simulate(p, duration, plant, h, static_cast<int>(std::ceil((0.6 * duration + 0.2) / h)), run);
    return detail::crossing_time(run.x, 0.1, h).value_or(0.3 * duration);
}

struct Estimate {
    std::array<double, kParams> p{};
    std::vector<double> onsets;
};

class PredictionFit {
public:
    PredictionFit(const std::vector<PreparedReach>& reaches, const ReachFitOptions& options)
        : reaches_(reaches), options_(options) {
        // One filter for every reach: the reaches share the median interval of the first (a task's
        // reaches come from one tracker); the others are resampled to it.
        interval_ = reaches.front().interval_s;
        for (auto& r : reaches_) {
            if (std::abs(r.interval_s - interval_) > 1e-9 * interval_) resample(r, interval_);
            longest_ = std::max(longest_, static_cast<int>(r.y_cm.size()));
            residuals_ += static_cast<int>(r.y_cm.size());
        }
        substeps_ = std::max(1, static_cast<int>(std::ceil(interval_ / options.step_s - 1e-9)));
        position_variance_ = std::pow(position_noise_cm(reaches_), 2);
        // The sensed hand, smoothed with the jerk density the samples are most likely under.
        double best = std::numeric_limits<double>::infinity(), density = kJerkDensityGrid.front();
        for (double q : kJerkDensityGrid) {
            double m2ll = 0;
            for (auto& r : reaches_) m2ll += detail::smooth_sensed_hand(r, q, position_variance_);
            if (m2ll < best) best = m2ll, density = q;
        }
        for (auto& r : reaches_) detail::smooth_sensed_hand(r, density, position_variance_);
    }

    int residual_count() const { return residuals_; }
    const std::vector<PreparedReach>& reaches() const { return reaches_; }
    double step_s() const { return interval_ / substeps_; }

    LimbFilter filter(double force_noise_density) const {
        return detail::make_limb_filter(options_.plant, interval_, substeps_, longest_ + 1, force_noise_density,
                                        position_variance_);
    }

    // Sum of squared residuals, or, with `log_likelihood`, -2 log L of the prediction errors.
    double cost(const Estimate& e, const LimbFilter& f, bool log_likelihood = false) const {
        double total = 0;
        std::vector<double> r;
        for (std::size_t k = 0; k < reaches_.size(); ++k) {
            const ReachPrediction prediction{&reaches_[k], &f, options_.plant};
            r.resize(reaches_[k].y_cm.size());
            prediction(e.p.data(), e.onsets[k], r.data(), nullptr, nullptr);
            for (std::size_t i = 0; i < r.size(); ++i)
                total += log_likelihood ? r[i] * r[i] / f.steady_variance + f.log_variance[i] : r[i] * r[i];
        }
        return std::isfinite(total) ? total : std::numeric_limits<double>::infinity();
    }

    // Plan onsets for the loop parameters p: each reach's 10% crossing minus the model's own rise time.
    std::vector<double> onsets_for(const double* p) const {
        std::vector<double> out;
        for (const auto& r : reaches_)
            out.push_back(std::clamp(r.align_s - model_rise_time(p, options_.plant, r.distance_cm, step_s()),
                                     onset_lower(r), onset_upper(r)));
        return out;
    }

    ceres::Solver::Summary solve(Estimate& e, const LimbFilter& f, int iterations) const {
        ceres::Problem problem;
        for (std::size_t k = 0; k < reaches_.size(); ++k) {
            problem.AddResidualBlock(new ReachCost({&reaches_[k], &f, options_.plant}), nullptr, e.p.data(),
                                     &e.onsets[k]);
            problem.SetParameterLowerBound(&e.onsets[k], 0, onset_lower(reaches_[k]));
            problem.SetParameterUpperBound(&e.onsets[k], 0, onset_upper(reaches_[k]));
        }
        if (use_prior())
            problem.AddResidualBlock(new ceres::AutoDiffCostFunction<DelayPrior, 1, kParams>(new DelayPrior(prior(f))),
                                     nullptr, e.p.data());
        for (int i = 0; i < kParams; ++i) {
            problem.SetParameterLowerBound(e.p.data(), i, kLower[i]);
            problem.SetParameterUpperBound(e.p.data(), i, kUpper[i]);
        }
        ceres::Solver::Options solver;
        solver.linear_solver_type = ceres::DENSE_QR;
        solver.max_num_iterations = iterations;
        solver.num_threads = 1;
        solver.max_num_line_search_step_size_iterations = 0;  // the projected line search costs Jacobians
        solver.logging_type = ceres::SILENT;
        solver.function_tolerance = 1e-6;
        solver.parameter_tolerance = 1e-6;
        ceres::Solver::Summary summary;
        ceres::Solve(solver, &problem, &summary);
        return summary;
    }

    bool use_prior() const { return options_.delay_prior_sd_s > 0; }
    DelayPrior prior(const LimbFilter& f) const {
        return {options_.delay_prior_mean_s, std::max(options_.delay_prior_sd_s, 1e-6), std::sqrt(f.steady_variance)};
    }

    // Residuals and their Jacobian in [7 global parameters, one onset per reach].
    void jacobian(const Estimate& e, const LimbFilter& f, Eigen::MatrixXd& J, Eigen::VectorXd& r) const {
        const auto R = static_cast<int>(reaches_.size());
        J = Eigen::MatrixXd::Zero(residuals_, kParams + R);
        r.resize(residuals_);
        Eigen::Matrix<double, Eigen::Dynamic, kParams, Eigen::RowMajor> block;
        Eigen::VectorXd onset_column;
        int offset = 0;
        for (int k = 0; k < R; ++k) {
            const ReachPrediction prediction{&reaches_[static_cast<std::size_t>(k)], &f, options_.plant};
            const int m = prediction.size();
            block.resize(m, kParams);
            onset_column.resize(m);
            prediction(e.p.data(), e.onsets[static_cast<std::size_t>(k)], r.data() + offset, block.data(),
                       onset_column.data());
            J.block(offset, 0, m, kParams) = block;
            J.block(offset, kParams + k, m, 1) = onset_column;
            offset += m;
        }
    }

    static double onset_lower(const PreparedReach& r) { return r.align_s - 1.2; }
    static double onset_upper(const PreparedReach& r) { return r.align_s - 0.02; }

private:
    static void resample(PreparedReach& r, double interval) {
        std::vector<double> y;
        const auto n = static_cast<std::size_t>(std::floor(r.t_s.back() / interval + 1e-9)) + 1;
        for (std::size_t i = 0; i < n; ++i)
            y.push_back(detail::interpolate(r.y_cm, static_cast<double>(i) * interval / r.interval_s));
        r.y_cm = std::move(y);
        r.interval_s = interval;
    }

    std::vector<PreparedReach> reaches_;
    ReachFitOptions options_;
    double interval_ = 0, position_variance_ = 0;
    int substeps_ = 1, longest_ = 0, residuals_ = 0;
};

// Planned durations read off each reach, for the starting point of the duration's law in distance:
// a minimum-jerk velocity profile is 0.541 T wide at half its peak, whatever the reach's amplitude
// (a hypometric reach never reaches 90% of the way before its correction).
std::pair<double, double> duration_law_guess(const std::vector<PreparedReach>& reaches) {
    std::vector<std::pair<double, double>> durations;  // distance_cm, duration_s
    for (const auto& r : reaches) {
        const std::size_t n = r.y_cm.size();
        std::vector<double> speed(n, 0.0);  // over +-2 samples: the tracker's noise differentiated
        for (std::size_t i = 2; i + 2 < n; ++i) speed[i] = (r.y_cm[i + 2] - r.y_cm[i - 2]) / (4 * r.interval_s);
        const auto peak = static_cast<std::size_t>(std::max_element(speed.begin(), speed.end()) - speed.begin());
        std::size_t rise = peak, fall = peak;
        while (rise > 0 && speed[rise] > 0.5 * speed[peak]) --rise;
        while (fall + 1 < n && speed[fall] > 0.5 * speed[peak]) ++fall;
        if (rise > 0 && fall + 1 < n)
            durations.emplace_back(r.distance_cm, static_cast<double>(fall - rise) * r.interval_s / 0.541);
    }
    if (durations.empty()) return {0.55, 0.0};
    double md = 0, mt = 0;
    for (auto [d, t] : durations) {
        md += d / static_cast<double>(durations.size());
        mt += t / static_cast<double>(durations.size());
    }
    double sdd = 0, sdt = 0;
    for (auto [d, t] : durations) {
        sdd += (d - md) * (d - md);
        sdt += (d - md) * (t - mt);
    }
    const double slope = std::clamp(sdd > 25.0 ? sdt / sdd : 0.0, kLower[6] * 0.9, kUpper[6] * 0.9);
    return {std::clamp(mt + slope * (kReferenceReachCm - md), kLower[5] + 0.01, kUpper[5] - 0.01), slope};
}

}  // namespace

ReachFit fit_reach_model(const std::vector<Reach>& reaches, const ReachFitOptions& options) {
    const PredictionFit problem(detail::prepare_reaches(reaches), options);
    const auto& prepared = problem.reaches();
    const auto [duration_guess, slope_guess] = duration_law_guess(prepared);
    const bool fixed_noise = options.force_noise_density > 0;
    double force_noise = fixed_noise ? options.force_noise_density : kStartingForceNoise;
    LimbFilter filter = problem.filter(force_noise);

    // Multi-start: score a grid of plausible patients cheaply, refine the best few with Levenberg-Marquardt.
    std::vector<std::pair<double, Estimate>> candidates;
    const double lag = problem.use_prior() ? options.delay_prior_mean_s : 0.07;
    for (double delta : {-0.3, -0.15, 0.0, 0.15, 0.3})
        for (double w : {0.5, 0.9})
            for (auto [Kp, Kv] : {std::pair{150.0, 15.0}, std::pair{400.0, 40.0}}) {
                    Estimate e;
                    e.p = {delta, w, lag, Kp, Kv, duration_guess, slope_guess};
                    e.onsets = problem.onsets_for(e.p.data());
                    candidates.emplace_back(problem.cost(e, filter), std::move(e));
            }
    std::sort(candidates.begin(), candidates.end(), [](auto& a, auto& b) { return a.first < b.first; });
    // A few short descents from the best starting points pick the basin.
    Estimate best;
    double best_cost = std::numeric_limits<double>::infinity();
    for (int s = 0; s < std::min<int>(options.local_fits, static_cast<int>(candidates.size())); ++s) {
        Estimate e = candidates[static_cast<std::size_t>(s)].second;
        const auto summary = problem.solve(e, filter, options.scouting_iterations);
        if (summary.final_cost < best_cost) best_cost = summary.final_cost, best = std::move(e);
    }
    // The best basin polished to convergence; then the force noise the prediction errors are most
    // likely under (the filter's trust in the model against the data), and the fit polished again
    // under it (the likelihood of a force noise depends on the parameters fitted under it).
    ceres::Solver::Summary best_summary = problem.solve(best, filter, options.max_iterations);
    for (int round = 0; round < 2 && !fixed_noise; ++round) {
        double best_likelihood = std::numeric_limits<double>::infinity();
        const double previous = force_noise;
        for (double q : kForceNoiseGrid) {
            const double m2ll = problem.cost(best, problem.filter(q), true);
            if (m2ll < best_likelihood) best_likelihood = m2ll, force_noise = q;
        }
        if (force_noise == previous) break;
        filter = problem.filter(force_noise);
        best_summary = problem.solve(best, filter, options.max_iterations);
    }

    Eigen::MatrixXd J;
    Eigen::VectorXd r;
    problem.jacobian(best, filter, J, r);
    const int n_all = static_cast<int>(J.cols());
    ReachFit out;
    out.params = detail::from_array(best.p);
    out.plan_onset_s = best.onsets;
    out.force_noise_density = force_noise;
    ModelFit& fit = out.fit;
    fit.model = "reach_forward_model";
    fit.model_version = "4";

    // Cluster-robust (sandwich) covariance with reaches as clusters: the prediction errors of one
    // reach share its force noise's colour and the model's misfit of that reach, so the plain
    // least-squares covariance would be too narrow. Parameters are scaled by their admissible range
    // first; the onsets are parameters of their own reach.
    Eigen::VectorXd scale(n_all);
    for (int i = 0; i < n_all; ++i) scale(i) = i < kParams ? kUpper[i] - kLower[i] : kOnsetScaleS;
    const Eigen::MatrixXd Js = J * scale.asDiagonal();
    Eigen::MatrixXd information = Js.transpose() * Js;
    Eigen::MatrixXd prior_information = Eigen::MatrixXd::Zero(n_all, n_all);
    const DelayPrior prior = problem.prior(filter);
    if (problem.use_prior()) {
        const double j = prior.error_cm / prior.sd_s * scale(2);
        prior_information(2, 2) = j * j;
        information += prior_information;
    }
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(information, Eigen::ComputeFullU | Eigen::ComputeFullV);
    const Eigen::VectorXd sv = svd.singularValues();
    Eigen::VectorXd inv_sv = Eigen::VectorXd::Zero(n_all);
    const double floor = sv(0) * 1e-10;  // numerically singular: no information at all
    for (int i = 0; i < n_all; ++i) inv_sv(i) = sv(i) > floor ? 1.0 / sv(i) : 0.0;
    const Eigen::MatrixXd bread = svd.matrixV() * inv_sv.asDiagonal() * svd.matrixU().transpose();
    Eigen::MatrixXd meat = Eigen::MatrixXd::Zero(n_all, n_all);
    int offset = 0;
    const auto clusters = static_cast<double>(prepared.size());
    for (const auto& reach : prepared) {
        const auto m = static_cast<int>(reach.y_cm.size());
        const Eigen::VectorXd score = Js.middleRows(offset, m).transpose() * r.segment(offset, m);
        meat += score * score.transpose();
        offset += m;
    }
    if (clusters > 1) meat *= clusters / (clusters - 1);
    meat += prior.error_cm * prior.error_cm * prior_information;
    Eigen::MatrixXd covariance = bread * meat * bread;
    // With ten reaches the sandwich is itself uncertain; never report less than the model-based
    // (independent-noise) variance.
    {
        const double dof_noise = std::max(1.0, static_cast<double>(problem.residual_count() - n_all));
        const double sigma2 = r.squaredNorm() / dof_noise;
        for (int i = 0; i < n_all; ++i) covariance(i, i) = std::max(covariance(i, i), sigma2 * bread(i, i));
    }
    // Student t with (clusters - 1) degrees of freedom, for the few reaches of one exam.
    const double dof = std::max(1.0, clusters - 1);
    const double t975 = 1.95996 + 2.37 / dof + 2.8 / (dof * dof);  // Cornish-Fisher approximation

    for (int i = 0; i < kParams; ++i) {
        ModelParameter p;
        p.name = kNames[i];
        p.unit = kUnits[i];
        p.value = best.p[static_cast<std::size_t>(i)];
        const double se = std::sqrt(std::max(0.0, covariance(i, i))) * scale(i);
        // Not identifiable: the parameter lies in a direction the data do not constrain (a near-null
        // singular vector of the information matrix), or its interval spans half its admissible range.
        bool weak_direction = false;
        for (int k = 0; k < n_all; ++k)
            if (sv(k) <= floor && std::abs(svd.matrixV()(i, k)) > 0.3) weak_direction = true;
        const double half_width = t975 * se;
        p.identifiable = !weak_direction && std::isfinite(half_width) && 2 * half_width < 0.5 * (kUpper[i] - kLower[i]);
        if (i == 2 && problem.use_prior() && se > 0.7 * prior.sd_s) p.identifiable = false;  // the prior speaking
        if (p.identifiable) {
            p.ci_low = std::max(kLower[i], p.value - half_width);
            p.ci_high = std::min(kUpper[i], p.value + half_width);
        }
        fit.parameters.push_back(p);
    }

    // The model's own reach for each reach, closed loop from its fitted plan onset, at its samples;
    // the fit's quality is how well these reproduce the data.
    const double h = options.step_s;
    detail::ReachRun run;
    double mean_distance = 0, ss_res = 0, n_obs = 0, mean = 0, span = 0;
    int observed_tremor = 0;
    double tremor_frequency_sum = 0;
    for (std::size_t k = 0; k < prepared.size(); ++k) {
        const PreparedReach& reach = prepared[k];
        mean_distance += reach.distance_cm / clusters;
        span = std::max(span, reach.t_s.back() - best.onsets[k]);
        const double duration = planned_duration(best.p.data(), reach.distance_cm);
        detail::simulate(best.p.data(), duration, options.plant, h,
                         static_cast<int>(std::ceil((reach.t_s.back() - best.onsets[k]) / h)) + 2, run);
        std::vector<double> along;
        for (std::size_t i = 0; i < reach.t_s.size(); ++i) {
            along.push_back(reach.distance_cm * detail::interpolate(run.x, (reach.t_s[i] - best.onsets[k]) / h));
            ss_res += std::pow(along.back() - reach.along_cm[i], 2);
            mean += reach.along_cm[i];
            ++n_obs;
        }
        out.predicted_along_cm.push_back(std::move(along));
        const ReachKinematics kin = reach_kinematics(reach.t_s, reach.along_cm, reach.distance_cm);
        out.observed_mean.endpoint_error_cm += kin.endpoint_error_cm / clusters;
        out.observed_mean.tremor_amplitude_cm += kin.tremor_amplitude_cm / clusters;
        if (kin.tremor_frequency_hz) {
            ++observed_tremor;
            tremor_frequency_sum += *kin.tremor_frequency_hz;
        }
    }
    if (observed_tremor > 0) out.observed_mean.tremor_frequency_hz = tremor_frequency_sum / observed_tremor;
    mean /= n_obs;
    double ss_tot = 0;
    for (const auto& reach : prepared)
        for (double a : reach.along_cm) ss_tot += (a - mean) * (a - mean);
    out.prediction_rmse_cm = std::sqrt(r.squaredNorm() / static_cast<double>(r.size()));
    fit.quality.rmse = std::sqrt(ss_res / n_obs);
    fit.quality.rmse_unit = "cm";
    fit.quality.r_squared = ss_tot > 0 ? 1 - ss_res / ss_tot : 0;
    fit.quality.n_observations = static_cast<int>(n_obs);
    fit.quality.converged = best_summary.termination_type == ceres::CONVERGENCE;
    char note[160];
    std::snprintf(note, sizeof note, "; one-step prediction error %.3f cm, force noise %.3g (cm/s^2)^2 s",
                  out.prediction_rmse_cm, force_noise);
    fit.quality.message = best_summary.BriefReport() + note;

    const double mean_duration = planned_duration(best.p.data(), mean_distance);
    detail::simulate(best.p.data(), mean_duration, options.plant, h, static_cast<int>(std::ceil(span / h)) + 2, run);
    std::vector<double> t_model(run.x.size()), along_model(run.x.size());
    for (std::size_t k = 0; k < run.x.size(); ++k) {
        t_model[k] = static_cast<double>(k) * h;
        along_model[k] = mean_distance * run.x[k];
    }
    out.predicted = reach_kinematics(t_model, along_model, mean_distance);
    return out;
}

}  // namespace purkinje::model
