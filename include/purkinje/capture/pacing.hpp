#pragma once
// Replaying at the original timing: the n-th frame is handed out no earlier than its recorded time
// after the first one, measured on the steady clock. Used by every file-backed FrameSource.

#include <chrono>
#include <optional>
#include <thread>

#include "purkinje/core/time.hpp"

namespace purkinje::capture {

enum class ReplayPace {
    AsFastAsPossible,  // analysis: frames as fast as they decode
    Original,          // live-like: each frame no earlier than its recorded time after the first
};

inline const char* to_string(ReplayPace pace) {
    return pace == ReplayPace::Original ? "original timing" : "as fast as possible";
}

class Pacer {
public:
    explicit Pacer(ReplayPace pace) : enabled_(pace == ReplayPace::Original) {}

    void wait_for_frame_time(double t_s) {
        if (!enabled_) return;
        const double now = steady_now_s();
        if (!start_) {
            start_ = Start{now, t_s};
            return;
        }
        const double due = start_->steady_s + (t_s - start_->frame_t_s);
        if (due > now) std::this_thread::sleep_for(std::chrono::duration<double>(due - now));
    }

private:
    struct Start {
        double steady_s;
        double frame_t_s;
    };
    bool enabled_;
    std::optional<Start> start_;
};

}  // namespace purkinje::capture
