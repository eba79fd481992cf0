#include "purkinje/capture/timestamps.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <utility>

#include "purkinje/core/error.hpp"

namespace purkinje::capture {
namespace {

constexpr const char* kFormatLine = "# purkinje frame timestamps, format 1";

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

std::vector<std::string> split_commas(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const auto comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return fields;
}

template <typename Number>
bool parse_number(const std::string& text, Number& value) {
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end && !text.empty();
}

// The shortest text that reads back as the same double (17 significant digits always do).
std::string exact_text(double value) {
    char buffer[64];
    const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (ec != std::errc()) throw Error(ErrorKind::Internal, "a frame time could not be written as text");
    return std::string(buffer, ptr);
}

}  // namespace

std::string TimestampTable::value(const std::string& key, const std::string& fallback) const {
    const auto it = metadata.find(key);
    return it == metadata.end() ? fallback : it->second;
}

std::optional<double> TimestampTable::number(const std::string& key, const std::filesystem::path& file) const {
    const std::string text = value(key);
    if (text.empty()) return std::nullopt;
    double number = 0;
    if (!parse_number(text, number) || !std::isfinite(number)) {
        throw_bad_input(file.string() + ", metadata " + key, "'" + text + "' is not a number", "a finite number");
    }
    return number;
}

bool parse_timestamp_origin(const std::string& text, TimestampOrigin& origin) {
    for (auto candidate : {TimestampOrigin::Driver, TimestampOrigin::SteadyClock, TimestampOrigin::File,
                           TimestampOrigin::Synthetic}) {
        if (text == to_string(candidate)) {
            origin = candidate;
            return true;
        }
    }
    return false;
}

std::filesystem::path sidecar_path_for(const std::filesystem::path& video) {
    auto path = video;
    path.replace_extension();
    path += ".timestamps.csv";
    return path;
}

TimestampTable read_timestamps(const std::filesystem::path& path) {
    const std::string name = path.string();
    if (!std::filesystem::exists(path)) throw_not_found(name, "the frame timestamp file does not exist");
    std::ifstream in(path);
    if (!in) throw Error(ErrorKind::BadInput, "the frame timestamp file cannot be opened", name);

    TimestampTable table;
    std::string line;
    int line_number = 0;
    bool header_seen = false;
    bool has_file_column = false;
    auto where = [&](const std::string& column) {
        return name + " line " + std::to_string(line_number) + (column.empty() ? "" : ", column " + column);
    };
    while (std::getline(in, line)) {
        ++line_number;
        const std::string text = trim(line);
        if (text.empty()) continue;
        if (text[0] == '#') {
            const auto colon = text.find(':');
            if (colon != std::string::npos) {
                table.metadata[trim(text.substr(1, colon - 1))] = trim(text.substr(colon + 1));
            }
            continue;
        }
        const auto fields = split_commas(text);
        if (!header_seen) {
            if (fields.size() < 3 || fields[0] != "index" || fields[1] != "t_s" || fields[2] != "origin" ||
                (fields.size() == 4 && fields[3] != "file") || fields.size() > 4) {
                throw_bad_input(where(""), "this is not a frame timestamp file: the header is '" + text + "'",
                                "the header 'index,t_s,origin' or 'index,t_s,origin,file'");
            }
            header_seen = true;
            has_file_column = fields.size() == 4;
            continue;
        }
        const std::size_t expected_fields = has_file_column ? 4 : 3;
        if (fields.size() != expected_fields) {
            throw_bad_input(where(""), "a row has " + std::to_string(fields.size()) + " fields",
                            std::to_string(expected_fields) + " fields as in the header");
        }
        FrameTimestamp row;
        if (!parse_number(fields[0], row.index) || row.index < 0) {
            throw_bad_input(where("index"), "'" + fields[0] + "' is not a frame index", "a whole number >= 0");
        }
        if (!parse_number(fields[1], row.t_s) || !std::isfinite(row.t_s)) {
            throw_bad_input(where("t_s"), "'" + fields[1] + "' is not a time", "a finite number of seconds");
        }
        if (!parse_timestamp_origin(fields[2], row.origin)) {
            throw_bad_input(where("origin"), "'" + fields[2] + "' is not a timestamp origin",
                            "driver, steady_clock, file or synthetic");
        }
        if (has_file_column) {
            row.file = fields[3];
            if (row.file.empty()) throw_bad_input(where("file"), "the image name is empty", "a file name");
        }
        if (!table.frames.empty()) {
            const auto& previous = table.frames.back();
            if (row.index <= previous.index) {
                throw_bad_input(where("index"), "frame index " + std::to_string(row.index) +
                                                    " does not follow " + std::to_string(previous.index),
                                "increasing frame indices");
            }
            if (row.t_s < previous.t_s) {
                throw_bad_input(where("t_s"), "the time goes backwards (" + fields[1] + " s after " +
                                                  exact_text(previous.t_s) + " s)",
                                "times that never decrease");
            }
        }
        table.frames.push_back(std::move(row));
    }
    if (!header_seen) {
        throw_bad_input(name, "the frame timestamp file is empty or has no header line",
                        "the header 'index,t_s,origin'");
    }
    return table;
}

void write_timestamps(const std::filesystem::path& path, const TimestampTable& table) {
    bool with_file = false;
    for (const auto& row : table.frames) with_file = with_file || !row.file.empty();
    TimestampWriter writer(path, table.metadata, with_file);
    for (const auto& row : table.frames) writer.append(row);
    writer.close();
}

TimestampWriter::TimestampWriter(const std::filesystem::path& path,
                                 const std::map<std::string, std::string>& metadata, bool with_file_column)
    : path_(path), with_file_column_(with_file_column) {
    file_ = std::fopen(path.c_str(), "w");
    if (!file_) {
        throw Error(ErrorKind::Storage, "the frame timestamp file cannot be created", path.string(),
                    "a folder that exists and can be written");
    }
    std::fprintf(file_, "%s\n", kFormatLine);
    for (const auto& [key, value] : metadata) std::fprintf(file_, "# %s: %s\n", key.c_str(), value.c_str());
    std::fprintf(file_, with_file_column_ ? "index,t_s,origin,file\n" : "index,t_s,origin\n");
}

TimestampWriter::~TimestampWriter() {
    if (file_) std::fclose(file_);
}

TimestampWriter::TimestampWriter(TimestampWriter&& other) noexcept
    : path_(std::move(other.path_)), file_(std::exchange(other.file_, nullptr)),
      with_file_column_(other.with_file_column_) {}

TimestampWriter& TimestampWriter::operator=(TimestampWriter&& other) noexcept {
    if (this != &other) {
        if (file_) std::fclose(file_);
        path_ = std::move(other.path_);
        file_ = std::exchange(other.file_, nullptr);
        with_file_column_ = other.with_file_column_;
    }
    return *this;
}

void TimestampWriter::append(const FrameTimestamp& row) {
    if (!file_) throw Error(ErrorKind::Internal, "a frame time was written to a closed timestamp file", path_.string());
    const std::string t = exact_text(row.t_s);
    if (with_file_column_) {
        std::fprintf(file_, "%lld,%s,%s,%s\n", static_cast<long long>(row.index), t.c_str(), to_string(row.origin),
                     row.file.c_str());
    } else {
        std::fprintf(file_, "%lld,%s,%s\n", static_cast<long long>(row.index), t.c_str(), to_string(row.origin));
    }
}

void TimestampWriter::close() {
    if (!file_) return;
    const bool failed = std::ferror(file_) != 0;
    const bool close_failed = std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed || close_failed) {
        throw Error(ErrorKind::Storage, "the frame timestamp file could not be written completely", path_.string(),
                    "enough free disk space");
    }
}

}  // namespace purkinje::capture
