// Fitting the reach forward model to one patient's reaches: multi-start Levenberg-Marquardt with
// derivatives through the simulation (Ceres Jets), a physiological prior on the delay, cluster-robust
// intervals with reaches as clusters, and an identifiability check.

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <Eigen/Dense>
#include <ceres/ceres.h>

#include "purkinje/core/error.hpp"
#include "purkinje/model/reach_model.hpp"
#include "reach_simulation.hpp"

namespace purkinje::model {
namespace {

using detail::crossing_time;
using detail::planned_duration;
using detail::simulate;

constexpr int kParams = detail::kReachParams;
constexpr std::array<const char*, kParams> kNames{"delta", "w", "Delta_s", "Kp", "Kv", "duration_s", "duration_per_cm_s"};
constexpr std::array<const char*, kParams> kUnits{"1", "1", "s", "1/s2", "1/s", "s", "s/cm"};
constexpr std::array<double, kParams> kLower{-0.6, 0.0, 0.02, 5.0, 0.5, 0.2, -0.01};
constexpr std::array<double, kParams> kUpper{1.0, 1.0, 0.2, 1500.0, 120.0, 2.0, 0.05};
constexpr double kAlignFraction = 0.1;  // reaches are aligned where they pass 10% of the distance

struct PreparedReach {
    std::vector<double> t_s;
    std::vector<double> along_cm;
    double distance_cm = 0;
    double align_s = 0;   // when the reach passed 10% of its distance
};

// Steps the model needs to cover a reach `span_s` past its 10% point, with plan duration `duration_s`
// (minimum jerk passes 10% at 0.24 T; the activation lag and the delay add a little).
int steps_for(double span_s, double duration_s, double h) {
    return static_cast<int>(std::ceil((span_s + 0.3 * duration_s + 0.1) / h)) + 2;
}

struct ReachResiduals {
    const std::vector<PreparedReach>* reaches;
    ReachPlant plant;
    double step;

    // One reach's residuals (cm) for the loop parameters p[0..4] and its planned duration.
    template <typename T>
    void reach_residuals(const T* p, const T& duration, const PreparedReach& reach, T* residual) const {
        // Kept between calls: allocating them anew costs more than the simulation (page faults).
        thread_local detail::ReachTrajectory<T> trajectory;
        simulate(p, duration, plant, step, steps_for(reach.t_s.back() - reach.align_s, detail::value_of(duration), step),
                 trajectory);
        const auto align = crossing_time(trajectory.x, kAlignFraction, step);
        for (std::size_t i = 0; i < reach.t_s.size(); ++i) {
            T model(0);
            if (align) model = detail::interpolate(trajectory.x, (T(reach.t_s[i] - reach.align_s) + *align) * (1 / step));
            residual[i] = reach.distance_cm * model - reach.along_cm[i];
        }
    }

    bool operator()(const double* p, double* residual) const {
        for (const auto& reach : *reaches) {
            reach_residuals(p, planned_duration(p, reach.distance_cm), reach, residual);
            residual += reach.t_s.size();
        }
        return true;
    }
};

// The residuals and their Jacobian through the simulation, by forward-mode automatic differentiation.
// A reach sees the two duration parameters only through its planned duration T = duration_s +
// duration_per_cm_s (D - 20): the Jets carry delta, w, Delta, Kp, Kv and T (six, an even size that
// Eigen vectorises), and the chain rule gives the two columns of the duration's law.
using ReachJet = ceres::Jet<double, 6>;

bool residuals_and_jacobian(const ReachResiduals& residuals, const double* p, double* r, double* jacobian_row_major) {
    std::array<ReachJet, 5> loop;
    for (int i = 0; i < 5; ++i) loop[static_cast<std::size_t>(i)] = ReachJet(p[i], i);
    thread_local std::vector<ReachJet> rj;
    for (const auto& reach : *residuals.reaches) {
        const double duration = planned_duration(p, reach.distance_cm);
        const bool clamped = p[5] + p[6] * (reach.distance_cm - kReferenceReachCm) < detail::kShortestPlanS;
        const ReachJet duration_jet = clamped ? ReachJet(duration) : ReachJet(duration, 5);
        rj.resize(reach.t_s.size());
        residuals.reach_residuals(loop.data(), duration_jet, reach, rj.data());
        for (std::size_t k = 0; k < rj.size(); ++k, ++r, jacobian_row_major += kParams) {
            const ReachJet& j = rj[k];
            *r = j.a;
            for (int i = 0; i < 6; ++i) jacobian_row_major[i] = j.v[i];
            jacobian_row_major[6] = j.v[5] * (reach.distance_cm - kReferenceReachCm);
        }
    }
    return true;
}

class ReachCost final : public ceres::CostFunction {
public:
    ReachCost(const ReachResiduals& residuals, int count) : residuals_(residuals) {
        set_num_residuals(count);
        mutable_parameter_block_sizes()->push_back(kParams);
    }
    bool Evaluate(double const* const* parameters, double* residuals, double** jacobians) const override {
        if (jacobians == nullptr || jacobians[0] == nullptr) return residuals_(parameters[0], residuals);
        return residuals_and_jacobian(residuals_, parameters[0], residuals, jacobians[0]);
    }

private:
    ReachResiduals residuals_;
};

// The delay prior as one more residual, in the units of the data residuals (noise_cm per prior sd).
struct DelayPrior {
    double mean_s, sd_s, noise_cm;
    template <typename T>
    bool operator()(const T* const p, T* residual) const {
        residual[0] = (p[2] - T(mean_s)) * T(noise_cm / sd_s);
        return true;
    }
};

// Measurement noise of the positions, from second differences (which cancel smooth movement).
double position_noise_cm(const std::vector<PreparedReach>& reaches) {
    double ss = 0;
    int n = 0;
    for (const auto& r : reaches)
        for (std::size_t i = 1; i + 1 < r.along_cm.size(); ++i) {
            const double d2 = r.along_cm[i + 1] - 2 * r.along_cm[i] + r.along_cm[i - 1];
            ss += d2 * d2;
            ++n;
        }
    return n > 0 ? std::max(1e-3, std::sqrt(ss / n / 6.0)) : 0.1;
}

std::vector<PreparedReach> prepare(const std::vector<Reach>& reaches) {
    if (reaches.empty()) throw_bad_input("reaches", "no reach was given", "at least one reach");
    std::vector<PreparedReach> out;
    for (std::size_t r = 0; r < reaches.size(); ++r) {
        const Reach& in = reaches[r];
        const std::string where = "reach " + std::to_string(r);
        if (in.t_s.size() != in.position_cm.size())
            throw_bad_input(where, "has " + std::to_string(in.t_s.size()) + " times and " +
                                       std::to_string(in.position_cm.size()) + " positions",
                            "one position per time");
        if (in.t_s.size() < 10) throw_bad_input(where, "has fewer than 10 samples", "a whole reach");
        std::array<double, 3> axis{};
        double distance = 0;
        for (int k = 0; k < 3; ++k) {
            axis[k] = in.target_cm[k] - in.start_cm[k];
            distance += axis[k] * axis[k];
        }
        distance = std::sqrt(distance);
        if (!(distance >= 1.0) || !std::isfinite(distance))
            throw_bad_input(where + ": target_cm", "lies less than 1 cm from the start", "a target at least 1 cm away");
        PreparedReach p;
        p.distance_cm = distance;
        for (std::size_t i = 0; i < in.t_s.size(); ++i) {
            double along = 0;
            for (int k = 0; k < 3; ++k) along += (in.position_cm[i][k] - in.start_cm[k]) * axis[k] / distance;
            if (!std::isfinite(along) || !std::isfinite(in.t_s[i]))
                throw_bad_input(where + ", sample " + std::to_string(i), "time or position is not a finite number");
            if (i > 0 && !(in.t_s[i] > in.t_s[i - 1]))
                throw_bad_input(where + ", sample " + std::to_string(i), "time does not increase");
            p.t_s.push_back(in.t_s[i]);
            p.along_cm.push_back(along);
        }
        std::vector<double> fraction(p.along_cm.size());
        for (std::size_t i = 0; i < fraction.size(); ++i) fraction[i] = p.along_cm[i] / distance;
        bool found = false;
        for (std::size_t i = 1; i < fraction.size() && !found; ++i)
            if (fraction[i] >= kAlignFraction && fraction[i - 1] < kAlignFraction) {
                p.align_s = p.t_s[i - 1] + (kAlignFraction - fraction[i - 1]) / (fraction[i] - fraction[i - 1]) *
                                               (p.t_s[i] - p.t_s[i - 1]);
                found = true;
            }
        if (!found) throw_bad_input(where, "never moves 10% of the way to the target", "a reach toward the target");
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace

ReachFit fit_reach_model(const std::vector<Reach>& reaches, const ReachFitOptions& options) {
    const std::vector<PreparedReach> prepared = prepare(reaches);
    int residual_count = 0;
    // Planned durations read off each reach (minimum jerk passes 10% and 90% of the way at 0.24 T and
    // 0.76 T), for the starting point of the duration's law in distance.
    std::vector<std::pair<double, double>> durations;  // distance_cm, duration_s
    for (const auto& r : prepared) {
        residual_count += static_cast<int>(r.t_s.size());
        std::optional<double> t90;
        for (std::size_t i = 1; i < r.t_s.size() && !t90; ++i)
            if (r.along_cm[i] >= 0.9 * r.distance_cm) t90 = r.t_s[i];
        if (t90) durations.emplace_back(r.distance_cm, (*t90 - r.align_s) / 0.52);
    }
    double duration_guess = 0.55, slope_guess = 0.0;
    if (!durations.empty()) {
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
        slope_guess = std::clamp(sdd > 25.0 ? sdt / sdd : 0.0, kLower[6] * 0.9, kUpper[6] * 0.9);
        duration_guess = std::clamp(mt + slope_guess * (kReferenceReachCm - md), kLower[5] + 0.01, kUpper[5] - 0.01);
    }
    const double h = options.step_s;
    const ReachResiduals functor{&prepared, options.plant, h};

    const bool use_prior = options.delay_prior_sd_s > 0;
    const double noise_cm = position_noise_cm(prepared);
    const DelayPrior prior{options.delay_prior_mean_s, std::max(options.delay_prior_sd_s, 1e-6), noise_cm};

    // Multi-start: score a grid of plausible patients cheaply, refine the best few with Levenberg-Marquardt.
    std::vector<std::pair<double, std::array<double, kParams>>> candidates;
    std::vector<double> residual(residual_count);
    for (double delta : {-0.2, 0.0, 0.2})
        for (double w : {0.3, 0.7, 0.95})
            for (double lag : {0.06, 0.12})
            for (double Kp : {150.0, 400.0})
            for (double Kv : {15.0, 40.0}) {
                const std::array<double, kParams> start{delta, w, use_prior ? options.delay_prior_mean_s : lag, Kp,
                                                        Kv, duration_guess, slope_guess};
                if (use_prior && lag != 0.06) continue;
                functor(start.data(), residual.data());
                double cost = 0;
                for (double r : residual) cost += r * r;
                candidates.emplace_back(std::isfinite(cost) ? cost : std::numeric_limits<double>::infinity(), start);
            }
    std::sort(candidates.begin(), candidates.end(), [](auto& a, auto& b) { return a.first < b.first; });

    auto local_fit = [&](std::array<double, kParams>& p, int iterations) {
        ceres::Problem problem;
        problem.AddResidualBlock(
new ReachCost(functor, residual_count), nullptr, p.data());
        if (use_prior)
            problem.AddResidualBlock(new ceres::AutoDiffCostFunction<DelayPrior, 1, kParams>(new DelayPrior(prior)),
                                     nullptr, p.data());
        for (int i = 0; i < kParams; ++i) {
            problem.SetParameterLowerBound(p.data(), i, kLower[i]);
            problem.SetParameterUpperBound(p.data(), i, kUpper[i]);
        }
        ceres::Solver::Options solver;
        solver.linear_solver_type = ceres::DENSE_NORMAL_CHOLESKY;
        solver.max_num_iterations = iterations;
        solver.num_threads = 1;
        solver.max_num_line_search_step_size_iterations = 0;
        solver.logging_type = ceres::SILENT;
        solver.function_tolerance = 1e-6;
        solver.parameter_tolerance = 1e-6;
        ceres::Solver::Summary summary;
        ceres::Solve(solver, &problem, &summary);

        return summary;
    };
    // A few short descents from the best starting points pick the basin; the best is then polished.
    std::array<double, kParams> best{};
    double best_cost = std::numeric_limits<double>::infinity();
    for (int s = 0; s < std::min<int>(options.local_fits, static_cast<int>(candidates.size())); ++s) {
        std::array<double, kParams> p = candidates[s].second;
        const auto summary = local_fit(p, options.scouting_iterations);
        if (summary.final_cost < best_cost) {
            best_cost = summary.final_cost;
            best = p;
        }
    }
    const ceres::Solver::Summary best_summary = local_fit(best, options.max_iterations);

    // Jacobian at the optimum for the intervals.
    Eigen::Matrix<double, Eigen::Dynamic, kParams, Eigen::RowMajor> J(residual_count, kParams);
    Eigen::VectorXd r(residual_count);
    residuals_and_jacobian(functor, best.data(), r.data(), J.data());
    ReachFit out;
    out.params = detail::from_array(best);
    ModelFit& fit = out.fit;
    fit.model = "reach_forward_model";
    fit.model_version = "3";

    // Cluster-robust (sandwich) covariance with reaches as clusters: samples within one reach share
    // their errors (a reach that starts early is early throughout), so the plain least-squares
    // covariance would be far too narrow. Parameters are scaled by their admissible range first.
    Eigen::VectorXd scale(kParams);
    for (int i = 0; i < kParams; ++i) scale(i) = kUpper[i] - kLower[i];
    const Eigen::MatrixXd Js = J * scale.asDiagonal();
    Eigen::MatrixXd information = Js.transpose() * Js;
    Eigen::MatrixXd prior_information = Eigen::MatrixXd::Zero(kParams, kParams);
    if (use_prior) {
        const double j = noise_cm / prior.sd_s * scale(2);
        prior_information(2, 2) = j * j;
        information += prior_information;
    }
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(information, Eigen::ComputeFullU | Eigen::ComputeFullV);
    const Eigen::VectorXd sv = svd.singularValues();
    Eigen::VectorXd inv_sv = Eigen::VectorXd::Zero(kParams);
    const double floor = sv(0) * 1e-10;  // numerically singular: no information at all
    for (int i = 0; i < kParams; ++i) inv_sv(i) = sv(i) > floor ? 1.0 / sv(i) : 0.0;
    const Eigen::MatrixXd bread = svd.matrixV() * inv_sv.asDiagonal() * svd.matrixU().transpose();
    Eigen::MatrixXd meat = Eigen::MatrixXd::Zero(kParams, kParams);
    int offset = 0;
    const auto clusters = static_cast<double>(prepared.size());
    for (const auto& reach : prepared) {
        const int m = static_cast<int>(reach.t_s.size());
        const Eigen::VectorXd score = Js.middleRows(offset, m).transpose() * r.segment(offset, m);
        meat += score * score.transpose();
        offset += m;
    }
    if (clusters > 1) meat *= clusters / (clusters - 1);
    meat += noise_cm * noise_cm * prior_information;
    Eigen::MatrixXd covariance = bread * meat * bread;
    // With ten reaches the sandwich is itself uncertain; never report less than the model-based
    // (independent-noise) variance.
    {
        const double dof_noise = std::max(1.0, static_cast<double>(residual_count - kParams));
        const double sigma2 = r.squaredNorm() / dof_noise;
        const Eigen::MatrixXd model_based = sigma2 * bread;
        for (int i = 0; i < kParams; ++i) covariance(i, i) = std::max(covariance(i, i), model_based(i, i));
    }
    // Student t with (clusters - 1) degrees of freedom, for the few reaches of one exam.
    const double dof = std::max(1.0, clusters - 1);
    const double t975 = 1.95996 + 2.37 / dof + 2.8 / (dof * dof);  // Cornish-Fisher approximation

    for (int i = 0; i < kParams; ++i) {
        ModelParameter p;
        p.name = kNames[i];
        p.unit = kUnits[i];
        p.value = best[i];
        const double se = std::sqrt(std::max(0.0, covariance(i, i))) * scale(i);
        // Not identifiable: the parameter lies in a direction the data do not constrain (a near-null
        // singular vector of the information matrix), or its interval spans half its admissible range.
        bool weak_direction = false;
        for (int k = 0; k < kParams; ++k)
            if (sv(k) <= floor && std::abs(svd.matrixV()(i, k)) > 0.3) weak_direction = true;
        const double half_width = t975 * se;
        p.identifiable = !weak_direction && std::isfinite(half_width) && 2 * half_width < 0.5 * (kUpper[i] - kLower[i]);
        if (i == 2 && use_prior && se > 0.7 * prior.sd_s) p.identifiable = false;  // the prior speaking, not the data
        if (p.identifiable) {
            p.ci_low = std::max(kLower[i], best[i] - half_width);
            p.ci_high = std::min(kUpper[i], best[i] + half_width);
        }
        fit.parameters.push_back(p);
    }

    double ss_res = r.squaredNorm(), ss_tot = 0, n_obs = 0, mean = 0;
    for (const auto& reach : prepared)
        for (double a : reach.along_cm) {
            mean += a;
            ++n_obs;
        }
    mean /= n_obs;
    for (const auto& reach : prepared)
        for (double a : reach.along_cm) ss_tot += (a - mean) * (a - mean);
    fit.quality.rmse = std::sqrt(ss_res / n_obs);
    fit.quality.rmse_unit = "cm";
    fit.quality.r_squared = ss_tot > 0 ? 1 - ss_res / ss_tot : 0;
    fit.quality.n_observations = static_cast<int>(n_obs);
    fit.quality.converged = best_summary.termination_type == ceres::CONVERGENCE;
    fit.quality.message = best_summary.BriefReport();

    // Predicted and observed kinematics, and the model's trajectory at each reach's samples.
    double mean_distance = 0;
    for (const auto& reach : prepared) mean_distance += reach.distance_cm / clusters;
    detail::ReachTrajectory<double> trajectory;
    const auto& x = trajectory.x;
    out.observed_mean = {};
    int observed_tremor = 0;
    double tremor_frequency_sum = 0;
    for (const auto& reach : prepared) {
        const double duration = planned_duration(best.data(), reach.distance_cm);
        simulate(best.data(), duration, options.plant, h, steps_for(reach.t_s.back() - reach.align_s, duration, h), trajectory);
        const auto align = crossing_time(x, kAlignFraction, h);
        const ReachKinematics k = reach_kinematics(reach.t_s, reach.along_cm, reach.distance_cm);
        out.observed_mean.endpoint_error_cm += k.endpoint_error_cm / clusters;
        out.observed_mean.tremor_amplitude_cm += k.tremor_amplitude_cm / clusters;
        if (k.tremor_frequency_hz) {
            ++observed_tremor;
            tremor_frequency_sum += *k.tremor_frequency_hz;
        }
        std::vector<double> along;
        for (double t : reach.t_s)
            along.push_back(align ? reach.distance_cm * detail::interpolate(x, (t - reach.align_s + *align) / h) : 0.0);
        out.predicted_along_cm.push_back(std::move(along));
    }
    if (observed_tremor > 0) out.observed_mean.tremor_frequency_hz = tremor_frequency_sum / observed_tremor;
    double span = 0;
    for (const auto& reach : prepared) span = std::max(span, reach.t_s.back() - reach.align_s);
    const double mean_duration = planned_duration(best.data(), mean_distance);
    simulate(best.data(), mean_duration, options.plant, h, steps_for(span, mean_duration, h), trajectory);
    std::vector<double> t_model(x.size()), along_model(x.size());
    for (std::size_t k = 0; k < x.size(); ++k) {
        t_model[k] = static_cast<double>(k) * h;
        along_model[k] = mean_distance * x[k];
    }
    out.predicted = reach_kinematics(t_model, along_model, mean_distance);
    return out;
}

}  // namespace purkinje::model
