#pragma once
// Building blocks of the pupil detector, shared by its translation units and its tests.

#include <functional>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "purkinje/track/pupil.hpp"

namespace purkinje::track::detail {

struct PupilRadiusRange {
    double min_px, max_px;
};

// The refinement passes from a start ellipse (the first fit, or the last frame's pupil while
// tracking), then the result with its confidence and state. Fails (found_ellipse false) when no
// pupil border lies near the start ellipse.
PupilResult refine_fit(const cv::Mat& grey, const PupilParams& params, const PupilRadiusRange& range,
                       cv::RotatedRect start, double pupil_level, double iris_level);

struct CoarseBlob {
    bool found = false;
    cv::Point2d centre{0, 0};
    double radius_px = 0;
    double contrast = 0;    // ring mean - inner mean (grey levels)
    double inner_mean = 0;
    double ring_mean = 0;
};

// Up to `max_candidates` separate dark blobs, best first.
std::vector<CoarseBlob> coarse_dark_blobs(const cv::Mat& grey, const cv::Rect& roi, double min_radius_px,
                                          double max_radius_px, int max_candidates);
// Centroid of the dark connected region around a coarse blob (a better start for the rays).
cv::Point2d dark_region_centroid(const cv::Mat& grey, const CoarseBlob& blob, double threshold);

// The q-quantile of the grey levels in a square around `centre`.
double percentile_in_box(const cv::Mat& grey, cv::Point2d centre, double half_size, double q);

struct RaySearch {
    int ray_count = 72;
    double max_length_px = 100;   // first pass: how far a ray looks
    double threshold = 128;       // pupil/iris decision level
    double pupil_level = 0;
    double glint_level = 255;     // brighter than this near the border = a glint
    double min_edge_contrast = 8;
    int hold_px = 3;              // how long the bright side must stay bright
    // Second pass: the predicted border distance for a ray angle, and the half-width searched.
    std::function<double(double)> expected;
    double window_px = 3;
};

struct RayEdges {
    std::vector<cv::Point2f> points;
    std::vector<double> angles;
    std::vector<float> outside_levels;
    int glint_rays = 0;
    int cut_rays = 0;  // rays that left the image
    int straight_rays = 0;  // dropped as part of a straight (eyelid) run
};

RayEdges cast_rays(const cv::Mat& grey, cv::Point2d centre, const RaySearch& search);

// Indices of the edge points that are not part of a straight run (a lid margin, not a pupil).
std::vector<int> drop_straight_runs(const std::vector<cv::Point2f>& points, const std::vector<double>& angles,
                                    double ray_step);

// Approximate geometric distance from a point to an ellipse (along the centre ray).
double ellipse_distance(const cv::RotatedRect& ellipse, cv::Point2f point);
// Distance from an inside point to the ellipse border along a direction.
double ellipse_radius_along(const cv::RotatedRect& ellipse, cv::Point2d from, double angle);
bool plausible_ellipse(const cv::RotatedRect& ellipse, double min_radius, double max_radius);

// RANSAC over five-point ellipses, then a least-squares fit on the inliers.
std::optional<cv::RotatedRect> ransac_ellipse(const std::vector<cv::Point2f>& points, double tolerance,
                                              double min_radius, double max_radius, std::vector<int>& inliers);

}  // namespace purkinje::track::detail
