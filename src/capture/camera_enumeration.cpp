// Listing cameras and their modes straight from V4L2: OpenCV's videoio can open a camera but not say
// what it offers, and a clinic needs to see whether a camera can do 120 Hz before the patient arrives.

#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <regex>

#include "purkinje/capture/camera.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::capture {
namespace {

int xioctl(int fd, unsigned long request, void* argument) {
    int result;
    do {
        result = ::ioctl(fd, request, argument);
    } while (result == -1 && errno == EINTR);
    return result;
}

class DeviceHandle {
public:
    explicit DeviceHandle(const std::filesystem::path& path) : fd_(::open(path.c_str(), O_RDWR | O_NONBLOCK)) {}
    ~DeviceHandle() {
        if (fd_ >= 0) ::close(fd_);
    }
    DeviceHandle(const DeviceHandle&) = delete;
    DeviceHandle& operator=(const DeviceHandle&) = delete;
    int fd() const { return fd_; }

private:
    int fd_;
};

std::string text_of(const __u8* bytes, std::size_t size) {
    const auto* chars = reinterpret_cast<const char*>(bytes);
    return std::string(chars, strnlen(chars, size));
}

void add_rates(int fd, std::uint32_t pixel_format, int width, int height, CameraMode& mode) {
    v4l2_frmivalenum interval{};
    interval.pixel_format = pixel_format;
    interval.width = static_cast<__u32>(width);
    interval.height = static_cast<__u32>(height);
    for (interval.index = 0; xioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, &interval) == 0; ++interval.index) {
        if (interval.type == V4L2_FRMIVAL_TYPE_DISCRETE) {
            if (interval.discrete.numerator > 0) {
                mode.rates_hz.push_back(static_cast<double>(interval.discrete.denominator) /
                                        interval.discrete.numerator);
            }
        } else {
            // Continuous or stepwise: the fastest rate is 1 / the shortest interval.
            const auto& range = interval.stepwise;
            if (range.min.numerator > 0 && range.max.numerator > 0) {
                mode.rates_hz = {static_cast<double>(range.max.denominator) / range.max.numerator,
                                 static_cast<double>(range.min.denominator) / range.min.numerator};
                mode.rate_range = true;
            }
            break;
        }
    }
    std::sort(mode.rates_hz.begin(), mode.rates_hz.end(), std::greater<>());
}

}  // namespace

double CameraMode::max_rate_hz() const {
    return rates_hz.empty() ? 0 : *std::max_element(rates_hz.begin(), rates_hz.end());
}

std::string fourcc_text(std::uint32_t fourcc) {
    std::string text;
    for (int shift = 0; shift < 32; shift += 8) {
        const char c = static_cast<char>((fourcc >> shift) & 0xff);
        text += (c >= 32 && c < 127) ? c : '?';
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

std::filesystem::path camera_device(int index) { return "/dev/video" + std::to_string(index); }

CameraInfo query_camera(const std::filesystem::path& device) {
    const std::string name = device.string();
    std::error_code ec;
    if (!std::filesystem::exists(device, ec)) {
        throw_not_found(name, "there is no camera at this device path (purkinje-cli cameras lists the cameras)");
    }
    DeviceHandle handle(device);
    if (handle.fd() < 0) {
        throw Error(ErrorKind::Device, std::string("the camera cannot be opened: ") + std::strerror(errno), name,
                    "a camera that is not in use by another program and that this user may read (group 'video')");
    }
    v4l2_capability capability{};
    if (xioctl(handle.fd(), VIDIOC_QUERYCAP, &capability) != 0) {
        throw Error(ErrorKind::Device, "this device is not a V4L2 video device", name, "a /dev/videoN camera");
    }
    const __u32 caps = (capability.capabilities & V4L2_CAP_DEVICE_CAPS) ? capability.device_caps
                                                                        : capability.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE)) {
        throw Error(ErrorKind::Device, "this V4L2 device does not capture video (a metadata or output node)", name,
                    "a video capture node");
    }
    CameraInfo info;
    info.device = device;
    info.name = text_of(capability.card, sizeof capability.card);
    info.driver = text_of(capability.driver, sizeof capability.driver);
    info.bus = text_of(capability.bus_info, sizeof capability.bus_info);
    std::smatch match;
    const std::string filename = device.filename().string();
    if (std::regex_match(filename, match, std::regex("video([0-9]+)"))) info.index = std::stoi(match[1]);

    v4l2_fmtdesc format{};
    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    for (format.index = 0; xioctl(handle.fd(), VIDIOC_ENUM_FMT, &format) == 0; ++format.index) {
        v4l2_frmsizeenum size{};
        size.pixel_format = format.pixelformat;
        for (size.index = 0; xioctl(handle.fd(), VIDIOC_ENUM_FRAMESIZES, &size) == 0; ++size.index) {
            std::vector<std::pair<int, int>> sizes;
            if (size.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
                sizes.emplace_back(size.discrete.width, size.discrete.height);
            } else {
                // A range of sizes: list its ends; any size in between can be asked for.
                sizes.emplace_back(size.stepwise.min_width, size.stepwise.min_height);
                sizes.emplace_back(size.stepwise.max_width, size.stepwise.max_height);
            }
            for (const auto& [width, height] : sizes) {
                CameraMode mode;
                mode.pixel_format = fourcc_text(format.pixelformat);
                mode.format_description = text_of(format.description, sizeof format.description);
                mode.compressed = (format.flags & V4L2_FMT_FLAG_COMPRESSED) != 0;
                mode.width = width;
                mode.height = height;
                add_rates(handle.fd(), format.pixelformat, width, height, mode);
                info.modes.push_back(std::move(mode));
            }
            if (size.type != V4L2_FRMSIZE_TYPE_DISCRETE) break;
        }
    }
    return info;
}

std::vector<CameraInfo> list_cameras() {
    std::vector<CameraInfo> cameras;
    std::error_code ec;
    const std::regex pattern("video([0-9]+)");
    for (const auto& entry : std::filesystem::directory_iterator("/dev", ec)) {
        std::smatch match;
        const std::string filename = entry.path().filename().string();
        if (!std::regex_match(filename, match, pattern)) continue;
        try {
            cameras.push_back(query_camera(entry.path()));
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Device && e.message().find("cannot be opened") != std::string::npos) {
                CameraInfo busy;
                busy.device = entry.path();
                busy.index = std::stoi(match[1]);
                busy.name = "(" + e.message() + ")";
                cameras.push_back(std::move(busy));
            }
            // Metadata nodes and non-capture devices are not cameras: leave them out.
        }
    }
    std::sort(cameras.begin(), cameras.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
    return cameras;
}

}  // namespace purkinje::capture
