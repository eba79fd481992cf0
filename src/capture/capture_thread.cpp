#include "purkinje/capture/capture_thread.hpp"

#include <exception>
#include <utility>

#include "purkinje/core/error.hpp"

namespace purkinje::capture {

CaptureThread::CaptureThread(FrameSource& source, CaptureOptions options)
    : source_(source), options_(options) {
    if (options_.queue_capacity == 0) {
        throw Error(ErrorKind::Internal, "a capture queue must hold at least one frame", "queue_capacity", ">= 1");
    }
}

CaptureThread::~CaptureThread() { stop(); }

void CaptureThread::start() {
    stop();
    std::lock_guard lock(mutex_);
    if (source_.state() != SourceState::Running) {
        stats_.source_state = source_.state();
        stats_.source_error = source_.error();
        return;  // nothing to start: finished() reports true once the queue is empty
    }
    stop_requested_ = false;
    stats_.running = true;
    thread_ = std::thread([this] { run(); });
}

void CaptureThread::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_requested_ = true;
    }
    if (thread_.joinable()) thread_.join();
}

void CaptureThread::run() {
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stop_requested_) break;
        }
        std::optional<Frame> frame;
        std::string failure;
        try {
            frame = source_.next();
        } catch (const std::exception& e) {
            // A FrameSource promises not to throw mid-stream; if one does, it ends the capture as a
            // failure rather than taking the program down from a worker thread.
            failure = std::string("the frame source broke its promise and threw: ") + e.what();
        }
        if (!frame) {
            std::lock_guard lock(mutex_);
            stats_.source_state = failure.empty() ? source_.state() : SourceState::Failed;
            stats_.source_error = failure.empty() ? source_.error() : failure;
            break;
        }
        bool limit_reached = false;
        {
            std::lock_guard lock(mutex_);
            if (!first_time_s_) first_time_s_ = frame->t_s;
            ++stats_.captured;
            limit_reached = (options_.max_frames > 0 && stats_.captured >= options_.max_frames) ||
                            (options_.max_seconds > 0 && frame->t_s - *first_time_s_ >= options_.max_seconds);
        }
        push(std::move(*frame));
        if (limit_reached) break;
    }
    {
        std::lock_guard lock(mutex_);
        stats_.running = false;
    }
    frame_ready_.notify_all();
}

void CaptureThread::push(Frame frame) {
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= options_.queue_capacity) {
            ++stats_.dropped;
            if (options_.overflow == OverflowPolicy::DropNewest) return;
            queue_.pop_front();
        }
        queue_.push_back(std::move(frame));
    }
    frame_ready_.notify_one();
}

std::optional<Frame> CaptureThread::pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    frame_ready_.wait_for(lock, timeout, [this] { return !queue_.empty() || !stats_.running; });
    if (queue_.empty()) return std::nullopt;
    Frame frame = std::move(queue_.front());
    queue_.pop_front();
    ++stats_.delivered;
    return frame;
}

std::optional<Frame> CaptureThread::try_pop() { return pop(std::chrono::milliseconds(0)); }

bool CaptureThread::finished() const {
    std::lock_guard lock(mutex_);
    return !stats_.running && queue_.empty();
}

CaptureStats CaptureThread::stats() const {
    std::lock_guard lock(mutex_);
    CaptureStats copy = stats_;
    copy.queued = queue_.size();
    return copy;
}

}  // namespace purkinje::capture
