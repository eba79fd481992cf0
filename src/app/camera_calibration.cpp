#include "camera_calibration.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <chrono>

#include <opencv2/imgproc.hpp>

#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/core/paths.hpp"
#include "purkinje/core/time.hpp"
#include "purkinje/sim/charuco_board.hpp"
#include "purkinje/track/track_state.hpp"

namespace purkinje::app {
namespace {

// The mean (or RMS) distance between the corners two views share, and how many they share.
std::pair<double, int> shared_corner_distance(const track::CharucoView& a, const track::CharucoView& b, bool rms) {
    std::map<int, cv::Point2f> at;
    for (std::size_t k = 0; k < a.ids.size() && k < a.corners.size(); ++k) at[a.ids[k]] = a.corners[k];
    double sum = 0;
    int n = 0;
    for (std::size_t k = 0; k < b.ids.size() && k < b.corners.size(); ++k) {
        const auto it = at.find(b.ids[k]);
        if (it == at.end()) continue;
        const double d = cv::norm(it->second - b.corners[k]);
        sum += rms ? d * d : d;
        ++n;
    }
    if (n == 0) return {std::numeric_limits<double>::infinity(), 0};
    return {rms ? std::sqrt(sum / n) : sum / n, n};
}

}  // namespace

double corner_rms_px(const track::CharucoView& a, const track::CharucoView& b) {
    const auto [d, n] = shared_corner_distance(a, b, true);
    return n < 4 ? std::numeric_limits<double>::infinity() : d;
}

bool is_new_pose(const track::CharucoView& candidate, const std::vector<track::CharucoView>& kept, double min_mean_px) {
    for (const auto& view : kept) {
        const auto [d, n] = shared_corner_distance(candidate, view, false);
        if (n >= 4 && d < min_mean_px) return false;
    }
    return true;
}

CameraCalibrationRun::CameraCalibrationRun(OpenSource open, CalibrationCriteria criteria, bool pace)
    : criteria_(std::move(criteria)) {
    snapshot_.views_wanted = criteria_.views_wanted;
    snapshot_.message = "Opening the camera ...";
    worker_ = std::thread([this, open = std::move(open), pace]() mutable { run(std::move(open), pace); });
}

CameraCalibrationRun::~CameraCalibrationRun() {
    stop_ = true;
    if (worker_.joinable()) worker_.join();
}

CameraCalibrationSnapshot CameraCalibrationRun::snapshot() const {
    std::lock_guard lock(mutex_);
    return snapshot_;
}

void CameraCalibrationRun::run(OpenSource open, bool pace) {
    std::unique_ptr<capture::FrameSource> source;
    try {
        source = open();
    } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        snapshot_.message = std::string("The camera could not be opened: ") + e.what();
        snapshot_.finished = true;
        return;
    }
    track::CharucoCalibrator calibrator(criteria_.board, criteria_.min_corners);
    double steady_at_t0 = NAN;  // pacing: the steady-clock time of the source's t = 0
    std::vector<track::CharucoView> kept;
    track::CharucoView previous;
    cv::Size size;
    std::string problem;
    while (!stop_ && static_cast<int>(kept.size()) < criteria_.views_wanted) {
        auto frame = source->next();
        if (!frame) {
            if (source->state() == capture::SourceState::Failed) problem = "The camera stopped: " + source->error() + ". ";
            break;
        }
        if (pace) {
            if (std::isnan(steady_at_t0)) steady_at_t0 = steady_now_s() - frame->t_s;
            const double wait_s = steady_at_t0 + frame->t_s - steady_now_s();
            if (wait_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
        }
        try {
            const track::CharucoView view = track::detect_charuco(frame->image, criteria_.board, frame->index);
            size = frame->image.size();
            const bool enough = static_cast<int>(view.corners.size()) >= criteria_.min_corners;
            const bool still = enough && corner_rms_px(view, previous) < criteria_.still_px;
            const bool keep = still && is_new_pose(view, kept, criteria_.new_pose_fraction * size.width);
            if (keep && calibrator.add_view(view, size, frame->index) > 0) kept.push_back(view);
            previous = view;

            cv::Mat overlay = track::bgr_frame(frame->image, frame->index).clone();
            for (const auto& v : kept)  // where the kept views lie: coverage of the image
                for (const auto& c : v.corners) cv::circle(overlay, c, 1, cv::Scalar(200, 120, 0), cv::FILLED);
            track::draw_charuco(overlay, view, keep);
            char line[160];
            std::snprintf(line, sizeof line, "views %d/%d  corners %d  %s", static_cast<int>(kept.size()), criteria_.views_wanted,
                          static_cast<int>(view.corners.size()),
                          !enough ? "show the whole board" : !still ? "hold still" : keep ? "view kept" : "turn the board to a new pose");
            cv::putText(overlay, line, cv::Point(8, overlay.rows - 10), cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(0, 0, 0), 3, cv::LINE_AA);
            cv::putText(overlay, line, cv::Point(8, overlay.rows - 10), cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);

            std::lock_guard lock(mutex_);
            snapshot_.overlay = overlay;
            snapshot_.overlay_index = frame->index;
            snapshot_.corners_now = static_cast<int>(view.corners.size());
            snapshot_.markers_now = view.markers;
            snapshot_.still = still;
            snapshot_.views = static_cast<int>(kept.size());
            ++snapshot_.frames;
            if (keep) snapshot_.kept.push_back(view.corners);
            snapshot_.message = "Show the board at several poses: tilted left, right, up, down, turned, nearer and farther.";
        } catch (const std::exception& e) {
            // A frame that cannot be searched (size changed, broken image) is skipped, not the end of the step.
            std::lock_guard lock(mutex_);
            snapshot_.message = std::string("frame ") + std::to_string(frame->index) + " skipped: " + e.what();
        }
    }
    std::optional<track::CameraIntrinsics> result;
    if (calibrator.views() < 4) {
        problem += "Only " + std::to_string(calibrator.views()) +
                   " views of the board were kept; at least 4 (better " + std::to_string(criteria_.views_wanted) +
                   ") still views at different poses are needed.";
    } else {
        {
            std::lock_guard lock(mutex_);
            snapshot_.message = "Computing the intrinsics from " + std::to_string(calibrator.views()) + " views ...";
        }
        try {
            result = calibrator.calibrate();
        } catch (const std::exception& e) {
            problem += std::string("The calibration failed: ") + e.what();
        }
    }
    std::lock_guard lock(mutex_);
    snapshot_.finished = true;
    if (!result) {
        snapshot_.message = problem;
        return;
    }
    snapshot_.intrinsics = result;
    snapshot_.accepted = result->rms_reprojection_px <= criteria_.max_rms_px;
    char text[240];
    std::snprintf(text, sizeof text, "%s: RMS reprojection error %.3f px over %d views (threshold %.2f px); focal length %.1f x %.1f px.",
                  snapshot_.accepted ? "Accepted" : "Rejected", result->rms_reprojection_px, result->frames_used, criteria_.max_rms_px,
                  result->camera_matrix(0, 0), result->camera_matrix(1, 1));
    snapshot_.message = text;
}

std::unique_ptr<capture::FrameSource> open_calibration_source(const SourceChoice& choice) {
    if (choice.kind == SourceKind::Simulated) {
        sim::CharucoPresentation presentation;
        presentation.size = cv::Size(choice.width, choice.height);
        presentation.fps = std::min(choice.fps, 30.0);  // a board held by hand needs no more
        presentation.seed = choice.seed;
        return std::make_unique<sim::CharucoBoardSource>(presentation);
    }
    // A live camera or a video file opens as for the face-view trials the intrinsics serve.
    return open_trial_source(choice, names::kVorSinusoidal, 0, 0).source;
}

std::string camera_key(const SourceChoice& choice) {
    const std::string size = std::to_string(choice.width) + "x" + std::to_string(choice.height);
    switch (choice.kind) {
        case SourceKind::Camera: return "camera" + std::to_string(choice.camera_index) + "_" + size;
        case SourceKind::VideoFile: return "video_" + file_safe(std::filesystem::path(choice.video_path).stem().string());
        case SourceKind::Simulated: return "simulated_webcam_" + size;
    }
    return "camera";
}

std::filesystem::path intrinsics_file(const std::filesystem::path& folder, const SourceChoice& choice) {
    return folder / (camera_key(choice) + ".yaml");
}

std::optional<track::CameraIntrinsics> load_camera_intrinsics(const std::filesystem::path& folder, const SourceChoice& choice,
                                                              std::string* problem) {
    const auto file = intrinsics_file(folder, choice);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return std::nullopt;
    try {
        return track::load_intrinsics(file);
    } catch (const std::exception& e) {
        if (problem) *problem = std::string("The stored camera calibration is not usable: ") + e.what();
        return std::nullopt;
    }
}

}  // namespace purkinje::app
