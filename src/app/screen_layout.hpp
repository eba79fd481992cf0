#pragma once
// Where the stimulus window puts its ArUco corner markers, for a window of a given size: one rule for
// the window that draws them and the screen homography that looks for them.

#include <opencv2/core.hpp>

#include "purkinje/track/screen.hpp"

namespace purkinje::app {

// Side of each corner marker (px): a sixth of the shorter side, at least 48 px.
int stimulus_marker_px(cv::Size window_px);
// The white quiet zone around each marker: a quarter of its side. ArUco (OpenCV 4.6) drops the nearer
// of two nested candidates closer than 5 % of the perimeter, i.e. 0.2 x the side at the corners: with a
// narrower zone the zone's own outline would win over the marker once the screen does not fill the
// camera image (an eighth, 0.18 x the side, was found to fail).
int stimulus_marker_quiet_px(int marker_px);
// The markers (ids 0-3 clockwise from top-left), each inset by its quiet zone.
track::ScreenMarkerLayout stimulus_marker_layout(cv::Size window_px);

}  // namespace purkinje::app
