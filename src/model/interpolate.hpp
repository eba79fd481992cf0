#pragma once
// Linear interpolation of a uniformly sampled series at a fractional index, shared by the model fits.
// Generic in the number type so that Ceres Jets (which carry their value in `.a`) pass through it.

#include <cmath>
#include <type_traits>
#include <vector>

namespace purkinje::model::detail {

template <typename T>
double value_of(const T& x) {
    if constexpr (std::is_arithmetic_v<T>)
        return static_cast<double>(x);
    else
        return x.a;
}

// x at `index` (in samples); the ends are held beyond the series.
template <typename T>
T interpolate(const std::vector<T>& x, const T& index) {
    const double i = value_of(index);
    if (i <= 0) return x.front();
    if (i >= static_cast<double>(x.size() - 1)) return x.back();
    const auto i0 = static_cast<std::size_t>(std::floor(i));
    return x[i0] + (index - T(static_cast<double>(i0))) * (x[i0 + 1] - x[i0]);
}

}  // namespace purkinje::model::detail
