#pragma once
// A protocol's model fits laid over the data they were fitted to, as curves a plot can draw: the
// review screen shows them, and anything else may (a report page). Computed here, from the trial's
// channels, with the same segmentation the analysis uses; the GUI only draws.
//
//   reach_forward_model (finger chase): each primary reach as distance along start -> target against
//     time, with the forward model's trajectory for that reach (model::fit_reach_model over the trial's
//     reaches, its predicted_along_cm);
//   saccade_main_sequence (saccades): every saccade's amplitude and peak velocity
//     (signal::classify_gaze) with V = Vmax (1 - exp(-A / C)) of the stored fit;
//   head_impulse_traces (head impulses, no fit needed): per side, each impulse's head velocity and its
//     inverted eye velocity from onset, catch-up saccades marked at their peaks (the analysis' windows);
//   head_sine_traces (sinusoidal VOR, VOR cancellation; no stored fit needed): head velocity and the
//     desaccaded eye velocity the gain and phase were fitted to, over the analysed window.

#include <string>
#include <vector>

#include "purkinje/assess/analysis.hpp"
#include "purkinje/core/finding.hpp"
#include "purkinje/core/session.hpp"

namespace purkinje::assess {

struct OverlayCurve {
    std::string label;
    std::vector<double> x, y;
    bool model = false;   // the fit's prediction (else measured data)
    bool points = false;  // draw as points (a scatter), else as a line
    int group = 0;        // data and model of the same reach share a group
};

struct FitOverlay {
    std::string protocol, model;  // the ModelFit's
    std::string title;
    std::string x_label, x_unit, y_label, y_unit;
    std::vector<OverlayCurve> curves;
    std::string method;           // how the curves were made, in words
};

// Overlays for `trial` (one per fit of its protocol that has a picture); `fits` are the session's stored
// fits. Nothing for protocols without one, or when the trial's data cannot give the curves (with a reason
// in `notes` when given). `max_reaches` limits the reach pictures.
std::vector<FitOverlay> fit_overlays(const Trial& trial, const std::vector<ModelFit>& fits, int max_reaches = 4,
                                     std::vector<std::string>* notes = nullptr);

}  // namespace purkinje::assess
