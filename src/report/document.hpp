#pragma once
// The page layout of a report: a flowing cursor over A4 pages. Layout happens first (text is measured
// with the same DejaVu faces and unhinted metrics the PDF uses), drawing is recorded per page, and the
// pages are rendered at the end, when their total is known for "page n of N".

#include <cairo.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace purkinje::report::detail {

inline constexpr double kPageWidth = 595.276;   // A4 in PostScript points
inline constexpr double kPageHeight = 841.890;
inline constexpr double kMargin = 46;
inline constexpr double kFooterHeight = 26;

enum class Font { Regular, Bold, Italic, Mono };

struct Colour {
    double r = 0, g = 0, b = 0;
};
inline constexpr Colour kBlack{0, 0, 0};
inline constexpr Colour kGrey{0.45, 0.45, 0.45};
inline constexpr Colour kLightGrey{0.85, 0.85, 0.85};
inline constexpr Colour kNormalBand{0.86, 0.94, 0.86};
inline constexpr Colour kHigh{0.75, 0.10, 0.10};
inline constexpr Colour kLow{0.10, 0.25, 0.70};
inline constexpr Colour kBlue{0.12, 0.35, 0.70};
inline constexpr Colour kOrange{0.90, 0.45, 0.05};
inline constexpr Colour kGreen{0.15, 0.55, 0.25};
inline constexpr Colour kPurple{0.50, 0.25, 0.60};
// A palette for overlaid trials, distinguishable in grey print too.
Colour trial_colour(std::size_t index);

enum class Align { Left, Right, Centre };

// Sets the face and size on `cr` (DejaVu Sans / DejaVu Sans Mono through fontconfig).
void set_font(cairo_t* cr, Font font, double size);
void set_colour(cairo_t* cr, Colour colour);
// Draws text with its baseline at y; `x` is the left edge, right edge or centre by `align`.
void show_text(cairo_t* cr, double x, double y, const std::string& text, Font font, double size,
               Colour colour = kBlack, Align align = Align::Left);

using DrawOp = std::function<void(cairo_t*)>;

class Document {
public:
    // `running_title` and `patient_code` go on every page.
    Document(std::string running_title, std::string patient_code);
    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    double left() const { return kMargin; }
    double right() const { return kPageWidth - kMargin; }
    double width() const { return right() - left(); }
    double y() const { return y_; }
    void advance(double dy) { y_ += dy; }
    double remaining() const;

    void new_page();
    // Starts a new page unless `height` still fits below the cursor.
    void ensure_space(double height);
    // Records a drawing on the current page.
    void draw(DrawOp op);
    // Reserves `height` (moving to a new page when needed) and records `op(cr, top)` for it.
    void block(double height, std::function<void(cairo_t*, double top)> op);

    double text_width(const std::string& text, Font font, double size) const;
    std::vector<std::string> wrap(const std::string& text, Font font, double size, double width) const;
    // Flowing text at the cursor, wrapped to the page width (or `width`), breaking pages as needed.
    void paragraph(const std::string& text, Font font = Font::Regular, double size = 9.5, Colour colour = kBlack,
                   double indent = 0);
    void heading(const std::string& text, double size = 13);

    // Renders every page; CreationDate and ModDate are `creation_date` (ISO 8601), never the clock.
    std::string finish(const std::string& pdf_title, const std::string& creation_date);

private:
    std::string running_title_;
    std::string patient_code_;
    std::vector<std::vector<DrawOp>> pages_;
    double y_ = 0;
    cairo_surface_t* measure_surface_ = nullptr;
    cairo_t* measure_ = nullptr;
};

}  // namespace purkinje::report::detail
