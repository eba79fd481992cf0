// Built when the signal and model libraries are not part of this build: the plots that need their
// output say so on the page instead of being drawn from a second, private copy of the analysis.

#include "../analysis_plots.hpp"

namespace purkinje::report::detail {
namespace {
void missing(Document& doc, const std::string& what) {
    doc.paragraph(what + ": not drawn, this build of Purkinje has no signal and model libraries.", Font::Italic, 8,
                  kHigh);
}
}  // namespace

void hand_analysis_plots(Document& doc, const Session&, const std::string&, const std::vector<const Trial*>&) {
    missing(doc, "Velocity profile and tremor spectrum");
}
void impulse_analysis_plots(Document& doc, const Session&, const std::string&, const std::vector<const Trial*>&) {
    missing(doc, "Catch-up saccades");
}
void adaptation_plots(Document& doc, const Session&, const std::string&, const std::vector<const Trial*>&) {
    missing(doc, "Adaptation curve with the two-state fit");
}
void saccade_analysis_plots(Document& doc, const Session&, const std::string&, const std::vector<const Trial*>&) {
    missing(doc, "Saccade main sequence");
}

}  // namespace purkinje::report::detail
