#pragma once
// Plots that need analysis output: velocity profile and tremor spectrum of the hand, impulse overlays
// with the catch-up saccades marked, the adaptation curve with its two-state fit, the saccade main
// sequence with its normal band. Their numbers come from the signal and model libraries (never
// re-computed here) and from the stored findings and model fits.

#include <string>
#include <vector>

#include "document.hpp"
#include "purkinje/core/session.hpp"

namespace purkinje::report::detail {

void hand_analysis_plots(Document& doc, const Session& session, const std::string& protocol,
                         const std::vector<const Trial*>& trials);
void impulse_analysis_plots(Document& doc, const Session& session, const std::string& protocol,
                            const std::vector<const Trial*>& trials);
void adaptation_plots(Document& doc, const Session& session, const std::string& protocol,
                      const std::vector<const Trial*>& trials);
// Sinusoidal VOR and VOR cancellation: head and eye velocity of each trial with the gain and phase of
// the sinusoid fitted at the head's frequency.
void sinusoidal_vor_plots(Document& doc, const std::vector<const Trial*>& trials);
void saccade_analysis_plots(Document& doc, const Session& session, const std::string& protocol,
                            const std::vector<const Trial*>& trials);

}  // namespace purkinje::report::detail
