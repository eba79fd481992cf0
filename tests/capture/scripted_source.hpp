#pragma once
// A FrameSource for tests: frames with chosen times, optionally failing after some frames or pausing
// between frames. Not a simulator of anything: just a controllable producer for the capture machinery.

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "purkinje/capture/frame_source.hpp"

namespace purkinje::capture::test {

// Image of frame i: every pixel (i * 7 + x + 3 y) mod 256 in each channel, so frames differ everywhere.
inline cv::Mat pattern_image(std::int64_t i, cv::Size size, int channels) {
    cv::Mat image(size, CV_8UC(channels));
    for (int y = 0; y < size.height; ++y) {
        auto* row = image.ptr<unsigned char>(y);
        for (int x = 0; x < size.width; ++x) {
            for (int c = 0; c < channels; ++c) {
                row[x * channels + c] = static_cast<unsigned char>((i * 7 + x + 3 * y + 50 * c) % 256);
            }
        }
    }
    return image;
}

class ScriptedSource final : public FrameSource {
public:
    ScriptedSource(std::vector<double> times_s, cv::Size size, int channels, double rate_hz)
        : times_s_(std::move(times_s)), size_(size), channels_(channels), rate_hz_(rate_hz) {}

    std::int64_t fail_after = -1;                       // fail instead of giving frame number fail_after
    std::chrono::microseconds pause{0};                 // time taken to "capture" each frame
    std::int64_t given() const { return position_; }

    std::optional<Frame> next() override {
        if (state_ != SourceState::Running) return std::nullopt;
        if (fail_after >= 0 && position_ == fail_after) {
            state_ = SourceState::Failed;
            error_ = "scripted camera unplugged after " + std::to_string(position_) + " frames";
            return std::nullopt;
        }
        if (position_ >= static_cast<std::int64_t>(times_s_.size())) {
            state_ = SourceState::Ended;
            return std::nullopt;
        }
        if (pause.count() > 0) std::this_thread::sleep_for(pause);
        Frame frame;
        frame.image = pattern_image(position_, size_, channels_);
        frame.index = position_;
        frame.t_s = times_s_[static_cast<std::size_t>(position_)];
        frame.origin = TimestampOrigin::Synthetic;
        ++position_;
        return frame;
    }
    SourceState state() const override { return state_; }
    std::string error() const override { return error_; }
    double nominal_rate_hz() const override { return rate_hz_; }
    cv::Size frame_size() const override { return size_; }
    std::string describe() const override { return "scripted test source"; }

private:
    std::vector<double> times_s_;
    cv::Size size_;
    int channels_;
    double rate_hz_;
    std::int64_t position_ = 0;
    SourceState state_ = SourceState::Running;
    std::string error_;
};

// Irregular times: a 120 Hz clock with jitter and a few long gaps, deterministic for a given seed.
std::vector<double> irregular_times(std::size_t count, unsigned seed = 7);

inline bool same_pixels(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

}  // namespace purkinje::capture::test
