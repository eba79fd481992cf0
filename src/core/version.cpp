#include "purkinje/core/session.hpp"

namespace purkinje {

const char* software_version() { return PURKINJE_VERSION; }

}  // namespace purkinje
