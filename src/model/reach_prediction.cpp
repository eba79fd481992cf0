// Measured reaches made ready for the prediction-error fit (checked, projected on the reach, put on a
// uniform time base, smoothed for the sensed feedback), and the limb's Kalman filter.

#include "reach_prediction.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "purkinje/core/error.hpp"

namespace purkinje::model::detail {
namespace {

constexpr double kAlignFraction = 0.1;

double median_interval(const std::vector<double>& t) {
    std::vector<double> d(t.size() - 1);
    for (std::size_t i = 1; i < t.size(); ++i) d[i - 1] = t[i] - t[i - 1];
    std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2), d.end());
    return d[d.size() / 2];
}

}  // namespace

std::vector<PreparedReach> prepare_reaches(const std::vector<Reach>& reaches) {
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
            p.t_s.push_back(in.t_s[i] - in.t_s.front());
            p.along_cm.push_back(along);
        }
        bool found = false;
        for (std::size_t i = 1; i < p.t_s.size() && !found; ++i) {
            const double a = p.along_cm[i - 1] / distance, b = p.along_cm[i] / distance;
            if (b >= kAlignFraction && a < kAlignFraction) {
                p.align_s = p.t_s[i - 1] + (kAlignFraction - a) / (b - a) * (p.t_s[i] - p.t_s[i - 1]);
                found = true;
            }
        }
        if (!found) throw_bad_input(where, "never moves 10% of the way to the target", "a reach toward the target");
        // A uniform time base at the median interval (a tracker's lost frames are interpolated over):
        // the filter's gains are then one sequence for every reach.
        p.interval_s = median_interval(p.t_s);
        const auto n = static_cast<std::size_t>(std::floor(p.t_s.back() / p.interval_s + 1e-9)) + 1;
        p.y_cm.resize(n);
        std::size_t j = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) * p.interval_s;
            while (j + 2 < p.t_s.size() && p.t_s[j + 1] < t) ++j;
            const double f = std::clamp((t - p.t_s[j]) / (p.t_s[j + 1] - p.t_s[j]), 0.0, 1.0);
            p.y_cm[i] = p.along_cm[j] + f * (p.along_cm[j + 1] - p.along_cm[j]);
        }
        out.push_back(std::move(p));
    }
    return out;
}

double smooth_sensed_hand(PreparedReach& reach, double jerk_density, double position_variance) {
    const double dt = reach.interval_s, q = jerk_density;
    Eigen::Matrix3d A;
    A << 1, dt, 0.5 * dt * dt, 0, 1, dt, 0, 0, 1;
    Eigen::Matrix3d Q;
    const double d2 = dt * dt, d3 = d2 * dt, d4 = d3 * dt, d5 = d4 * dt;
    Q << d5 / 20, d4 / 8, d3 / 6, d4 / 8, d3 / 3, d2 / 2, d3 / 6, d2 / 2, dt;
    Q *= q;
    const std::size_t n = reach.y_cm.size();
    std::vector<Eigen::Vector3d> predicted(n), filtered(n);
    std::vector<Eigen::Matrix3d> predicted_cov(n), filtered_cov(n);
    Eigen::Vector3d m(reach.y_cm[0], 0, 0);
    Eigen::Matrix3d P = Eigen::Vector3d(position_variance, 100.0, 1e4).asDiagonal();
    double m2ll = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) {
            m = A * m;
            P = A * P * A.transpose() + Q;
        }
        predicted[i] = m, predicted_cov[i] = P;
        const double S = P(0, 0) + position_variance, e = reach.y_cm[i] - m(0);
        m2ll += std::log(S) + e * e / S;
        const Eigen::Vector3d K = P.col(0) / S;
        m += K * e;
        P -= K * P.row(0);
        filtered[i] = m, filtered_cov[i] = P;
    }
    // Rauch-Tung-Striebel, backwards.
    Eigen::Vector3d smoothed = filtered[n - 1];
    reach.x_sensed.assign(n, 0.0);
    reach.v_sensed.assign(n, 0.0);
    for (std::size_t i = n; i-- > 0;) {
        if (i + 1 < n) {
            const Eigen::Matrix3d G = filtered_cov[i] * A.transpose() * predicted_cov[i + 1].inverse();
            smoothed = filtered[i] + G * (smoothed - predicted[i + 1]);
        }
        reach.x_sensed[i] = smoothed(0) / reach.distance_cm;
        reach.v_sensed[i] = smoothed(1) / reach.distance_cm;
    }
    return m2ll;
}

LimbFilter make_limb_filter(const ReachPlant& plant, double interval_s, int substeps, int samples,
                            double force_noise_density, double position_variance) {
    LimbFilter f;
    f.substeps = substeps;
    f.step_s = interval_s / substeps;
    // The limb's step as a linear map of [x, v, F] and the held command, read off the step itself.
    const ActivatedMass<double> limb(plant, f.step_s, 1.0);
    Eigen::Matrix3d A;
    for (int c = 0; c < 3; ++c) {
        Eigen::Vector3d s = Eigen::Vector3d::Unit(c);
        limb.step(s(2), s(0), s(1), 0.0);
        A.col(c) = s;
    }
    Eigen::Vector3d B = Eigen::Vector3d::Zero();
    limb.step(B(2), B(0), B(1), 1.0);
    // White noise of density q held over a step h has variance q / h.
    const Eigen::Matrix3d Q = B * B.transpose() * (force_noise_density / f.step_s);
    // At the first sample: the position measured, the hand nearly still (2 cm/s, 50 cm/s^2).
    Eigen::Matrix3d P = Eigen::Vector3d(position_variance, 4.0, 2500.0).asDiagonal();
    std::vector<double> variance;
    for (int i = 0; i < samples; ++i) {
        const double S = P(0, 0) + position_variance;
        const Eigen::Vector3d K = P.col(0) / S;
        f.gain.push_back({K(0), K(1), K(2)});
        variance.push_back(S);
        P -= K * P.row(0);
        for (int j = 0; j < substeps; ++j) P = A * P * A.transpose() + Q;
        P = 0.5 * (P + P.transpose());
    }
    f.steady_variance = variance.back();
    for (double S : variance) {
        f.weight.push_back(std::sqrt(f.steady_variance / S));
        f.log_variance.push_back(std::log(S));
    }
    return f;
}

}  // namespace purkinje::model::detail
