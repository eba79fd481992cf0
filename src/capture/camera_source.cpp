#include <cmath>
#include <sstream>

#include <opencv2/imgproc.hpp>

#include "purkinje/capture/camera.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::capture {
namespace {

// Picks the pixel format: the one asked for, else MJPG when the wanted rate is above what the
// driver offers uncompressed at that size (USB 2 bandwidth), else the driver's default.
std::string choose_pixel_format(const CameraInfo& info, const CameraSettings& settings) {
    if (!settings.pixel_format.empty()) return settings.pixel_format;
    double best_uncompressed = 0, best_mjpg = 0;
    for (const auto& mode : info.modes) {
        if (mode.width != settings.size.width || mode.height != settings.size.height) continue;
        if (mode.pixel_format == "MJPG") best_mjpg = std::max(best_mjpg, mode.max_rate_hz());
        else if (!mode.compressed) best_uncompressed = std::max(best_uncompressed, mode.max_rate_hz());
    }
    if (best_uncompressed + 0.5 < settings.rate_hz && best_mjpg > best_uncompressed) return "MJPG";
    return {};
}

int fourcc_code(const std::string& text) {
    const std::string padded = (text + "    ").substr(0, 4);
    return cv::VideoWriter::fourcc(padded[0], padded[1], padded[2], padded[3]);
}

}  // namespace

CameraSource::CameraSource(CameraSettings settings) : settings_(std::move(settings)) {
    const std::string device = settings_.device.string();
    const CameraInfo info = query_camera(settings_.device);  // NotFound / Device errors, with the path
    name_ = info.name;
    const std::string format = choose_pixel_format(info, settings_);

    const bool opened = info.index >= 0 ? capture_.open(info.index, cv::CAP_V4L2) : capture_.open(device, cv::CAP_V4L2);
    if (!opened || !capture_.isOpened()) {
        throw Error(ErrorKind::Device, "OpenCV's V4L2 backend could not open the camera", device,
                    "a camera not in use by another program");
    }
    // Order matters to V4L2: format first, then size, then rate (each may reset the next).
    if (!format.empty() && !capture_.set(cv::CAP_PROP_FOURCC, fourcc_code(format))) {
        warnings_.push_back("the camera refused pixel format " + format);
    }
    capture_.set(cv::CAP_PROP_FRAME_WIDTH, settings_.size.width);
    capture_.set(cv::CAP_PROP_FRAME_HEIGHT, settings_.size.height);
    capture_.set(cv::CAP_PROP_FPS, settings_.rate_hz);
    if (settings_.exposure_ms) {
        // V4L2: auto exposure 1 = manual; exposure_absolute counts 100 microsecond units.
        const bool manual = capture_.set(cv::CAP_PROP_AUTO_EXPOSURE, 1);
        const bool exposure = capture_.set(cv::CAP_PROP_EXPOSURE, *settings_.exposure_ms * 10.0);
        if (!manual || !exposure) {
            warnings_.push_back("the camera does not allow a manual exposure of " +
                                std::to_string(*settings_.exposure_ms) + " ms");
        }
        if (*settings_.exposure_ms * 1e-3 > 1.0 / std::max(1.0, settings_.rate_hz)) {
            warnings_.push_back("an exposure longer than the frame interval lowers the frame rate");
        }
    }
    if (settings_.gain && !capture_.set(cv::CAP_PROP_GAIN, *settings_.gain)) {
        warnings_.push_back("the camera does not allow setting the gain");
    }

    size_ = {static_cast<int>(capture_.get(cv::CAP_PROP_FRAME_WIDTH)),
             static_cast<int>(capture_.get(cv::CAP_PROP_FRAME_HEIGHT))};
    rate_hz_ = capture_.get(cv::CAP_PROP_FPS);
    if (!(rate_hz_ > 0)) rate_hz_ = settings_.rate_hz;
    pixel_format_ = fourcc_text(static_cast<std::uint32_t>(capture_.get(cv::CAP_PROP_FOURCC)));
    if (size_ != settings_.size) {
        std::ostringstream text;
        text << "asked for " << settings_.size.width << "x" << settings_.size.height << ", the camera gives "
             << size_.width << "x" << size_.height;
        warnings_.push_back(text.str());
    }
    if (std::abs(rate_hz_ - settings_.rate_hz) > 0.5) {
        std::ostringstream text;
        text << "asked for " << settings_.rate_hz << " Hz, the camera promises " << rate_hz_ << " Hz";
        warnings_.push_back(text.str());
    }

    // A first frame proves the camera works before a trial depends on it.
    auto first = next();
    if (!first) {
        throw Error(ErrorKind::Device, "the camera opened but delivered no frame: " + error_, device,
                    "a working camera (check the cable and that no other program uses it)");
    }
    first_image_ = first->image;
    size_ = first_image_.size();
    next_index_ = 0;  // the check frame is handed out as frame 0 by the first next()
}

std::optional<Frame> CameraSource::next() {
    if (state_ != SourceState::Running) return std::nullopt;
    Frame frame;
    if (!first_image_.empty()) {
        frame.image = first_image_;
        first_image_.release();
        frame.index = next_index_++;
        frame.t_s = 0;
        frame.origin = driver_times_ ? TimestampOrigin::Driver : TimestampOrigin::SteadyClock;
        return frame;
    }
    bool grabbed = false;
    try {
        grabbed = capture_.grab();
    } catch (const cv::Exception&) {
        grabbed = false;
    }
    const double steady_s = steady_now_s();
    if (!grabbed) {
        state_ = SourceState::Failed;
        error_ = settings_.device.string() + ": the camera stopped delivering frames after " +
                 std::to_string(next_index_) + " frames (unplugged, or its driver failed)";
        return std::nullopt;
    }
    // On V4L2, POS_MSEC is the buffer's timestamp from the driver (CLOCK_MONOTONIC, taken when the
    // frame was complete). Zero or a time that does not advance means the driver does not stamp.
    const double driver_ms = capture_.get(cv::CAP_PROP_POS_MSEC);
    cv::Mat image;
    try {
        capture_.retrieve(image);
    } catch (const cv::Exception&) {
        image.release();
    }
    if (image.empty()) {
        state_ = SourceState::Failed;
        error_ = settings_.device.string() + ": frame " + std::to_string(next_index_) + " could not be decoded";
        return std::nullopt;
    }
    if (settings_.grey && image.channels() == 3) cv::cvtColor(image, image, cv::COLOR_BGR2GRAY);

    if (!first_steady_s_) {
        first_steady_s_ = steady_s;
        if (driver_ms > 0 && std::isfinite(driver_ms)) first_driver_ms_ = driver_ms; else driver_times_ = false;
        last_driver_ms_ = driver_ms;
    } else if (driver_times_ && !(driver_ms > last_driver_ms_)) {
        driver_times_ = false;  // from here on the steady clock; the origin column shows the switch
    }
    if (driver_times_) {
        frame.t_s = (driver_ms - *first_driver_ms_) / 1000.0;
        frame.origin = TimestampOrigin::Driver;
        last_driver_ms_ = driver_ms;
    } else {
        frame.t_s = steady_s - *first_steady_s_;
        frame.origin = TimestampOrigin::SteadyClock;
    }
    frame.image = image;
    frame.index = next_index_++;
    return frame;
}

std::string CameraSource::describe() const {
    std::ostringstream text;
    text << "camera " << settings_.device.string() << " \"" << name_ << "\", " << size_.width << "x" << size_.height
         << " " << pixel_format_ << ", " << rate_hz_ << " Hz nominal, " << (settings_.grey ? "grey" : "colour");
    if (settings_.exposure_ms) text << ", exposure " << *settings_.exposure_ms << " ms";
    if (settings_.gain) text << ", gain " << *settings_.gain;
    return text.str();
}

}  // namespace purkinje::capture
