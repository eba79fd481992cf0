#include "purkinje/model/reach_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <numbers>
#include <random>

#include <Eigen/Dense>
#include <ceres/ceres.h>

#include "purkinje/core/error.hpp"

namespace purkinje::model {
namespace {

constexpr int kParams = 7;  // delta, w, Delta_s, Kp, Kv, duration_s, duration_per_cm_s
constexpr std::array<const char*, kParams> kNames{"delta", "w", "Delta_s", "Kp", "Kv", "duration_s", "duration_per_cm_s"};
constexpr std::array<const char*, kParams> kUnits{"1", "1", "s", "1/s2", "1/s", "s", "s/cm"};
constexpr std::array<double, kParams> kLower{-0.6, 0.0, 0.02, 5.0, 0.5, 0.2, -0.01};
constexpr std::array<double, kParams> kUpper{1.0, 1.0, 0.2, 1500.0, 120.0, 2.0, 0.05};
constexpr double kAlignFraction = 0.1;  // reaches are aligned where they pass 10% of the distance

inline double scalar(double x) { return x; }
template <typename S, int N>
double scalar(const ceres::Jet<S, N>& x) { return x.a; }

std::array<double, kParams> to_array(const ReachModelParams& p) {
    return {p.delta, p.w, p.Delta_s, p.Kp, p.Kv, p.duration_s, p.duration_per_cm_s};
}
ReachModelParams from_array(const std::array<double, kParams>& a) {
    return {a[0], a[1], a[2], a[3], a[4], a[5], a[6]};
}

// Minimum-jerk ramp 0 -> 1 over s in [0, 1].
template <typename T>
T smooth_ramp(const T& s) {
    if (scalar(s) <= 0) return T(0);
    if (scalar(s) >= 1) return T(1);
    return s * s * s * (T(10) - T(15) * s + T(6) * s * s);
}

// Planned duration of a reach of `distance_cm`.
template <typename T>
T planned_duration(const T* p, double distance_cm) {
    const T d = p[5] + p[6] * T(distance_cm - kReferenceReachCm);
    return scalar(d) < 0.2 ? T(0.2) : d;
}

// The simulation of simulate_reach(), generic in the number type so Ceres can differentiate through it.
// Unit true mass, viscosity c, first-order muscle activation tau_a: x'' = F - c x', tau_a F' = u - F.
template <typename T>
void simulate(const T* p, const T& duration, const ReachPlant& plant, double h, int steps, std::vector<T>& x,
              std::vector<T>& v, std::vector<T>& xh, std::vector<T>& vh) {
    const T& delta = p[0];
    const T& w = p[1];
    const T& Delta = p[2];
    const T& Kp = p[3];
    const T& Kv = p[4];
    const double c = plant.viscosity_per_s, tau = plant.activation_tau_s;
    x.assign(steps + 1, T(0));
    v.assign(steps + 1, T(0));
    xh.assign(steps + 1, T(0));
    vh.assign(steps + 1, T(0));
    T force(0);  // the forward model sees the same command through the same activation
    const T lag = Delta / h;  // delay in steps
    const double lag_scalar = scalar(lag);
    const T one_plus_delta = T(1) + delta;
    const T takeover_start = T(plant.feedback_takeover_start) * duration;
    const T takeover_length = T(plant.feedback_takeover_length) * duration;
    for (int k = 0; k < steps; ++k) {
        const double t = k * h;
        T xd(1), vd(0), ad(0), jd(0);
        const T s = T(t) / duration;
        if (scalar(s) < 1.0) {
            const T s2 = s * s, s3 = s2 * s;
            xd = s3 * (T(10) - T(15) * s + T(6) * s2);
            vd = T(30) * s2 * (T(1) - T(2) * s + s2) / duration;
            ad = T(60) * s * (T(1) - T(3) * s + T(2) * s2) / (duration * duration);
            jd = T(60) * (T(1) - T(6) * s + T(6) * s2) / (duration * duration * duration);
        }
        // State at t - Delta by linear interpolation between steps (rest before the start).
        T x_del(0), v_del(0), xh_del(0), vh_del(0);
        const double back = k - lag_scalar;
        if (back > 0) {
            const int i0 = static_cast<int>(std::floor(back));
            const T f = T(k) - lag - T(i0);
            const int i1 = std::min(i0 + 1, k);
            x_del = x[i0] + f * (x[i1] - x[i0]);
            v_del = v[i0] + f * (v[i1] - v[i0]);
            xh_del = xh[i0] + f * (xh[i1] - xh[i0]);
            vh_del = vh[i0] + f * (vh[i1] - vh[i0]);
        }
        const T x_fb = x_del + w * (xh[k] - xh_del);
        const T v_fb = v_del + w * (vh[k] - vh_del);
        // Inverse dynamics of the internal model, activation lag included.
        const T u_ff = one_plus_delta * (ad + T(tau) * jd) + T(c) * (vd + T(tau) * ad);
        const T gate = T(plant.feedback_during_reach) +
                       T(1 - plant.feedback_during_reach) * smooth_ramp((T(t) - takeover_start) / takeover_length);
        const T u = u_ff + gate * (Kp * (xd - x_fb) + Kv * (vd - v_fb));
        force += T(h / tau) * (u - force);
        v[k + 1] = v[k] + T(h) * (force - T(c) * v[k]);
        x[k + 1] = x[k] + T(h) * v[k + 1];
        vh[k + 1] = vh[k] + T(h) * (force - T(c) * vh[k]) / one_plus_delta;
        xh[k + 1] = xh[k] + T(h) * vh[k + 1];
    }
}

template <typename T>
T interpolate_at(const std::vector<T>& x, const T& index) {
    const double i = scalar(index);
    if (i <= 0) return x.front();
    if (i >= static_cast<double>(x.size() - 1)) return x.back();
    const int i0 = static_cast<int>(std::floor(i));
    return x[i0] + (index - T(i0)) * (x[i0 + 1] - x[i0]);
}

// Time (s) at which a rising trajectory first passes `level`; nullopt if it never does.
template <typename T>
std::optional<T> crossing_time(const std::vector<T>& x, double level, double h) {
    for (std::size_t k = 1; k < x.size(); ++k)
        if (scalar(x[k]) >= level && scalar(x[k - 1]) < level)
            return T(h) * (T(static_cast<double>(k - 1)) + (T(level) - x[k - 1]) / (x[k] - x[k - 1]));
    return std::nullopt;
}

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

    template <typename T>
    bool operator()(const T* const p, T* residual) const {
        // Kept between calls: allocating them anew costs more than the simulation (page faults).
        thread_local std::vector<T> x, v, xh, vh;
        int r = 0;
        for (const auto& reach : *reaches) {
            const T duration = planned_duration(p, reach.distance_cm);
            simulate(p, duration, plant, step, steps_for(reach.t_s.back() - reach.align_s, scalar(duration), step), x, v,
                     xh, vh);
            const auto align = crossing_time(x, kAlignFraction, step);
            for (std::size_t i = 0; i < reach.t_s.size(); ++i) {
                T model(0);
                if (align) model = interpolate_at(x, (T(reach.t_s[i] - reach.align_s) + *align) / step);
                residual[r++] = T(reach.distance_cm) * model - T(reach.along_cm[i]);
            }
        }
        return true;
    }
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

std::vector<double> simulate_reach(const ReachModelParams& params, const ReachSimulationOptions& options,
                                   double distance_cm) {
    const auto p = to_array(params);
    const int steps = static_cast<int>(std::ceil(options.length_s / options.step_s));
    std::vector<double> x, v, xh, vh;
    simulate(p.data(), planned_duration(p.data(), distance_cm), options.plant, options.step_s, steps, x, v, xh, vh);
    return x;
}

std::vector<Reach> sample_model_reaches(const ReachModelParams& params, const ReachSampling& sampling) {
    ReachSimulationOptions fine;
    fine.step_s = 0.0005;
    fine.length_s = sampling.duration_s + sampling.max_delay_s;
    fine.plant = sampling.plant;
    std::mt19937 rng(sampling.seed);
    std::normal_distribution<double> noise(0, sampling.noise_cm);
    std::uniform_real_distribution<double> distance(sampling.min_distance_cm, sampling.max_distance_cm),
        delay(sampling.min_delay_s, sampling.max_delay_s), angle(0, 2 * std::numbers::pi);
    const auto samples = static_cast<int>(std::round(sampling.duration_s * sampling.sample_rate_hz));
    std::vector<Reach> out;
    for (int r = 0; r < sampling.reaches; ++r) {
        Reach reach;
        const double d = distance(rng), lead = delay(rng), a = sampling.random_direction ? angle(rng) : 0.0;
        const std::array<double, 3> unit{std::cos(a), std::sin(a), 0.0};
        const auto x = simulate_reach(params, fine, d);
        reach.start_cm = sampling.start_cm;
        for (int k = 0; k < 3; ++k) reach.target_cm[k] = sampling.start_cm[k] + d * unit[k];
        for (int i = 0; i < samples; ++i) {
            const double t = i / sampling.sample_rate_hz;
            const double index = std::max(0.0, (t - lead) / fine.step_s);
            const auto k0 = std::min(static_cast<std::size_t>(index), x.size() - 2);
            const double f = std::min(1.0, index - static_cast<double>(k0));
            const double along = d * (x[k0] + f * (x[k0 + 1] - x[k0]));
            reach.t_s.push_back(t);
            std::array<double, 3> p{};
            for (int k = 0; k < 3; ++k) p[k] = sampling.start_cm[k] + along * unit[k] + noise(rng);
            reach.position_cm.push_back(p);
        }
        out.push_back(std::move(reach));
    }
    return out;
}

ReachKinematics reach_kinematics(const std::vector<double>& t_s, const std::vector<double>& along_cm, double distance_cm) {
    ReachKinematics k;
    const std::size_t n = t_s.size();
    if (n < 5 || along_cm.size() != n) return k;
    // Velocity over +-25 ms: measurement noise differentiated sample to sample would swamp a tremor.
    const double dt = (t_s.back() - t_s.front()) / static_cast<double>(n - 1);
    const auto half = static_cast<std::size_t>(std::max(1.0, std::round(0.025 / dt)));
    std::vector<double> v(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t a = i >= half ? i - half : 0;
        const std::size_t b = std::min(n - 1, i + half);
        if (b > a) v[i] = (along_cm[b] - along_cm[a]) / (t_s[b] - t_s[a]);
    }
    const auto peak = static_cast<std::size_t>(std::max_element(v.begin(), v.end()) - v.begin());
    std::size_t end = peak;
    while (end + 1 < n && v[end] > 0.1 * v[peak]) ++end;
    k.endpoint_error_cm = along_cm[end] - distance_cm;
    // Terminal oscillation: from the end of the primary movement on.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t i = end; i < n; ++i) {
        lo = std::min(lo, along_cm[i]);
        hi = std::max(hi, along_cm[i]);
    }
    k.tremor_amplitude_cm = end + 1 < n ? 0.5 * (hi - lo) : 0.0;
    // Half cycles: velocity reversals, each counted only once the velocity has exceeded 5 cm/s
    // in the new direction (hysteresis against noise).
    std::vector<double> reversals;
    int sign = 0;
    for (std::size_t i = end; i < n; ++i) {
        const int now = v[i] > 5.0 ? 1 : (v[i] < -5.0 ? -1 : 0);
        if (now != 0 && now != sign) {
            if (sign != 0) reversals.push_back(t_s[i]);
            sign = now;
        }
    }
    if (reversals.size() >= 3 && k.tremor_amplitude_cm > 0.05) {
        const double half_period = (reversals.back() - reversals.front()) / static_cast<double>(reversals.size() - 1);
        k.tremor_frequency_hz = 0.5 / half_period;
    }
    return k;
}

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
            new ceres::AutoDiffCostFunction<ReachResiduals, ceres::DYNAMIC, kParams>(new ReachResiduals(functor), residual_count),
            nullptr, p.data());
        if (use_prior)
            problem.AddResidualBlock(new ceres::AutoDiffCostFunction<DelayPrior, 1, kParams>(new DelayPrior(prior)),
                                     nullptr, p.data());
        for (int i = 0; i < kParams; ++i) {
            problem.SetParameterLowerBound(p.data(), i, kLower[i]);
            problem.SetParameterUpperBound(p.data(), i, kUpper[i]);
        }
        ceres::Solver::Options solver;
        solver.linear_solver_type = ceres::DENSE_QR;
        solver.max_num_iterations = iterations;
        solver.num_threads = 1;
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
    Eigen::MatrixXd J(residual_count, kParams);
    Eigen::VectorXd r(residual_count);
    {
        using Jet = ceres::Jet<double, kParams>;
        std::array<Jet, kParams> pj;
        for (int i = 0; i < kParams; ++i) pj[i] = Jet(best[i], i);
        std::vector<Jet> rj(residual_count);
        functor(pj.data(), rj.data());
        for (int k = 0; k < residual_count; ++k) {
            r(k) = rj[k].a;
            J.row(k) = rj[k].v.transpose();
        }
    }
    ReachFit out;
    out.params = from_array(best);
    ModelFit& fit = out.fit;
    fit.model = "reach_forward_model";
    fit.model_version = "2";

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
    std::vector<double> x, v, xh, vh;
    out.observed_mean = {};
    int observed_tremor = 0;
    double tremor_frequency_sum = 0;
    for (const auto& reach : prepared) {
        const double duration = planned_duration(best.data(), reach.distance_cm);
        simulate(best.data(), duration, options.plant, h, steps_for(reach.t_s.back() - reach.align_s, duration, h), x, v,
                 xh, vh);
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
            along.push_back(align ? reach.distance_cm * interpolate_at(x, (t - reach.align_s + *align) / h) : 0.0);
        out.predicted_along_cm.push_back(std::move(along));
    }
    if (observed_tremor > 0) out.observed_mean.tremor_frequency_hz = tremor_frequency_sum / observed_tremor;
    double span = 0;
    for (const auto& reach : prepared) span = std::max(span, reach.t_s.back() - reach.align_s);
    const double mean_duration = planned_duration(best.data(), mean_distance);
    simulate(best.data(), mean_duration, options.plant, h, steps_for(span, mean_duration, h), x, v, xh, vh);
    std::vector<double> t_model(x.size()), along_model(x.size());
    for (std::size_t k = 0; k < x.size(); ++k) {
        t_model[k] = static_cast<double>(k) * h;
        along_model[k] = mean_distance * x[k];
    }
    out.predicted = reach_kinematics(t_model, along_model, mean_distance);
    return out;
}

}  // namespace purkinje::model
