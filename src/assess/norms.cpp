#include "purkinje/assess/norms.hpp"

#include "assess_internal.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>

#include "purkinje/core/error.hpp"
#include "purkinje/core/paths.hpp"

namespace purkinje::assess {

NormTable NormTable::load(const std::filesystem::path& folder) {
    NormTable table;
    if (!std::filesystem::is_directory(folder))
        throw_not_found(folder.string(), "the folder of normal ranges does not exist");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.path().extension() == ".csv") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    const std::vector<std::string> header{"protocol", "metric", "unit", "low", "high", "population", "citation"};
    for (const auto& file : files) {
        std::ifstream in(file);
        std::string line;
        int number = 0;
        while (std::getline(in, line)) {
            ++number;
            const std::string where = file.string() + " line " + std::to_string(number);
            const auto fields = detail::split_csv(line);
            if (number == 1) {
                if (fields != header)
                    throw_bad_input(where, "the header is not the norm table's",
                                    "protocol,metric,unit,low,high,population,citation");
                continue;
            }
            if (line.empty() || line == "\r") continue;
            if (fields.size() != header.size())
                throw_bad_input(where, "has " + std::to_string(fields.size()) + " fields", "7 fields");
            NormRow row;
            row.protocol = fields[0];
            row.metric = fields[1];
            row.unit = fields[2];
            row.range.low = detail::parse_limit(fields[3], where + " column low");
            row.range.high = detail::parse_limit(fields[4], where + " column high");
            row.population = fields[5];
            row.range.citation = fields[6];
            row.source_file = file.filename().string();
            row.line = number;
            if (row.protocol.empty() || row.metric.empty())
                throw_bad_input(where, "names no protocol or metric", "both");
            if ((row.range.low || row.range.high) && row.range.citation.empty())
                throw_bad_input(where + " column citation", "a normal range without its source",
                                "the published source of the range");
            const auto key = std::make_pair(row.protocol, row.metric);
            if (table.index_.count(key))
                throw_bad_input(where, row.protocol + "/" + row.metric + " is given twice",
                                "one row (one source) per metric");
            table.index_[key] = table.rows_.size();
            table.rows_.push_back(std::move(row));
        }
    }
    return table;
}

const NormTable& NormTable::standard() {
    static const NormTable table = load(assets_dir() / "norms");
    return table;
}

const NormRow* NormTable::find(const std::string& protocol, const std::string& metric) const {
    const auto it = index_.find({protocol, metric});
    return it == index_.end() ? nullptr : &rows_[it->second];
}

NormalRange NormTable::range(const std::string& protocol, const std::string& metric) const {
    const NormRow* row = find(protocol, metric);
    return row ? row->range : NormalRange{};
}

}  // namespace purkinje::assess
