#pragma once
// What the webcam views share (private to sim): printed ArUco markers warped into the frame, the
// room's lighting over time, and sensor noise from a per-seed bank (cheap enough for 120 fps).

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/sim/scene_renderers.hpp"

namespace purkinje::sim::detail {

// The printed marker: DICT_4X4_50 `id` with a white quiet zone of one cell, `cell_px` per cell
// (8 cells across in all; the black square spans cells 1 to 7).
cv::Mat printed_marker(int id, int cell_px = 12);

// Warps a printed marker onto `image` so that its outer (white) square lands on `quad`
// (top-left, top-right, bottom-right, bottom-left, frame px). Returns the truth of its black
// square (the corners an ArUco detector reports).
MarkerTruth warp_marker(cv::Mat& image, const cv::Mat& printed, int id, const std::array<cv::Point2d, 4>& quad,
                        double side_cm);

struct Lighting {
    std::vector<double> switch_times_s, switch_gains;
    static Lighting make(double strength, std::uint64_t seed);
    double gain(double t_s, double strength) const;
};

struct NoiseBank {
    std::vector<cv::Mat> up, down;
    static NoiseBank make(cv::Size size, int type, double sd, std::uint64_t seed, int count = 3);
    void apply(cv::Mat& image, std::int64_t frame_index) const;
};

// The room around the face and hand views: its lighting and the camera's noise.
struct RoomEffects {
    Lighting lighting;
    NoiseBank noise;
    double lighting_strength = 1;
    static std::shared_ptr<const RoomEffects> make(const SceneSettings& settings, std::uint64_t seed);
    // Applies lighting at t_s and the frame's noise; returns the lighting gain used.
    double apply(cv::Mat& image, double t_s, std::int64_t frame_index) const;
};

}  // namespace purkinje::sim::detail
