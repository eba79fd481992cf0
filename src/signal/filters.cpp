#include "purkinje/signal/filters.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Dense>

#include "purkinje/core/error.hpp"

namespace purkinje::signal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Rows: weights that turn a window into the polynomial's `derivative` at offset s (from -m to m).
Eigen::MatrixXd sg_offset_weights(int window, int order, int derivative, double dt_s) {
    const int m = window / 2;
    Eigen::MatrixXd a(window, order + 1);
    for (int i = 0; i < window; ++i)
        for (int j = 0; j <= order; ++j) a(i, j) = std::pow(double(i - m), j);
    // Pseudo-inverse: coefficients of the fitted polynomial = p * window.
    const Eigen::MatrixXd p = (a.transpose() * a).ldlt().solve(a.transpose());
    Eigen::MatrixXd w = Eigen::MatrixXd::Zero(window, window);
    for (int s = 0; s < window; ++s) {
        const double offset = s - m;
        for (int j = derivative; j <= order; ++j) {
            double factor = 1;
            for (int k = 0; k < derivative; ++k) factor *= (j - k);
            w.row(s) += factor * std::pow(offset, j - derivative) * p.row(j);
        }
    }
    return w / std::pow(dt_s, derivative);
}

void check_sg(const SavitzkyGolay& params, int derivative) {
    if (params.window < 3 || params.window % 2 == 0)
        throw_bad_input("Savitzky-Golay window", "is " + std::to_string(params.window), "an odd number >= 3");
    if (params.order < 1 || params.order >= params.window)
        throw_bad_input("Savitzky-Golay order", "is " + std::to_string(params.order),
                        "between 1 and window - 1");
    if (derivative < 0 || derivative > params.order || derivative > 2)
        throw_bad_input("Savitzky-Golay derivative", "is " + std::to_string(derivative),
                        "0, 1 or 2 and at most the polynomial order");
}

}  // namespace

std::vector<double> savitzky_golay_weights(const SavitzkyGolay& params, int derivative, double dt_s) {
    check_sg(params, derivative);
    const Eigen::MatrixXd w = sg_offset_weights(params.window, params.order, derivative, dt_s);
    const Eigen::VectorXd centre = w.row(params.window / 2).transpose();
    return {centre.data(), centre.data() + centre.size()};
}

std::vector<double> savitzky_golay(const std::vector<double>& x, const SavitzkyGolay& params, int derivative,
                                   double dt_s) {
    check_sg(params, derivative);
    const int n = int(x.size());
    int window = std::min(params.window, n % 2 == 1 ? n : n - 1);
    if (window < 3)
        return std::vector<double>(x.size(), kNaN);
    const int order = std::min(params.order, window - 1);
    const Eigen::MatrixXd w = sg_offset_weights(window, order, derivative, dt_s);
    const int m = window / 2;
    std::vector<double> y(x.size());
    const Eigen::VectorXd centre = w.row(m).transpose();
    for (int i = m; i < n - m; ++i) {
        double sum = 0;
        for (int k = 0; k < window; ++k) sum += centre[k] * x[std::size_t(i - m + k)];
        y[std::size_t(i)] = sum;
    }
    for (int i = 0; i < m; ++i) {
        double head = 0, tail = 0;
        for (int k = 0; k < window; ++k) {
            head += w(i, k) * x[std::size_t(k)];
            tail += w(window - 1 - (m - 1 - i) - 0, k) * x[std::size_t(n - window + k)];
        }
        y[std::size_t(i)] = head;
        y[std::size_t(n - m + i)] = tail;
    }
    return y;
}

void for_each_finite_run(const std::vector<double>& x, const std::function<void(std::size_t, std::size_t)>& f) {
    std::size_t i = 0;
    while (i < x.size()) {
        while (i < x.size() && !std::isfinite(x[i])) ++i;
        std::size_t j = i;
        while (j < x.size() && std::isfinite(x[j])) ++j;
        if (j > i) f(i, j);
        i = j;
    }
}

std::vector<double> savitzky_golay_with_gaps(const std::vector<double>& x, const SavitzkyGolay& params,
                                             int derivative, double dt_s) {
    std::vector<double> y(x.size(), kNaN);
    for_each_finite_run(x, [&](std::size_t b, std::size_t e) {
        const std::vector<double> run(x.begin() + std::ptrdiff_t(b), x.begin() + std::ptrdiff_t(e));
        const auto filtered = savitzky_golay(run, params, derivative, dt_s);
        std::copy(filtered.begin(), filtered.end(), y.begin() + std::ptrdiff_t(b));
    });
    return y;
}

namespace {

void append_butterworth(std::vector<Biquad>& sections, bool low_pass, int order, double cutoff_hz,
                        double rate_hz) {
    const std::string where = "Butterworth cut-off";
    if (!(cutoff_hz > 0) || !(cutoff_hz < rate_hz / 2))
        throw_bad_input(where, std::to_string(cutoff_hz) + " Hz at a sample rate of " + std::to_string(rate_hz) +
                                   " Hz", "a frequency between 0 and half the sample rate");
    // Pre-warped analogue cut-off of the bilinear transform.
    const double k = std::tan(M_PI * cutoff_hz / rate_hz);
    for (int pair = 0; pair < order / 2; ++pair) {
        const double q = 1.0 / (2.0 * std::sin(M_PI * (2 * pair + 1) / (2.0 * order)));
        const double norm = 1.0 / (1.0 + k / q + k * k);
        Biquad s;
        if (low_pass) {
            s.b0 = k * k * norm;
            s.b1 = 2 * s.b0;
            s.b2 = s.b0;
        } else {
            s.b0 = norm;
            s.b1 = -2 * norm;
            s.b2 = norm;
        }
        s.a1 = 2 * (k * k - 1) * norm;
        s.a2 = (1 - k / q + k * k) * norm;
        sections.push_back(s);
    }
    if (order % 2 == 1) {
        Biquad s;
        s.a1 = (k - 1) / (k + 1);
        if (low_pass) {
            s.b0 = k / (k + 1);
            s.b1 = s.b0;
        } else {
            s.b0 = 1 / (k + 1);
            s.b1 = -s.b0;
        }
        sections.push_back(s);
    }
}

// Direct form II transposed, started in the steady state of a constant input x0.
void run_sections(const std::vector<Biquad>& sections, std::vector<double>& x) {
    if (x.empty()) return;
    for (const Biquad& s : sections) {
        const double x0 = x.front();
        const double gain = (s.b0 + s.b1 + s.b2) / (1 + s.a1 + s.a2);
        const double y0 = gain * x0;
        double z2 = s.b2 * x0 - s.a2 * y0;
        double z1 = s.b1 * x0 - s.a1 * y0 + z2;
        for (double& v : x) {
            const double in = v;
            const double out = s.b0 * in + z1;
            z1 = s.b1 * in - s.a1 * out + z2;
            z2 = s.b2 * in - s.a2 * out;
            v = out;
        }
    }
}

}  // namespace

std::vector<Biquad> butterworth_sections(const Butterworth& design, double rate_hz) {
    if (design.order < 1 || design.order > 12)
        throw_bad_input("Butterworth order", "is " + std::to_string(design.order), "between 1 and 12");
    if (!(rate_hz > 0) || !std::isfinite(rate_hz))
        throw_bad_input("Butterworth sample rate", "is not a positive number", "Hz > 0");
    std::vector<Biquad> sections;
    switch (design.band) {
        case FilterBand::LowPass: append_butterworth(sections, true, design.order, design.low_hz, rate_hz); break;
        case FilterBand::HighPass: append_butterworth(sections, false, design.order, design.low_hz, rate_hz); break;
        case FilterBand::BandPass:
            if (!(design.high_hz > design.low_hz))
                throw_bad_input("Butterworth band", "upper edge is not above the lower edge",
                                "low_hz < high_hz");
            append_butterworth(sections, false, design.order, design.low_hz, rate_hz);
            append_butterworth(sections, true, design.order, design.high_hz, rate_hz);
            break;
    }
    return sections;
}

std::vector<double> butterworth_filtfilt(const std::vector<double>& x, const Butterworth& design, double rate_hz) {
    const auto sections = butterworth_sections(design, rate_hz);
    const std::size_t n = x.size();
    if (n < 2) return x;
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(x[i]))
            throw_bad_input("sample " + std::to_string(i), "is not a number inside a run given to filtfilt",
                            "finite values (use butterworth_filtfilt_with_gaps for series with gaps)");
    // Odd reflection about the end samples keeps value and slope continuous at the edges.
    const std::size_t pad = std::min(n - 1, std::size_t(3 * (2 * sections.size() + 1)) * 4);
    std::vector<double> ext;
    ext.reserve(n + 2 * pad);
    for (std::size_t i = pad; i >= 1; --i) ext.push_back(2 * x.front() - x[i]);
    ext.insert(ext.end(), x.begin(), x.end());
    for (std::size_t i = 1; i <= pad; ++i) ext.push_back(2 * x.back() - x[n - 1 - i]);
    run_sections(sections, ext);
    std::reverse(ext.begin(), ext.end());
    run_sections(sections, ext);
    std::reverse(ext.begin(), ext.end());
    return {ext.begin() + std::ptrdiff_t(pad), ext.begin() + std::ptrdiff_t(pad + n)};
}

std::vector<double> butterworth_filtfilt_with_gaps(const std::vector<double>& x, const Butterworth& design,
                                                   double rate_hz) {
    butterworth_sections(design, rate_hz);  // validates the design even when every run is short
    std::vector<double> y(x.size(), kNaN);
    for_each_finite_run(x, [&](std::size_t b, std::size_t e) {
        const std::vector<double> run(x.begin() + std::ptrdiff_t(b), x.begin() + std::ptrdiff_t(e));
        const auto filtered = run.size() < 4 ? run : butterworth_filtfilt(run, design, rate_hz);
        std::copy(filtered.begin(), filtered.end(), y.begin() + std::ptrdiff_t(b));
    });
    return y;
}

}  // namespace purkinje::signal
