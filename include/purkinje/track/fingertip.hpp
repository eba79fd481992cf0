#pragma once
// Fingertip tracking for the hand tasks (finger chase, nose-finger, fast alternating movements):
// a coloured marker (thimble or sticker; its HSV range learnt from a region the clinician selects)
// or a small ArUco marker on the fingertip. The centre is a sub-pixel centroid (colour) or the
// intersection of the marker's diagonals (ArUco). Centimetres come from a PlaneScale: a reference
// marker of known printed size lying in the movement plane, or the four ArUco markers drawn in the
// stimulus window's corners (camera-to-screen homography).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

#include <opencv2/core.hpp>

#include "purkinje/core/channel.hpp"
#include "purkinje/track/frame_tracker.hpp"
#include "purkinje/track/markers.hpp"
#include "purkinje/track/track_state.hpp"

namespace purkinje::track {

// An HSV box (OpenCV ranges: H 0-179, S and V 0-255); hue may wrap around red.
struct HsvRange {
    int hue_low = 0, hue_high = 179;  // hue_low > hue_high means the range wraps through 0
    int saturation_low = 80, saturation_high = 255;
    int value_low = 60, value_high = 255;
    bool contains(const cv::Vec3b& hsv) const;
};

// Learns the marker's colour from a region that shows mostly the marker (BGR image): the hue,
// saturation and value spread of its pixels, widened by a margin. Throws BadInput naming the region
// when it is empty, outside the image or shows no saturated colour.
HsvRange learn_marker_colour(const cv::Mat& bgr, const cv::Rect& region);

// Image pixels to plane centimetres.
struct PlaneScale {
    cv::Matx33d px_to_cm = cv::Matx33d::eye();
    std::string method;  // "reference marker 5.00 cm (id 7)", "screen corners (ids 40-43)"
    cv::Point2d to_cm(cv::Point2d px) const;
};

// A reference marker of known printed side (cm) lying in the movement plane; nullopt when not seen.
std::optional<PlaneScale> plane_scale_from_marker(const cv::Mat& grey, int marker_id, double side_cm,
                                                  int dictionary = kDefaultDictionary);
// The stimulus window's corner markers: `ids` top-left, top-right, bottom-right, bottom-left, and
// the screen positions (cm) of their centres. nullopt unless all four are seen.
std::optional<PlaneScale> plane_scale_from_screen(const cv::Mat& grey, const std::array<int, 4>& ids,
                                                  const std::array<cv::Point2d, 4>& centres_cm,
                                                  int dictionary = kDefaultDictionary);

struct FingertipParams {
    enum class Mode { Colour, Aruco } mode = Mode::Colour;
    HsvRange colour;                 // colour mode
    int marker_id = 10;              // ArUco mode
    int dictionary = kDefaultDictionary;
    double min_area_px = 12;         // smaller colour blobs are noise
    double search_radius_px = 80;    // tracking window half-size around the last position
};

struct FingertipResult {
    TrackState state = TrackState::OutOfView;
    double confidence = 0;
    cv::Point2d centre_px{0, 0};
    std::optional<cv::Point2d> centre_cm;
    double area_px = 0;              // colour mode: blob area; ArUco: marker area
    std::optional<DetectedMarker> marker;
};

class FingertipTracker {
public:
    explicit FingertipTracker(FingertipParams params, std::optional<PlaneScale> scale = std::nullopt);
    FingertipResult track(const cv::Mat& image, std::int64_t frame_index);
    const std::optional<PlaneScale>& scale() const { return scale_; }

private:
    FingertipResult track_colour(const cv::Mat& bgr);
    FingertipResult track_aruco(const cv::Mat& grey);
    FingertipParams params_;
    std::optional<PlaneScale> scale_;
    std::optional<cv::Point2d> last_px_;
    double last_area_ = 0;
};

// "hand" channel (core/names.hpp): x, y [cm] when a scale is known, else [px].
Channel make_hand_channel(double nominal_rate_hz, bool in_cm);
void append_hand_sample(Channel& channel, double t_s, const FingertipResult& result);
void draw_fingertip(cv::Mat& bgr, const FingertipResult& result);

// Rows: x_px, y_px, x_cm, y_cm (NaN without a scale), area_px.
std::unique_ptr<FrameTracker> make_hand_frame_tracker(FingertipParams params, std::optional<PlaneScale> scale,
                                                      double nominal_rate_hz);

}  // namespace purkinje::track
