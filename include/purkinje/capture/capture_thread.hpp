#pragma once
// Capture on its own thread into a bounded queue. The camera never waits for the analysis: when the
// queue is full a frame is dropped (and counted), so a slow tracker loses frames it can see as index
// gaps instead of slowing the camera down and bending every timestamp after it.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "purkinje/capture/frame_source.hpp"

namespace purkinje::capture {

enum class OverflowPolicy {
    DropOldest,  // default: the consumer always gets the freshest frames (live tracking, feedback)
    DropNewest,  // keep the queued frames, refuse the new one
};

struct CaptureOptions {
    std::size_t queue_capacity = 8;  // frames; 8 is 33 ms at 240 Hz, enough to ride out one slow frame
    OverflowPolicy overflow = OverflowPolicy::DropOldest;
    // Limits of a planned recording, counted from the first frame this object captured (a restart after
    // reaching one captures a single frame more and stops again).
    std::int64_t max_frames = 0;     // stop after this many frames from the source (0: until it ends)
    double max_seconds = 0;          // stop after this much source time (0: until it ends)
};

// What happened so far; consistent at any moment (taken under the queue's lock).
struct CaptureStats {
    std::int64_t captured = 0;   // frames the source gave
    std::int64_t delivered = 0;  // frames the consumer took
    std::int64_t dropped = 0;    // frames thrown away because the queue was full
    std::size_t queued = 0;      // frames waiting now
    SourceState source_state = SourceState::Running;
    std::string source_error;    // why the source failed, when it did
    bool running = false;        // the capture thread is working
};

class CaptureThread {
public:
    // The source must outlive this object; it is read only from the capture thread while running.
    explicit CaptureThread(FrameSource& source, CaptureOptions options = {});
    ~CaptureThread();  // stops the thread
    CaptureThread(const CaptureThread&) = delete;
    CaptureThread& operator=(const CaptureThread&) = delete;

    // Starts (or restarts after stop()) the capture thread. Frames already queued stay queued.
    void start();
    // Asks the thread to stop after the frame it is reading and waits for it (a camera read returns
    // within a frame interval, or fails after the driver's timeout). Queued frames remain.
    void stop();

    // The next frame, waiting at most `timeout`; nullopt on timeout, or at once when the capture has
    // finished and the queue is empty (then finished() is true).
    std::optional<Frame> pop(std::chrono::milliseconds timeout);
    std::optional<Frame> try_pop();

    // The capture thread has ended (source ended or failed, a limit was reached, or stop()) and
    // every queued frame has been taken.
    bool finished() const;
    CaptureStats stats() const;

private:
    void run();
    void push(Frame frame);

    FrameSource& source_;
    CaptureOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable frame_ready_;
    std::deque<Frame> queue_;
    CaptureStats stats_;
    bool stop_requested_ = false;
    std::optional<double> first_time_s_;
    std::thread thread_;
};

}  // namespace purkinje::capture
