#pragma once
// The PDF as a reader sees it, through poppler-utils: pages rendered to grey pixels (pdftoppm), the text
// (pdftotext) and the font list (pdffonts).

#include <filesystem>
#include <string>
#include <vector>

namespace purkinje::test {

// Output of a shell command (stdout); the exit status in `status`.
std::string run_command(const std::string& command, int* status = nullptr);

struct PageImage {
    int width = 0, height = 0;
    std::vector<unsigned char> grey;  // row-major, 0 = black, 255 = white
    double ink_fraction(unsigned char below = 200) const;
};

// Every page of the PDF at `dpi`, rendered by pdftoppm into `scratch`.
std::vector<PageImage> render_pages(const std::filesystem::path& pdf, const std::filesystem::path& scratch, int dpi = 30);

// The text of every page (pdftotext -layout, split at form feeds).
std::vector<std::string> page_texts(const std::filesystem::path& pdf);

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& bytes);

}  // namespace purkinje::test
