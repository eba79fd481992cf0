#include "poppler.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace purkinje::test {

std::string run_command(const std::string& command, int* status) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return output;
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
    const int code = ::pclose(pipe);
    if (status) *status = WIFEXITED(code) ? WEXITSTATUS(code) : -1;
    return output;
}

double PageImage::ink_fraction(unsigned char below) const {
    if (grey.empty()) return 0;
    const auto inked = std::count_if(grey.begin(), grey.end(), [below](unsigned char v) { return v < below; });
    return static_cast<double>(inked) / static_cast<double>(grey.size());
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

std::vector<PageImage> render_pages(const std::filesystem::path& pdf, const std::filesystem::path& scratch, int dpi) {
    const auto prefix = scratch / "page";
    run_command("pdftoppm -gray -r " + std::to_string(dpi) + " '" + pdf.string() + "' '" + prefix.string() + "'");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(scratch))
        if (entry.path().extension() == ".pgm") files.push_back(entry.path());
    std::sort(files.begin(), files.end());  // page-01.pgm, page-02.pgm ... (zero-padded by pdftoppm)
    std::vector<PageImage> pages;
    for (const auto& file : files) {
        const std::string bytes = read_file(file);
        std::istringstream in(bytes);
        std::string magic;
        int maxval = 0;
        PageImage page;
        in >> magic >> page.width >> page.height >> maxval;
        in.get();
        const auto offset = static_cast<std::size_t>(in.tellg());
        page.grey.assign(bytes.begin() + static_cast<std::ptrdiff_t>(offset), bytes.end());
        pages.push_back(std::move(page));
    }
    return pages;
}

std::vector<std::string> page_texts(const std::filesystem::path& pdf) {
    const std::string text = run_command("pdftotext -layout '" + pdf.string() + "' -");
    std::vector<std::string> pages;
    std::string page;
    for (char c : text) {
        if (c == '\f') {
            pages.push_back(page);
            page.clear();
        } else {
            page += c;
        }
    }
    if (!page.empty()) pages.push_back(page);
    return pages;
}

}  // namespace purkinje::test
