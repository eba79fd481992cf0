#pragma once
// Sub-pixel drawing helpers shared by the renderers (private to sim): polygons filled by exact
// area coverage, and anti-aliased lines with vertices in 8-bit fixed point (OpenCV's `shift`), so
// a shape keeps its centre and area to a small fraction of a pixel.

#include <vector>

#include <opencv2/core.hpp>

namespace purkinje::sim::detail {

inline constexpr int kShift = 8;  // fractional bits of every vertex handed to OpenCV

cv::Point fixed_point(cv::Point2d p);
// Filled polygon, each pixel blended by the fraction of it the polygon covers (8-bit, 1 or 3
// channels; non-zero winding).
void fill_polygon(cv::Mat& image, const std::vector<cv::Point2d>& points, const cv::Scalar& colour);
// Several contours filled as one shape (non-zero winding: a contour running the other way cuts
// a hole).
void fill_contours(cv::Mat& image, const std::vector<std::vector<cv::Point2d>>& contours,
                   const cv::Scalar& colour);
void draw_line(cv::Mat& image, cv::Point2d a, cv::Point2d b, const cv::Scalar& colour, int thickness = 1);
// Points of an ellipse with semi-axis `a` along `angle_rad` and `b` across it, `n` of them.
std::vector<cv::Point2d> ellipse_points(cv::Point2d centre, double a, double b, double angle_rad,
                                        int n = 360);
void fill_ellipse(cv::Mat& image, cv::Point2d centre, double a, double b, double angle_rad,
                  const cv::Scalar& colour);

}  // namespace purkinje::sim::detail
