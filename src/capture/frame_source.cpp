#include "purkinje/capture/frame_source.hpp"

namespace purkinje::capture {

const char* to_string(SourceState state) {
    switch (state) {
        case SourceState::Running: return "running";
        case SourceState::Ended: return "ended";
        case SourceState::Failed: return "failed";
    }
    return "unknown";
}

}  // namespace purkinje::capture
