#pragma once
// Raw video of a trial, kept next to the session so it can be re-analysed later by a newer tracker:
// lossless FFV1 in Matroska (grey frames stay 8-bit grey, colour frames BGR, both bit-exact), a
// timestamp sidecar with every frame's index, time and origin, and the video's SHA-256 for the store.
// Replaying a recording is a VideoFileSource on the .mkv (it finds the sidecar by name).

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <opencv2/videoio.hpp>

#include "purkinje/capture/frame_source.hpp"
#include "purkinje/capture/pacing.hpp"
#include "purkinje/capture/timestamps.hpp"
#include "purkinje/core/session.hpp"

namespace purkinje::capture {

// What the store keeps about a recorded trial video.
struct RecordedVideo {
    std::filesystem::path video;       // <folder>/<stem>.mkv
    std::filesystem::path timestamps;  // <folder>/<stem>.timestamps.csv
    std::string codec;                 // "FFV1"
    std::string sha256;                // of the video file's bytes, lower-case hex
    std::int64_t frames = 0;
    cv::Size size;
    int channels = 0;
    double nominal_rate_hz = 0;
    double first_t_s = 0;
    double last_t_s = 0;
};

struct RecordingOptions {
    std::string stem = "trial";                  // file names: <stem>.mkv, <stem>.timestamps.csv
    std::map<std::string, std::string> metadata;  // extra "# key: value" lines for the sidecar
    bool overwrite = false;                      // refuse to replace an existing recording unless true
};

class RecordingWriter {
public:
    // Creates the folder if needed and opens the video and the sidecar. `channels` is 1 (grey) or 3
    // (BGR); `source_description` is the FrameSource's describe() line, kept in the sidecar.
    RecordingWriter(const std::filesystem::path& folder, cv::Size size, int channels, double nominal_rate_hz,
                    const std::string& source_description, RecordingOptions options = {});
    ~RecordingWriter();
    RecordingWriter(const RecordingWriter&) = delete;
    RecordingWriter& operator=(const RecordingWriter&) = delete;

    // Appends a frame. Throws purkinje::Error for a frame of another size or channel count.
    void write(const Frame& frame);
    // Closes both files and hashes the video. Call once; the writer is done afterwards.
    RecordedVideo finish();

    std::int64_t frames_written() const { return result_.frames; }

private:
    cv::VideoWriter video_;
    TimestampWriter timestamps_;
    RecordedVideo result_;
    bool finished_ = false;
};

// Opens a recording for replay (the .mkv; its sidecar is found by name and is required here, since a
// recording without its times is not a faithful recording).
std::unique_ptr<FrameSource> open_recording(const std::filesystem::path& video,
                                            ReplayPace pace = ReplayPace::AsFastAsPossible);

// The store's record of a recorded video (core's TrialVideo). `view` is "eye", "face" or "hand"; paths
// inside `database_folder` are kept relative to it, so a database and its videos move together.
TrialVideo to_trial_video(const RecordedVideo& recorded, const std::string& view,
                          const std::filesystem::path& database_folder);

// Opens a stored trial video for re-analysis after checking that the file is the one recorded: its
// SHA-256 must match. Throws purkinje::Error naming the file when it is missing (NotFound) or its
// content changed (BadInput).
std::unique_ptr<FrameSource> open_trial_video(const TrialVideo& video, const std::filesystem::path& database_folder,
                                              ReplayPace pace = ReplayPace::AsFastAsPossible);

}  // namespace purkinje::capture
