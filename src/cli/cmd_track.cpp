// `purkinje-cli track`: runs one tracker over a video and writes one CSV row per frame (columns in
// docs/tracking.md), optionally an overlay video of what was found.
// `purkinje-cli calibrate-camera`: ChArUco camera calibration from a video of the printed board.

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "command.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/track/frame_tracker.hpp"
#include "purkinje/track/pupil.hpp"

namespace purkinje::cli {
namespace {

// Reads a video file frame by frame with clear errors. (Until capture's VideoFileSource lands.)
class VideoReader {
public:
    explicit VideoReader(const std::string& path) : path_(path) {
        if (!std::filesystem::exists(path)) throw_not_found(path, "the video file does not exist");
        if (std::filesystem::is_empty(path))
            throw_bad_input(path, "the video file is empty (0 bytes)", "a video file (mp4, mkv, avi)");
        if (!capture_.open(path, cv::CAP_FFMPEG) && !capture_.open(path))
            throw_bad_input(path, "the video cannot be opened (corrupt or an unknown format)",
                            "a video file OpenCV's FFmpeg backend can decode");
        rate_hz_ = capture_.get(cv::CAP_PROP_FPS);
        if (!(rate_hz_ > 0 && rate_hz_ < 10000)) rate_hz_ = 30;
        announced_ = static_cast<long>(capture_.get(cv::CAP_PROP_FRAME_COUNT));
    }
    std::optional<capture::Frame> next() {
        cv::Mat image;
        if (!capture_.read(image)) return std::nullopt;
        capture::Frame frame;
        frame.image = image;
        frame.index = index_;
        frame.t_s = static_cast<double>(index_) / rate_hz_;
        frame.origin = TimestampOrigin::File;
        ++index_;
        return frame;
    }
    double rate_hz() const { return rate_hz_; }
    long frames_read() const { return index_; }
    long announced() const { return announced_; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    cv::VideoCapture capture_;
    double rate_hz_ = 30;
    long announced_ = 0;
    long index_ = 0;
};

struct TrackOptions {
    std::string tracker = "pupil";
    std::string in, out, overlay;
    double mm_per_px = 0;
    double min_radius_px = 0, max_radius_px = 0;
};

std::unique_ptr<track::FrameTracker> make_tracker(const TrackOptions& o, double rate_hz) {
    if (o.tracker == "pupil") {
        track::PupilParams p;
        p.mm_per_px = o.mm_per_px;
        p.min_radius_px = o.min_radius_px;
        p.max_radius_px = o.max_radius_px;
        return track::make_pupil_frame_tracker(p, rate_hz);
    }
    throw_bad_input("--tracker", "unknown tracker '" + o.tracker + "'", "pupil, eye, head or hand");
}

std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{:.4f}", v) : std::string(); }

void run_track(const TrackOptions& o) {
    VideoReader video(o.in);
    auto tracker = make_tracker(o, video.rate_hz());
    std::ofstream out(o.out);
    if (!out) throw_bad_input(o.out, "the CSV file cannot be written", "a writable path");
    out << "frame,t_s";
    for (const auto& c : tracker->value_columns()) out << ',' << c;
    out << ",state,confidence\n";
    cv::VideoWriter writer;
    long tracked = 0;
    while (auto frame = video.next()) {
        cv::Mat overlay;
        if (!o.overlay.empty()) {
            const cv::Mat& img = frame->image;
            if (img.channels() == 3) overlay = img.clone();
            else if (img.channels() == 1) cv::cvtColor(img, overlay, cv::COLOR_GRAY2BGR);
            else if (img.channels() == 4) cv::cvtColor(img, overlay, cv::COLOR_BGRA2BGR);
        }
        track::TrackedRow row;
        try {
            row = tracker->process(*frame, overlay.empty() ? nullptr : &overlay);
        } catch (const Error& e) {
            throw Error(e.kind(), e.message(), o.in + ", " + e.where(), e.expected());
        }
        out << frame->index << ',' << fmt::format("{:.6f}", frame->t_s);
        for (double v : row.values) out << ',' << csv_number(v);
        out << ',' << track::to_string(row.state) << ',' << fmt::format("{:.3f}", row.confidence) << '\n';
        if (row.state == track::TrackState::Tracked) ++tracked;
        if (!overlay.empty()) {
            if (!writer.isOpened()) {
                const int fourcc = cv::VideoWriter::fourcc('F', 'F', 'V', '1');
                if (!writer.open(o.overlay, cv::CAP_FFMPEG, fourcc, video.rate_hz(), overlay.size()) &&
                    !writer.open(o.overlay, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), video.rate_hz(),
                                 overlay.size()))
                    throw_bad_input(o.overlay, "the overlay video cannot be written", "a writable .mkv or .avi path");
            }
            writer.write(overlay);
        }
    }
    if (video.frames_read() == 0)
        throw_bad_input(o.in + ", frame 0", "the video has no readable frame (empty or corrupt)",
                        "at least one decodable frame");
    if (video.announced() > 0 && video.frames_read() < video.announced() - 1)
        std::cerr << fmt::format("warning: {}: decoding stopped at frame {} of {} announced (corrupt tail?)\n",
                                 o.in, video.frames_read(), video.announced());
    std::cout << fmt::format("{}: {} frames, {} tracked ({:.1f}%), {} rows written to {}\n", o.tracker,
                             video.frames_read(), tracked, 100.0 * tracked / video.frames_read(),
                             video.frames_read(), o.out);
}

const bool registered_track = register_command(60, [](CLI::App& app, GlobalOptions&) {
    auto options = std::make_shared<TrackOptions>();
    auto* cmd = app.add_subcommand("track", "Track pupil, eye, head or hand in a video; one CSV row per frame");
    cmd->add_option("--tracker", options->tracker, "pupil | eye | head | hand")
        ->check(CLI::IsMember({"pupil", "eye", "head", "hand"}));
    cmd->add_option("--in", options->in, "input video")->required();
    cmd->add_option("--out", options->out, "output CSV (columns in docs/tracking.md)")->required();
    cmd->add_option("--overlay", options->overlay, "write an overlay video (.mkv) of what was found");
    cmd->add_option("--mm-per-px", options->mm_per_px, "pupil: image scale for diameters in mm");
    cmd->add_option("--min-radius-px", options->min_radius_px, "pupil: smallest pupil radius (default 3% of the image)");
    cmd->add_option("--max-radius-px", options->max_radius_px, "pupil: largest pupil radius (default 30% of the image)");
    cmd->callback([options] { run_track(*options); });
});

}  // namespace
}  // namespace purkinje::cli
