#pragma once
// Live cameras through V4L2. Enumeration reads the driver directly (VIDIOC_QUERYCAP, ENUM_FMT,
// ENUM_FRAMESIZES, ENUM_FRAMEINTERVALS) because OpenCV cannot list what a camera offers; capture goes
// through OpenCV's V4L2 backend. Frame times are the driver's buffer timestamps where the driver gives
// them (stamped by the driver as the frame arrives, not when our thread got round to reading it), else
// the steady clock read at grab; each frame says which.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/videoio.hpp>

#include "purkinje/capture/frame_source.hpp"

namespace purkinje::capture {

// One size in one pixel format, with the frame rates the driver offers for it.
struct CameraMode {
    std::string pixel_format;  // four characters: "MJPG", "YUYV", "GREY", ...
    std::string format_description;
    int width = 0;
    int height = 0;
    std::vector<double> rates_hz;  // discrete rates; for a stepwise range, its minimum and maximum
    bool rate_range = false;       // rates_hz holds {min, max} of a continuous/stepwise range
    bool compressed = false;

    double max_rate_hz() const;
};

struct CameraInfo {
    int index = -1;               // N of /dev/videoN (the number `record --camera N` takes)
    std::filesystem::path device;
    std::string name;             // the card name the driver gives ("HD Pro Webcam C920")
    std::string driver;
    std::string bus;
    std::vector<CameraMode> modes;
};

// Every V4L2 video capture device on this machine (metadata-only nodes are skipped), sorted by index.
// An empty list means no camera; devices that cannot be opened (busy, no permission) are listed with
// the reason as their name rather than hidden.
std::vector<CameraInfo> list_cameras();

// The modes of one device. Throws purkinje::Error: NotFound for a path that does not exist, Device for
// something that is not a V4L2 capture device.
CameraInfo query_camera(const std::filesystem::path& device);

struct CameraSettings {
    std::filesystem::path device = "/dev/video0";
    cv::Size size{640, 480};
    double rate_hz = 30;
    // Four characters, or empty to choose: MJPG when the wanted rate needs it (uncompressed YUYV cannot
    // carry more than about 30 Hz at 640x480 over USB 2), else the driver's default.
    std::string pixel_format;
    std::optional<double> exposure_ms;  // manual exposure; nullopt leaves the camera's automatic exposure
    std::optional<double> gain;         // driver units; nullopt leaves it
    bool grey = false;                  // deliver 1-channel frames (infrared eye cameras)
};

class CameraSource final : public FrameSource {
public:
    // Opens and configures the camera and checks that it delivers a first frame. Throws purkinje::Error:
    // NotFound when the device does not exist, Device when it cannot be opened or gives no frame.
    explicit CameraSource(CameraSettings settings);

    std::optional<Frame> next() override;
    SourceState state() const override { return state_; }
    std::string error() const override { return error_; }
    double nominal_rate_hz() const override { return rate_hz_; }
    cv::Size frame_size() const override { return size_; }
    std::string describe() const override;

    const std::string& pixel_format() const { return pixel_format_; }
    // Settings the driver did not take as asked (size, rate, exposure, gain), in plain sentences.
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    CameraSettings settings_;
    cv::VideoCapture capture_;
    std::string name_;
    std::string pixel_format_;
    cv::Size size_;
    double rate_hz_ = 0;
    std::vector<std::string> warnings_;
    std::int64_t next_index_ = 0;
    std::optional<double> first_driver_ms_;
    std::optional<double> first_steady_s_;
    double last_driver_ms_ = 0;
    bool driver_times_ = true;   // until the driver shows it has none
    SourceState state_ = SourceState::Running;
    std::string error_;
    cv::Mat first_image_;  // the frame that proved the camera works, handed out first
};

// The device path of camera N: /dev/videoN.
std::filesystem::path camera_device(int index);

// "MJPG" from a V4L2 fourcc code, and back.
std::string fourcc_text(std::uint32_t fourcc);

}  // namespace purkinje::capture
