#include "document.hpp"

#include <cairo-pdf.h>

#include <array>
#include <sstream>

#include "purkinje/core/error.hpp"
#include "purkinje/core/session.hpp"

namespace purkinje::report::detail {

Colour trial_colour(std::size_t index) {
    static constexpr std::array<Colour, 6> palette = {kBlue, kOrange, kGreen, kPurple, Colour{0.55, 0.35, 0.15},
                                                      Colour{0.2, 0.6, 0.65}};
    return palette[index % palette.size()];
}

namespace {

void apply_font_options(cairo_t* cr) {
    // Unhinted metrics: the widths measured during layout are the widths the PDF shows.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// cairo wants "YYYY-MM-DDThh:mm:ss" with an optional "Z".
std::string pdf_date(const std::string& iso) { return iso.empty() ? "2000-01-01T00:00:00Z" : iso; }

}  // namespace

void set_font(cairo_t* cr, Font font, double size) {
    const char* family = font == Font::Mono ? "DejaVu Sans Mono" : "DejaVu Sans";
    cairo_select_font_face(cr, family, font == Font::Italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                           font == Font::Bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

void set_colour(cairo_t* cr, Colour colour) { cairo_set_source_rgb(cr, colour.r, colour.g, colour.b); }

void show_text(cairo_t* cr, double x, double y, const std::string& text, Font font, double size, Colour colour,
               Align align) {
    if (text.empty()) return;
    set_font(cr, font, size);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, text.c_str(), &extents);
    if (align == Align::Right) x -= extents.x_advance;
    if (align == Align::Centre) x -= extents.x_advance / 2;
    set_colour(cr, colour);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, text.c_str());
    cairo_new_path(cr);
}

Document::Document(std::string running_title, std::string patient_code)
    : running_title_(std::move(running_title)), patient_code_(std::move(patient_code)) {
    measure_surface_ = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    measure_ = cairo_create(measure_surface_);
    apply_font_options(measure_);
    new_page();
}

Document::~Document() {
    cairo_destroy(measure_);
    cairo_surface_destroy(measure_surface_);
}

double Document::remaining() const { return kPageHeight - kMargin - kFooterHeight - y_; }

void Document::new_page() {
    pages_.emplace_back();
    y_ = kMargin + 14;  // below the running head
}

void Document::ensure_space(double height) {
    if (height > remaining() && y_ > kMargin + 15) new_page();
}

void Document::draw(DrawOp op) { pages_.back().push_back(std::move(op)); }

void Document::block(double height, std::function<void(cairo_t*, double)> op) {
    ensure_space(height);
    const double top = y_;
    draw([op = std::move(op), top](cairo_t* cr) { op(cr, top); });
    y_ += height;
}

double Document::text_width(const std::string& text, Font font, double size) const {
    set_font(measure_, font, size);
    cairo_text_extents_t extents;
    cairo_text_extents(measure_, text.c_str(), &extents);
    return extents.x_advance;
}

std::vector<std::string> Document::wrap(const std::string& text, Font font, double size, double width) const {
    std::vector<std::string> lines;
    std::istringstream paragraphs(text);
    std::string paragraph_text;
    while (std::getline(paragraphs, paragraph_text)) {
        std::istringstream words(paragraph_text);
        std::string word, line;
        while (words >> word) {
            const std::string candidate = line.empty() ? word : line + " " + word;
            if (!line.empty() && text_width(candidate, font, size) > width) {
                lines.push_back(line);
                line = word;
            } else {
                line = candidate;
            }
        }
        lines.push_back(line);
    }
    return lines;
}

void Document::paragraph(const std::string& text, Font font, double size, Colour colour, double indent) {
    const double leading = size * 1.35;
    for (const auto& line : wrap(text, font, size, width() - indent)) {
        ensure_space(leading);
        y_ += leading;
        const double x = left() + indent, baseline = y_ - size * 0.3;
        draw([=](cairo_t* cr) { show_text(cr, x, baseline, line, font, size, colour); });
    }
    y_ += size * 0.4;
}

void Document::heading(const std::string& text, double size) {
    ensure_space(size * 5);  // a heading never ends a page alone
    y_ += size * 0.8;
    const double baseline = y_ + size, x = left(), x_end = right();
    draw([=](cairo_t* cr) {
        show_text(cr, x, baseline, text, Font::Bold, size);
        set_colour(cr, kLightGrey);
        cairo_set_line_width(cr, 0.8);
        cairo_move_to(cr, x, baseline + 4);
        cairo_line_to(cr, x_end, baseline + 4);
        cairo_stroke(cr);
    });
    y_ += size + 10;
}

std::string Document::finish(const std::string& pdf_title, const std::string& creation_date) {
    std::string bytes;
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(append_to_string, &bytes, kPageWidth, kPageHeight);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, pdf_title.c_str());
    const std::string creator = std::string("Purkinje ") + software_version();
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, creator.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, pdf_date(creation_date).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, pdf_date(creation_date).c_str());
    cairo_t* cr = cairo_create(surface);
    apply_font_options(cr);
    const std::string total = std::to_string(pages_.size());
    for (std::size_t p = 0; p < pages_.size(); ++p) {
        cairo_save(cr);
        for (const auto& op : pages_[p]) {
            cairo_save(cr);
            op(cr);
            cairo_restore(cr);
        }
        cairo_restore(cr);
        // Running head and foot: the patient code and the page number on every page.
        show_text(cr, kMargin, kMargin, running_title_, Font::Regular, 7.5, kGrey);
        show_text(cr, kPageWidth - kMargin, kMargin, "Patient " + patient_code_, Font::Bold, 7.5, kGrey,
                  Align::Right);
        const double foot = kPageHeight - kMargin + 8;
        set_colour(cr, kLightGrey);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, kMargin, foot - 12);
        cairo_line_to(cr, kPageWidth - kMargin, foot - 12);
        cairo_stroke(cr);
        show_text(cr, kMargin, foot, "Patient " + patient_code_ + "  -  " + creator, Font::Regular, 7.5, kGrey);
        show_text(cr, kPageWidth - kMargin, foot, "page " + std::to_string(p + 1) + " of " + total, Font::Regular,
                  7.5, kGrey, Align::Right);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error(ErrorKind::Internal, std::string("cairo could not write the PDF: ") + cairo_status_to_string(status),
                    pdf_title);
    return bytes;
}

}  // namespace purkinje::report::detail
