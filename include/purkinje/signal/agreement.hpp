#pragma once
// Agreement between two labellings of the same samples: Cohen's kappa of one class against the rest,
// with counts that can be pooled over recordings (as in Andersson et al. 2017 and Dar et al. 2019).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace purkinje::signal {

struct BinaryAgreement {
    std::size_t both = 0, only_a = 0, only_b = 0, neither = 0;

    // Adds every sample: a = (labels_a[i] == code), b = (labels_b[i] == code). Lengths must match.
    void add(const std::vector<int>& labels_a, const std::vector<int>& labels_b, int code);
    std::size_t total() const { return both + only_a + only_b + neither; }
    // (p_observed - p_chance) / (1 - p_chance); NaN when chance agreement is 1 (one class only).
    double kappa() const;
};

}  // namespace purkinje::signal
