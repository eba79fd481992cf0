#pragma once
// Plain comma-separated sample tables (one header line, one row per sample, no quoting), as written
// by eye trackers' exports and read by `purkinje-cli classify`. Every complaint names the file, the
// row (1-based line number) and the column.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace purkinje::signal {

struct CsvTable {
    std::filesystem::path source;
    std::vector<std::string> header;
    std::vector<std::string> lines;               // each data row as read (for writing it back)
    std::vector<std::vector<std::string>> cells;  // each data row split at commas

    std::size_t rows() const { return cells.size(); }
    // Index of a column; throws BadInput naming the file, the column and the columns present.
    std::size_t column(const std::string& name) const;
    // The column as numbers. Empty cells become NaN when `empty_is_missing`, else an error; text that
    // is not a finite number is always an error naming file, line and column.
    std::vector<double> numbers(const std::string& name, bool empty_is_missing) const;
};

// Reads the whole file; throws NotFound when it cannot be opened, BadInput when it has no header,
// no data rows, or a row with fewer cells than the header.
CsvTable read_csv(const std::filesystem::path& path);

struct GazeSamples {
    std::vector<double> t_s, x, y;  // x, y NaN where the tracker lost the eye (empty cells)
};

// Reads `t_s` and the two position columns; time must be finite and strictly increasing (BadInput
// naming file, line and column otherwise).
GazeSamples gaze_samples(const CsvTable& table, const std::string& x_column = "x",
                         const std::string& y_column = "y");

}  // namespace purkinje::signal
