// `purkinje-cli track`: runs one tracker over a video and writes one CSV row per frame (columns in
// docs/tracking.md), optionally an overlay video of what was found.
// `purkinje-cli calibrate-camera`: ChArUco camera calibration from a video of the printed board.
// Videos are read through capture::VideoFileSource (frame times from the container or its sidecar).

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "command.hpp"
#include "exam_demo.hpp"
#include "purkinje/capture/video_file.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/track/camera.hpp"
#include "purkinje/track/face_eye.hpp"
#include "purkinje/track/fingertip.hpp"
#include "purkinje/track/frame_tracker.hpp"
#include "purkinje/track/head_pose.hpp"
#include "purkinje/track/pupil.hpp"

namespace purkinje::cli {
namespace {

struct TrackOptions {
    std::string tracker = "pupil";
    std::string in, out, overlay;
    // pupil
    double mm_per_px = 0;
    double min_radius_px = 0, max_radius_px = 0;
    // head
    std::string camera;          // intrinsics YAML from calibrate-camera
    double fov_deg = 60;         // used (with a warning) when no --camera is given
    std::string band = "cylinder";   // or "virtual-patient": the simulator's printed band
    std::vector<int> band_ids{0, 1, 2, 3, 4};
    double band_marker_mm = 25, band_radius_mm = 90, band_step_deg = 25;
    // hand
    std::string hand_mode = "colour";
    std::vector<int> colour_region;  // x y w h in the first frame
    int marker_id = 10;
    int reference_id = -1;
    double reference_cm = 0;
};

cv::Rect region_option(const std::vector<int>& v) {
    if (v.size() != 4) throw_bad_input("--colour-region", "needs four numbers", "x y width height (pixels)");
    return {v[0], v[1], v[2], v[3]};
}

std::unique_ptr<track::FrameTracker> make_tracker(const TrackOptions& o, double rate_hz, const cv::Mat& first_frame) {
    if (o.tracker == "pupil") {
        track::PupilParams p;
        p.mm_per_px = o.mm_per_px;
        p.min_radius_px = o.min_radius_px;
        p.max_radius_px = o.max_radius_px;
        return track::make_pupil_frame_tracker(p, rate_hz);
    }
    if (o.tracker == "head") {
        track::CameraIntrinsics camera;
        if (!o.camera.empty()) {
            camera = track::load_intrinsics(o.camera);
        } else {
            camera = track::CameraIntrinsics::from_field_of_view(first_frame.size(), o.fov_deg);
            std::cerr << fmt::format("warning: no --camera calibration; intrinsics guessed from a {:.0f} deg field of "
                                     "view: angles are approximate (column intrinsics_guessed = 1)\n", o.fov_deg);
        }
        track::HeadPoseParams p;
        p.layout = o.band == "virtual-patient"
                       ? virtual_patient_headband()
                       : track::HeadbandLayout::cylinder(o.band_ids, o.band_marker_mm, o.band_radius_mm, o.band_step_deg);
        return track::make_head_frame_tracker(camera, p, rate_hz);
    }
    if (o.tracker == "hand") {
        track::FingertipParams p;
        if (o.hand_mode == "aruco") {
            p.mode = track::FingertipParams::Mode::Aruco;
            p.marker_id = o.marker_id;
        } else {
            p.colour = track::learn_marker_colour(first_frame, region_option(o.colour_region));
        }
        std::optional<track::PlaneScale> scale;
        if (o.reference_id >= 0) {
            scale = track::plane_scale_from_marker(track::grey_frame(first_frame, 0), o.reference_id, o.reference_cm);
            if (!scale)
                throw_bad_input(o.in + ", frame 0", "the reference marker " + std::to_string(o.reference_id) + " is not visible",
                                "the reference marker in view in the first frame");
        }
        return track::make_hand_frame_tracker(p, scale, rate_hz);
    }
    if (o.tracker == "eye") {
        // Uncalibrated: the rows carry the eye offsets within the face; degrees need the 5- or
        // 9-point calibration of a session (GazeCalibration), which a bare video does not have.
        return track::make_eye_frame_tracker(track::FaceEyeParams{}, std::nullopt, rate_hz);
    }
    throw_bad_input("--tracker", "unknown tracker '" + o.tracker + "'", "pupil, eye, head or hand");
}

std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{:.4f}", v) : std::string(); }

void run_track(const TrackOptions& o) {
    capture::VideoFileSource video(o.in);
    const double rate_hz = video.nominal_rate_hz() > 0 ? video.nominal_rate_hz() : 30.0;
    auto first = video.next();
    if (!first)
        throw_bad_input(o.in + ", frame 0", "the video has no readable frame (empty or corrupt)",
                        "at least one decodable frame");
    std::unique_ptr<track::FrameTracker> tracker;
    try {
        tracker = make_tracker(o, rate_hz, first->image);
    } catch (const Error& e) {
        throw Error(e.kind(), e.message(), e.where().rfind(o.in, 0) == 0 ? e.where() : o.in + ", " + e.where(), e.expected());
    }
    std::ofstream out(o.out);
    if (!out) throw_bad_input(o.out, "the CSV file cannot be written", "a writable path");
    out << "frame,t_s";
    for (const auto& c : tracker->value_columns()) out << ',' << c;
    out << ",state,confidence\n";
    cv::VideoWriter writer;
    long tracked = 0, frames = 0;
    for (auto frame = first; frame; frame = video.next()) {
        ++frames;
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
                if (!writer.open(o.overlay, cv::CAP_FFMPEG, fourcc, rate_hz, overlay.size()) &&
                    !writer.open(o.overlay, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), rate_hz, overlay.size()))
                    throw_bad_input(o.overlay, "the overlay video cannot be written", "a writable .mkv or .avi path");
            }
            writer.write(overlay);
        }
    }
    if (video.state() == capture::SourceState::Failed)
        throw_bad_input(o.in + ", frame " + std::to_string(frames), "the video broke off: " + video.error(),
                        "a complete video file (the rows before this frame were written)");
    std::cout << fmt::format("{}: {} frames, {} tracked ({:.1f}%), {} rows written to {}\n", o.tracker, frames, tracked,
                             100.0 * tracked / frames, frames, o.out);
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
    cmd->add_option("--camera", options->camera, "head: camera intrinsics (YAML from calibrate-camera)");
    cmd->add_option("--fov-deg", options->fov_deg, "head: horizontal field of view when no --camera is given (warning)");
    cmd->add_option("--band", options->band,
                    "head: cylinder (the --band-* options) | virtual-patient (the simulated patient's band, for videos "
                    "the app recorded of it)")
        ->check(CLI::IsMember({"cylinder", "virtual-patient"}));
    cmd->add_option("--band-ids", options->band_ids, "head: headband marker ids, left to right as the camera sees them");
    cmd->add_option("--band-marker-mm", options->band_marker_mm, "head: printed marker side (mm)");
    cmd->add_option("--band-radius-mm", options->band_radius_mm, "head: radius of the band around the head (mm)");
    cmd->add_option("--band-step-deg", options->band_step_deg, "head: angle between neighbouring markers (deg)");
    cmd->add_option("--hand-mode", options->hand_mode, "hand: colour | aruco")->check(CLI::IsMember({"colour", "aruco"}));
    cmd->add_option("--colour-region", options->colour_region, "hand: x y w h of the marker in the first frame")->expected(4);
    cmd->add_option("--marker-id", options->marker_id, "hand: fingertip ArUco id (aruco mode)");
    cmd->add_option("--reference-id", options->reference_id, "hand: reference marker id lying in the movement plane");
    cmd->add_option("--reference-cm", options->reference_cm, "hand: printed side of the reference marker (cm)");
    cmd->callback([options] { run_track(*options); });
});

struct CalibrateOptions {
    std::string in, out;
    int squares_x = 5, squares_y = 7;
    double square_mm = 30, marker_mm = 22;
    int every = 5;  // use every n-th frame (neighbouring frames add little)
};

void run_calibrate(const CalibrateOptions& o) {
    capture::VideoFileSource video(o.in);
    track::CharucoBoardSpec board;
    board.squares_x = o.squares_x, board.squares_y = o.squares_y, board.square_mm = o.square_mm, board.marker_mm = o.marker_mm;
    track::CharucoCalibrator calibrator(board);
    long frames = 0;
    while (auto frame = video.next()) {
        ++frames;
        if (frame->index % std::max(1, o.every) != 0) continue;
        try {
            calibrator.add_view(frame->image, frame->index);
        } catch (const Error& e) {
            throw Error(e.kind(), e.message(), o.in + ", " + e.where(), e.expected());
        }
    }
    if (video.state() == capture::SourceState::Failed)
        throw_bad_input(o.in + ", frame " + std::to_string(frames), "the video broke off: " + video.error(),
                        "a complete video file");
    const track::CameraIntrinsics c = calibrator.calibrate();
    track::save_intrinsics(o.out, c);
    std::cout << fmt::format("calibrated from {} views: fx {:.1f} fy {:.1f} cx {:.1f} cy {:.1f}, RMS reprojection {:.3f} px -> {}\n",
                             c.frames_used, c.camera_matrix(0, 0), c.camera_matrix(1, 1), c.camera_matrix(0, 2),
                             c.camera_matrix(1, 2), c.rms_reprojection_px, o.out);
}

const bool registered_calibrate = register_command(61, [](CLI::App& app, GlobalOptions&) {
    auto options = std::make_shared<CalibrateOptions>();
    auto* cmd = app.add_subcommand("calibrate-camera", "Camera intrinsics from a video of a printed ChArUco board (DICT_4X4_50)");
    cmd->add_option("--in", options->in, "video of the board moved in front of the camera")->required();
    cmd->add_option("--out", options->out, "intrinsics YAML to write")->required();
    cmd->add_option("--squares-x", options->squares_x, "board squares across");
    cmd->add_option("--squares-y", options->squares_y, "board squares down");
    cmd->add_option("--square-mm", options->square_mm, "printed square side (mm)");
    cmd->add_option("--marker-mm", options->marker_mm, "printed marker side (mm)");
    cmd->add_option("--every", options->every, "use every n-th frame");
    cmd->callback([options] { run_calibrate(*options); });
});

}  // namespace
}  // namespace purkinje::cli
