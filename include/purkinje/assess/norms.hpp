#pragma once
// Normal ranges with their published sources, read from assets/norms/*.csv (one source per row).
//
// Columns: protocol,metric,unit,low,high,population,citation. An empty low or high means no limit on
// that side. A metric without a row is reported but not judged: a range is never made up.

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "purkinje/core/finding.hpp"

namespace purkinje::assess {

struct NormRow {
    std::string protocol, metric, unit;
    NormalRange range;
    std::string population;  // "healthy adults 20-80 y", ...
    std::string source_file;
    int line = 0;
};

class NormTable {
public:
    // Reads every *.csv in `folder`. BadInput naming the file, line and column for a malformed row
    // (a limit that is not a number, a limit without a citation, a metric given twice).
    static NormTable load(const std::filesystem::path& folder);
    // assets_dir()/norms, read once.
    static const NormTable& standard();

    // The range for a protocol's metric; an empty range (not judged) when there is none.
    NormalRange range(const std::string& protocol, const std::string& metric) const;
    const NormRow* find(const std::string& protocol, const std::string& metric) const;
    const std::vector<NormRow>& rows() const { return rows_; }

private:
    std::vector<NormRow> rows_;
    std::map<std::pair<std::string, std::string>, std::size_t> index_;
};

}  // namespace purkinje::assess
