#include <limits>

#include "purkinje/track/pupil.hpp"

namespace purkinje::track {
namespace {

class PupilFrameTracker final : public FrameTracker {
public:
    PupilFrameTracker(PupilParams params, double rate)
        : tracker_(params), channel_(make_pupil_channel(rate, params.mm_per_px > 0)) {}

    std::vector<std::string> value_columns() const override {
        return {"x_px", "y_px", "diameter_px", "diameter_mm", "major_px", "minor_px", "angle_deg"};
    }

    TrackedRow process(const capture::Frame& frame, cv::Mat* overlay) override {
        const PupilResult r = tracker_.track(frame.image, frame.index);
        append_pupil_sample(channel_, frame.t_s, r);
        if (overlay) draw_pupil(*overlay, r);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        TrackedRow row;
        row.state = r.state;
        const bool usable = r.found_ellipse && r.state != TrackState::Blink;
        row.confidence = usable ? r.confidence : 0.0;
        if (!usable) {
            row.values.assign(7, nan);
            return row;
        }
        row.values = {r.centre_px.x,
                      r.centre_px.y,
                      r.diameter_px,
                      r.diameter_mm > 0 ? r.diameter_mm : nan,
                      std::max(r.ellipse.size.width, r.ellipse.size.height),
                      std::min(r.ellipse.size.width, r.ellipse.size.height),
                      r.ellipse.angle};
        return row;
    }

    std::vector<Channel> channels() const override { return {channel_}; }

private:
    PupilTracker tracker_;
    Channel channel_;
};

}  // namespace

std::unique_ptr<FrameTracker> make_pupil_frame_tracker(PupilParams params, double nominal_rate_hz) {
    return std::make_unique<PupilFrameTracker>(params, nominal_rate_hz);
}

}  // namespace purkinje::track
