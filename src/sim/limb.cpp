#include "plants.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::sim::detail {
void simulate_limb(const PatientParams&, const std::vector<StimulusEvent>&, double, Random&, Movements&) {
    throw Error(ErrorKind::Unsupported, "the hand tasks are not simulated in this build yet", "simulate_limb");
}
}  // namespace purkinje::sim::detail
