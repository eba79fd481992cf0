#pragma once
// Plain-text tables for the terminal: columns padded to their widest cell.

#include <ostream>
#include <string>
#include <vector>

namespace purkinje::cli {

class TextTable {
public:
    explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    bool empty() const { return rows_.empty(); }
    void print(std::ostream& out) const;

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

// Fixed-point text for a number ("n/a" when not finite).
std::string format_number(double value, int decimals);

}  // namespace purkinje::cli
