#pragma once
// The simulator's random numbers. std::normal_distribution is implementation-defined, so the same
// seed could give other frames with another standard library; these draws depend only on
// std::mt19937_64, whose output the standard fixes.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace purkinje::sim::detail {

class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}

    // Uniform in [0, 1).
    double uniform() { return double(engine_() >> 11) * 0x1.0p-53; }
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    // Standard normal by Box-Muller (both draws used).
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u1 = uniform();
        while (u1 <= 0.0) u1 = uniform();
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        spare_ = r * std::sin(2.0 * std::numbers::pi * u2);
        has_spare_ = true;
        return r * std::cos(2.0 * std::numbers::pi * u2);
    }
    double normal(double mean, double sd) { return mean + sd * normal(); }
    bool chance(double probability) { return uniform() < probability; }
    std::uint64_t next_seed() { return engine_(); }

private:
    std::mt19937_64 engine_;
    double spare_ = 0;
    bool has_spare_ = false;
};

}  // namespace purkinje::sim::detail
