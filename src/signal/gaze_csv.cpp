#include "purkinje/signal/gaze_csv.hpp"

#include <charconv>
#include <cmath>
#include <fstream>

#include "purkinje/core/error.hpp"

namespace purkinje::signal {
namespace {

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        std::string cell = line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\r')) cell.pop_back();
        std::size_t lead = 0;
        while (lead < cell.size() && cell[lead] == ' ') ++lead;
        out.push_back(cell.substr(lead));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::string where(const CsvTable& t, std::size_t row, const std::string& column) {
    return t.source.string() + ", line " + std::to_string(row + 2) + ", column '" + column + "'";
}

}  // namespace

std::size_t CsvTable::column(const std::string& name) const {
    for (std::size_t c = 0; c < header.size(); ++c)
        if (header[c] == name) return c;
    std::string present;
    for (const auto& h : header) present += (present.empty() ? "" : ", ") + h;
    throw_bad_input(source.string() + ", header", "has no column '" + name + "'",
                    "a column named '" + name + "' (columns present: " + present + ")");
}

std::vector<double> CsvTable::numbers(const std::string& name, bool empty_is_missing) const {
    const std::size_t c = column(name);
    std::vector<double> out(cells.size());
    for (std::size_t r = 0; r < cells.size(); ++r) {
        const std::string& cell = cells[r][c];
        if (cell.empty()) {
            if (!empty_is_missing) throw_bad_input(where(*this, r, name), "is empty", "a number");
            out[r] = std::nan("");
            continue;
        }
        double v = 0;
        const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        if (ec != std::errc() || ptr != cell.data() + cell.size() || !std::isfinite(v))
            throw_bad_input(where(*this, r, name), "holds '" + cell + "'",
                            empty_is_missing ? "a finite number, or an empty cell for a missing sample"
                                             : "a finite number");
        out[r] = v;
    }
    return out;
}

CsvTable read_csv(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_not_found(path.string(), "cannot be opened for reading");
    CsvTable t;
    t.source = path;
    std::string line;
    if (!std::getline(in, line) || split(line).empty() || line.find_first_not_of(" \r") == std::string::npos)
        throw_bad_input(path.string(), "has no header line", "a first line naming the columns, e.g. t_s,x,y");
    t.header = split(line);
    std::size_t number = 1;
    while (std::getline(in, line)) {
        ++number;
        if (line.find_first_not_of(" \r") == std::string::npos) continue;
        auto row = split(line);
        if (row.size() < t.header.size())
            throw_bad_input(path.string() + ", line " + std::to_string(number),
                            "has " + std::to_string(row.size()) + " cells",
                            std::to_string(t.header.size()) + " cells, one per header column");
        if (!line.empty() && line.back() == '\r') line.pop_back();
        t.lines.push_back(line);
        t.cells.push_back(std::move(row));
    }
    if (t.cells.empty()) throw_bad_input(path.string(), "has a header but no data rows", "at least one sample row");
    return t;
}

GazeSamples gaze_samples(const CsvTable& table, const std::string& x_column, const std::string& y_column) {
    GazeSamples g;
    g.t_s = table.numbers("t_s", false);
    g.x = table.numbers(x_column, true);
    g.y = table.numbers(y_column, true);
    for (std::size_t r = 1; r < g.t_s.size(); ++r)
        if (!(g.t_s[r] > g.t_s[r - 1]))
            throw_bad_input(where(table, r, "t_s"),
                            "is " + table.cells[r][table.column("t_s")] + ", not after the previous row's " +
                                table.cells[r - 1][table.column("t_s")],
                            "strictly increasing time in seconds");
    return g;
}

}  // namespace purkinje::signal
