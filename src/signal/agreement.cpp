#include "purkinje/signal/agreement.hpp"

#include <limits>
#include <string>

#include "purkinje/core/error.hpp"

namespace purkinje::signal {

void BinaryAgreement::add(const std::vector<int>& labels_a, const std::vector<int>& labels_b, int code) {
    if (labels_a.size() != labels_b.size())
        throw_bad_input("labellings", "have " + std::to_string(labels_a.size()) + " and " +
                                          std::to_string(labels_b.size()) + " samples",
                        "one label per sample in both");
    for (std::size_t i = 0; i < labels_a.size(); ++i) {
        const bool a = labels_a[i] == code, b = labels_b[i] == code;
        if (a && b) ++both;
        else if (a) ++only_a;
        else if (b) ++only_b;
        else ++neither;
    }
}

double BinaryAgreement::kappa() const {
    const double n = double(total());
    if (n == 0) return std::numeric_limits<double>::quiet_NaN();
    const double po = double(both + neither) / n;
    const double pa = double(both + only_a) / n, pb = double(both + only_b) / n;
    const double pe = pa * pb + (1 - pa) * (1 - pb);
    if (pe >= 1) return std::numeric_limits<double>::quiet_NaN();
    return (po - pe) / (1 - pe);
}

}  // namespace purkinje::signal
