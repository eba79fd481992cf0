#pragma once
// The frame timestamp sidecar: one CSV row per frame, next to a video or inside an image folder.
// It is what makes a recording trustworthy later: a video container rounds times (Matroska to 1 ms)
// and may not keep irregular intervals at all, so the capture times travel beside it, written with
// 17 significant digits so they read back bit for bit.
//
// Format (docs/capture.md, "Timestamp sidecar"):
//   # purkinje frame timestamps, format 1
//   # key: value            (optional metadata lines: source, nominal_rate_hz, channels, video, ...)
//   index,t_s,origin[,file]
//   0,0,driver[,frame_000000.png]
// `index` is the frame's position in its source (gaps are frames that were dropped before recording),
// `t_s` seconds since the source started, `origin` one of driver, steady_clock, file, synthetic,
// `file` (image folders only) the image's name relative to the folder.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/time.hpp"

namespace purkinje::capture {

struct FrameTimestamp {
    std::int64_t index = 0;
    double t_s = 0;
    TimestampOrigin origin = TimestampOrigin::Synthetic;
    std::string file;  // image folders only; empty otherwise
};

struct TimestampTable {
    std::map<std::string, std::string> metadata;  // the "# key: value" lines
    std::vector<FrameTimestamp> frames;

    // A metadata value, or `fallback` when the key is absent.
    std::string value(const std::string& key, const std::string& fallback = {}) const;
    // A numeric metadata value, nullopt when absent; throws purkinje::Error naming `file` and the key
    // when it is not a number.
    std::optional<double> number(const std::string& key, const std::filesystem::path& file) const;
};

// Reads a sidecar. Throws purkinje::Error naming the file, the line and the column for anything
// that is not the format above: a missing header, a non-number, an unknown origin, indices that do
// not increase, times that go backwards or are not finite.
TimestampTable read_timestamps(const std::filesystem::path& path);

// Writes a sidecar (the `file` column only when some frame has a file). Throws on I/O failure.
void write_timestamps(const std::filesystem::path& path, const TimestampTable& table);

// Streaming writer for a recording in progress: the header goes out at open, each row as it comes,
// so a crash keeps every frame written so far.
class TimestampWriter {
public:
    TimestampWriter() = default;
    TimestampWriter(const std::filesystem::path& path, const std::map<std::string, std::string>& metadata,
                    bool with_file_column = false);
    ~TimestampWriter();
    TimestampWriter(const TimestampWriter&) = delete;
    TimestampWriter& operator=(const TimestampWriter&) = delete;
    TimestampWriter(TimestampWriter&& other) noexcept;
    TimestampWriter& operator=(TimestampWriter&& other) noexcept;

    void append(const FrameTimestamp& row);
    void close();  // flushes and closes; throws when the disk refused a write

private:
    std::filesystem::path path_;
    std::FILE* file_ = nullptr;
    bool with_file_column_ = false;
};

// Parses "driver", "steady_clock", "file", "synthetic"; returns false for anything else.
bool parse_timestamp_origin(const std::string& text, TimestampOrigin& origin);

// The sidecar that belongs to a video: "<video without extension>.timestamps.csv".
std::filesystem::path sidecar_path_for(const std::filesystem::path& video);

}  // namespace purkinje::capture
