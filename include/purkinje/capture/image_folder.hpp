#pragma once
// A folder of images with a timestamp file as a FrameSource: how high-speed cameras and many research
// eye trackers export, and the simplest format to hand-check. The timestamp file (the sidecar format of
// timestamps.hpp) either names each image in its `file` column, or lists one row per image in the
// order of their sorted file names.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/capture/frame_source.hpp"
#include "purkinje/capture/pacing.hpp"
#include "purkinje/capture/timestamps.hpp"

namespace purkinje::capture {

struct ImageFolderOptions {
    std::filesystem::path timestamps;  // empty: "<folder>/timestamps.csv"
    ReplayPace pace = ReplayPace::AsFastAsPossible;
    std::optional<bool> grey;          // nullopt: as the sidecar's "channels" says, else as the images are
};

class ImageFolderSource final : public FrameSource {
public:
    // Checks the folder, the timestamp file and that every image it names exists, and reads the first
    // image; any problem is a purkinje::Error naming the folder or file.
    explicit ImageFolderSource(const std::filesystem::path& folder, ImageFolderOptions options = {});

    std::optional<Frame> next() override;
    SourceState state() const override { return state_; }
    std::string error() const override { return error_; }
    double nominal_rate_hz() const override { return nominal_rate_hz_; }
    cv::Size frame_size() const override { return frame_size_; }
    std::string describe() const override;

    std::size_t frame_count() const { return table_.frames.size(); }

private:
    cv::Mat load(std::size_t position, std::string& problem) const;

    std::filesystem::path folder_;
    ImageFolderOptions options_;
    TimestampTable table_;
    std::vector<std::filesystem::path> images_;
    std::optional<bool> grey_;
    double nominal_rate_hz_ = 0;
    cv::Size frame_size_;
    std::size_t position_ = 0;
    SourceState state_ = SourceState::Running;
    std::string error_;
    Pacer pacer_{ReplayPace::AsFastAsPossible};
};

// Image files a folder source reads, by extension (lower case): png, jpg, jpeg, bmp, tif, tiff, pgm, ppm.
bool is_image_file(const std::filesystem::path& path);

}  // namespace purkinje::capture
