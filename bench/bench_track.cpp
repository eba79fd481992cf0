// Speed of the trackers on one core (docs/performance.md, ## track).
// Pupil frames are crops/resizes of the real DeepVOG infrared video; when it is absent, the
// pupil benchmarks use a synthetic eye of the same size.

#include <cmath>
#include <filesystem>
#include <vector>

#include <benchmark/benchmark.h>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "purkinje/track/fingertip.hpp"
#include "purkinje/track/head_pose.hpp"
#include "purkinje/track/pupil.hpp"

using namespace purkinje::track;

namespace {

std::vector<cv::Mat> eye_frames(cv::Size size) {
    std::vector<cv::Mat> frames;
    const std::filesystem::path video = std::filesystem::path(PURKINJE_SOURCE_DIR) / "../shared/data/eye_video/deepvog_demo.mp4";
    cv::VideoCapture capture(video.string());
    cv::Mat frame, grey, resized;
    for (int i = 0; capture.read(frame) && frames.size() < 300; ++i) {
        if (i < 20) continue;  // the video starts dark
        cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
        if (size == grey.size()) {
            frames.push_back(grey.clone());
        } else {
            // The whole frame resized (a smaller sensor); a crop would cut the pupil off at times.
            cv::resize(grey, resized, size, 0, 0, cv::INTER_AREA);
            frames.push_back(resized.clone());
        }
    }
    if (frames.empty()) {
        cv::Mat eye(size, CV_8U, cv::Scalar(150));
        cv::circle(eye, {size.width / 2, size.height / 2}, size.height / 6, cv::Scalar(20), cv::FILLED);
        cv::GaussianBlur(eye, eye, {5, 5}, 1);
        frames.push_back(eye);
    }
    return frames;
}

void pupil_tracking(benchmark::State& state, cv::Size size) {
    const auto frames = eye_frames(size);
    PupilTracker tracker;
    std::int64_t index = 0;
    for (auto _ : state) {
        const PupilResult r = tracker.track(frames[index % frames.size()], index);
        benchmark::DoNotOptimize(r.centre_px);
        ++index;
    }
    state.counters["frames_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// 640x480 frames of the headband turning (markers warped by their exact homographies).
std::vector<cv::Mat> band_frames(const CameraIntrinsics& cam, const HeadbandLayout& layout) {
    std::vector<cv::Mat> frames;
    for (int i = 0; i < 60; ++i) {
        cv::Mat image(480, 640, CV_8U, cv::Scalar(90));
        const double yaw = 25 * std::sin(i * 0.1);
        const cv::Matx33d r = camera_rotation_from_head(head_rotation_from_deg(yaw, 3, 0));
        for (const auto& [id, corners] : layout.markers) {
            std::vector<cv::Point2f> projected;
            std::vector<cv::Point3f> object(corners.begin(), corners.end());
            cv::Vec3d rvec;
            cv::Rodrigues(cv::Mat(r), rvec);
            cv::projectPoints(object, rvec, cv::Vec3d(0, 0, 550), cam.camera_matrix, cam.distortion, projected);
            const cv::Mat marker = marker_image(id, 60);
            const int q = (marker.cols - 60) / 2;
            const std::vector<cv::Point2f> src{{float(q), float(q)}, {float(q + 60), float(q)}, {float(q + 60), float(q + 60)}, {float(q), float(q + 60)}};
            // Skip markers seen edge-on or from behind (their corners turn clockwise-inverted).
            const double area = cv::contourArea(projected, true);
            if (area <= 100) continue;
            cv::warpPerspective(marker, image, cv::getPerspectiveTransform(src, projected), image.size(), cv::INTER_LINEAR,
                                cv::BORDER_TRANSPARENT);
        }
        frames.push_back(image);
    }
    return frames;
}

void head_pose_tracking(benchmark::State& state) {
    const CameraIntrinsics cam = CameraIntrinsics::from_field_of_view({640, 480}, 60);
    HeadPoseParams params;
    const auto frames = band_frames(cam, params.layout);
    HeadPoseTracker tracker(cam, params);
    std::int64_t index = 0;
    int tracked = 0;
    for (auto _ : state) {
        const HeadPoseResult r = tracker.track(frames[index % frames.size()], index, index / 60.0);
        tracked += r.state == TrackState::Tracked;
        ++index;
    }
    state.counters["tracked_share"] = static_cast<double>(tracked) / static_cast<double>(state.iterations());
    state.counters["frames_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void fingertip_colour_tracking(benchmark::State& state) {
    std::vector<cv::Mat> frames;
    for (int i = 0; i < 60; ++i) {
        cv::Mat image(480, 640, CV_8UC3, cv::Scalar(120, 150, 200));
        cv::circle(image, {320 + static_cast<int>(150 * std::sin(i * 0.1)), 240 + static_cast<int>(80 * std::cos(i * 0.13))}, 9,
                   cv::Scalar(60, 200, 40), cv::FILLED, cv::LINE_AA);
        frames.push_back(image);
    }
    FingertipParams params;
    params.colour = learn_marker_colour(frames[0], cv::Rect(316, 316, 8, 8) & cv::Rect(0, 0, 640, 480));
    FingertipTracker tracker(params);
    std::int64_t index = 0;
    int tracked = 0;
    for (auto _ : state) {
        const FingertipResult r = tracker.track(frames[index % frames.size()], index);
        tracked += r.state == TrackState::Tracked;
        ++index;
    }
    state.counters["tracked_share"] = static_cast<double>(tracked) / static_cast<double>(state.iterations());
    state.counters["frames_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(head_pose_tracking)->Unit(benchmark::kMicrosecond);
BENCHMARK(fingertip_colour_tracking)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pupil_tracking, 192x192, cv::Size(192, 192))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pupil_tracking, 320x240, cv::Size(320, 240))->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
