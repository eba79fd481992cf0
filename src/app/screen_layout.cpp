#include "screen_layout.hpp"

#include <algorithm>

namespace purkinje::app {

int stimulus_marker_px(cv::Size window_px) { return std::max(48, std::min(window_px.width, window_px.height) / 6); }

int stimulus_marker_quiet_px(int marker_px) { return marker_px / 4; }

track::ScreenMarkerLayout stimulus_marker_layout(cv::Size window_px) {
    const int marker = stimulus_marker_px(window_px);
    return track::ScreenMarkerLayout::corner_markers(window_px, marker, stimulus_marker_quiet_px(marker));
}

}  // namespace purkinje::app
