#include "table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace purkinje::cli {
namespace {
// Display width of UTF-8 text: count code points, not bytes (units like "°" are two bytes).
std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(),
                                                  [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}
}  // namespace

void TextTable::print(std::ostream& out) const {
    std::vector<std::size_t> widths(header_.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], display_width(row[i]));
    };
    measure(header_);
    for (const auto& row : rows_) measure(row);
    auto print_row = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < widths.size(); ++i) {
            const std::string cell = i < row.size() ? row[i] : "";
            out << cell;
            if (i + 1 < widths.size()) out << std::string(widths[i] - display_width(cell) + 2, ' ');
        }
        out << "\n";
    };
    print_row(header_);
    std::size_t total = 0;
    for (auto w : widths) total += w + 2;
    out << std::string(total > 2 ? total - 2 : 0, '-') << "\n";
    for (const auto& row : rows_) print_row(row);
}

std::string format_number(double value, int decimals) {
    if (!std::isfinite(value)) return "n/a";
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

}  // namespace purkinje::cli
