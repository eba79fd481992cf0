#include "analysis_plots.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "plot.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/model/two_state.hpp"
#include "purkinje/model/vor.hpp"
#include "purkinje/report/impression.hpp"
#include "purkinje/signal/conditioning.hpp"
#include "purkinje/signal/filters.hpp"
#include "purkinje/signal/gaze_events.hpp"
#include "purkinje/signal/reach.hpp"
#include "purkinje/signal/spectrum.hpp"
#include "sections.hpp"

namespace purkinje::report::detail {

namespace {

// The first component of a channel (a velocity channel's yaw or x), NaN where not measured.
std::vector<double> first_component(const Channel& channel) {
    return component_values(channel, channel.components.front().name);
}

void unavailable(Document& doc, const std::string& what, const std::string& why) {
    doc.paragraph(what + ": not drawn (" + why + ").", Font::Italic, 8, kHigh);
}

// ---- hand: velocity profile and tremor spectrum --------------------------------------------------

struct HandTraces {
    signal::ConditionedSeries position;
    std::vector<double> speed;               // cm/s
    std::vector<signal::Reach> reaches;
    std::optional<signal::PowerSpectrum> spectrum;  // x and y densities summed: planar displacement
    double tremor_peak_hz = std::nan("");
};

HandTraces hand_traces(const Channel& hand) {
    HandTraces traces;
    traces.position = signal::condition_series(hand.t_s, component_values(hand, "x"), component_values(hand, "y"),
                                               hand.confidence, hand.nominal_rate_hz);
    const double rate = traces.position.rate_hz, dt = 1.0 / rate;
    // The reach pipeline's own filter before differentiation: 10 Hz zero-phase low-pass, then an
    // order-2 Savitzky-Golay derivative over ~50 ms.
    const signal::Butterworth lowpass{signal::FilterBand::LowPass, 2, std::min(10.0, 0.45 * rate), 0};
    const int window = std::max(5, static_cast<int>(std::lround(0.05 * rate)) | 1);
    const auto vx = signal::savitzky_golay_with_gaps(signal::butterworth_filtfilt_with_gaps(traces.position.x, lowpass, rate),
                                                     {window, 2}, 1, dt);
    const auto vy = signal::savitzky_golay_with_gaps(signal::butterworth_filtfilt_with_gaps(traces.position.y, lowpass, rate),
                                                     {window, 2}, 1, dt);
    traces.speed.resize(vx.size());
    for (std::size_t i = 0; i < vx.size(); ++i) traces.speed[i] = std::hypot(vx[i], vy[i]);
    traces.reaches = signal::segment_reaches(traces.position.t_s, traces.position.x, traces.position.y);

    // The spectrum of the longest run without a gap (Welch needs finite samples).
    std::size_t best_begin = 0, best_end = 0;
    signal::for_each_finite_run(traces.position.x, [&](std::size_t b, std::size_t e) {
        if (e - b > best_end - best_begin) best_begin = b, best_end = e;
    });
    if (best_end - best_begin >= static_cast<std::size_t>(2 * rate)) {
        const std::vector<double> x(traces.position.x.begin() + best_begin, traces.position.x.begin() + best_end);
        const std::vector<double> y(traces.position.y.begin() + best_begin, traces.position.y.begin() + best_end);
        auto sx = signal::welch_psd(x, rate), sy = signal::welch_psd(y, rate);
        for (std::size_t i = 0; i < sx.density.size() && i < sy.density.size(); ++i) sx.density[i] += sy.density[i];
        traces.tremor_peak_hz = signal::peak_frequency(sx, 2.0, 8.0);
        traces.spectrum = std::move(sx);
    }
    return traces;
}

void speed_plot(cairo_t* cr, Axes a, const HandTraces& h) {
    a.xs = span_of({h.position.t_s});
    a.ys = span_of({h.speed}, {0});
    for (const auto& r : h.reaches) {
        cairo_save(cr);
        clip_to(cr, a);
        set_colour(cr, Colour{0.93, 0.95, 1.0});
        cairo_rectangle(cr, a.px(r.onset_s), a.y, a.px(r.offset_s) - a.px(r.onset_s), a.h);
        cairo_fill(cr);
        cairo_restore(cr);
    }
    draw_axes(cr, a);  // the grid over the reach shading
    draw_line(cr, a, h.position.t_s, h.speed, kBlue, 0.8);
    std::vector<double> peak_t, peak_v;
    for (const auto& r : h.reaches) peak_t.push_back(r.peak_s), peak_v.push_back(r.peak_speed);
    draw_points(cr, a, peak_t, peak_v, kOrange, 2.2);
    draw_legend(cr, a, {{kBlue, "hand speed"}, {kOrange, "reach peak (" + std::to_string(h.reaches.size()) + " reaches)"}});
}

void spectrum_plot(cairo_t* cr, Axes a, const HandTraces& h) {
    a.xs = {0, 12};
    if (!h.spectrum) {
        a.ys = {0, 1};
        draw_axes(cr, a);
        return draw_note(cr, a, "less than 2 s without a gap");
    }
    std::vector<double> f, log_density;
    for (std::size_t i = 0; i < h.spectrum->frequency_hz.size(); ++i) {
        if (h.spectrum->frequency_hz[i] < 0.5 || h.spectrum->frequency_hz[i] > 12) continue;
        f.push_back(h.spectrum->frequency_hz[i]);
        log_density.push_back(std::log10(std::max(h.spectrum->density[i], 1e-12)));
    }
    a.ys = span_of({log_density});
    draw_band(cr, a, a.ys.lo, a.ys.hi, Colour{1, 1, 1});
    cairo_save(cr);
    clip_to(cr, a);
    set_colour(cr, Colour{1.0, 0.94, 0.88});
    cairo_rectangle(cr, a.px(2), a.y, a.px(8) - a.px(2), a.h);  // the cerebellar tremor band
    cairo_fill(cr);
    cairo_restore(cr);
    draw_axes(cr, a);
    draw_line(cr, a, f, log_density, kBlue, 0.9);
    std::vector<std::pair<Colour, std::string>> legend = {{kBlue, "hand x + y"}, {Colour{1.0, 0.8, 0.6}, "2-8 Hz band"}};
    if (std::isfinite(h.tremor_peak_hz)) {
        draw_vertical(cr, a, h.tremor_peak_hz, kHigh);
        legend.push_back({kHigh, "peak " + format_value(h.tremor_peak_hz) + " Hz"});
    }
    draw_legend(cr, a, legend);
}

// ---- head impulses: overlays with catch-up saccades ----------------------------------------------

struct AnalysedImpulse {
    std::vector<double> ms;  // from impulse onset
    std::vector<double> head, eye;  // sign-normalised: head peak positive
    model::HeadImpulseAnalysis analysis;
};

std::optional<AnalysedImpulse> analyse(const Trial& trial) {
    const Channel* head = trial.recording.find(names::kHeadVelocity);
    const Channel* eye = trial.recording.find(names::kEyeVelocity);
    if (!head || !eye || head->components.empty() || eye->components.empty() || head->size() != eye->size() ||
        head->size() < 10)
        return std::nullopt;
    model::HeadImpulseTrace trace;
    trace.sample_rate_hz = head->nominal_rate_hz > 0 ? head->nominal_rate_hz : 1.0 / (head->t_s[1] - head->t_s[0]);
    trace.head_velocity_dps = first_component(*head);
    trace.eye_velocity_dps = first_component(*eye);  // stored compensatory-positive (vHIT convention)
    AnalysedImpulse out;
    out.analysis = model::analyse_head_impulse(trace);
    const double sign = out.analysis.direction;
    for (std::size_t i = 0; i < trace.head_velocity_dps.size(); ++i) {
        out.ms.push_back(i * 1000.0 / trace.sample_rate_hz - out.analysis.onset_time_ms);
        out.head.push_back(sign * trace.head_velocity_dps[i]);
        out.eye.push_back(sign * trace.eye_velocity_dps[i]);
    }
    return out;
}

void impulse_plot(cairo_t* cr, Axes a, const std::vector<AnalysedImpulse>& impulses) {
    std::vector<std::vector<double>> ms, values;
    for (const auto& i : impulses) ms.push_back(i.ms), values.push_back(i.head), values.push_back(i.eye);
    a.xs = span_of(ms);
    a.ys = span_of(values, {0});
    draw_axes(cr, a);
    std::vector<double> covert_t, covert_v, overt_t, overt_v;
    for (const auto& i : impulses) {
        draw_line(cr, a, i.ms, i.head, kGrey, 0.6);
        draw_line(cr, a, i.ms, i.eye, kBlue, 0.6);
        for (const auto& s : i.analysis.saccades) {
            auto& t = s.kind == model::CatchUpKind::Covert ? covert_t : overt_t;
            auto& v = s.kind == model::CatchUpKind::Covert ? covert_v : overt_v;
            t.push_back(s.peak_latency_ms);
            v.push_back(s.peak_velocity_dps);
        }
    }
    draw_points(cr, a, covert_t, covert_v, kHigh, 3.0);
    draw_points(cr, a, overt_t, overt_v, kOrange, 3.2, true);
    draw_legend(cr, a, {{kGrey, "head velocity"}, {kBlue, "eye velocity"},
                        {kHigh, "covert saccade (" + std::to_string(covert_t.size()) + ")"},
                        {kOrange, "overt saccade (" + std::to_string(overt_t.size()) + ")"}});
}

// ---- VOR adaptation: trial gains and the two-state fit ------------------------------------------

double perturbation_of(const std::string& condition) {
    // The demanded change of gain: x2 viewing asks for +1, x0 (target moving with the head) for -1.
    if (condition.find("x2") != std::string::npos) return 1;
    if (condition.find("x0") != std::string::npos) return -1;
    return 0;
}

// ---- sinusoidal VOR ------------------------------------------------------------------------------

struct VorTraces {
    std::vector<double> t, head, eye;  // deg/s; eye compensatory-positive
    model::SinusoidalVorResult fit;
};

// Velocity channels where the source gave them (vHIT systems), else the tracked positions
// differentiated (Savitzky-Golay, ~50 ms); eye-in-head velocity is negated to be compensatory-positive.
std::optional<VorTraces> vor_traces(const Trial& trial) {
    VorTraces out;
    const Channel* head_v = trial.recording.find(names::kHeadVelocity);
    const Channel* eye_v = trial.recording.find(names::kEyeVelocity);
    const Channel* head = trial.recording.find(names::kHead);
    const Channel* gaze = trial.recording.find(names::kGaze);
    double rate = 0;
    if (head_v && eye_v && !head_v->components.empty() && !eye_v->components.empty() && head_v->size() == eye_v->size()) {
        out.t = head_v->t_s;
        out.head = component_values(*head_v, head_v->components[0].name);
        out.eye = component_values(*eye_v, eye_v->components[0].name);
        rate = head_v->nominal_rate_hz;
    } else if (head && gaze && head->size() == gaze->size() && head->component_index("yaw") && gaze->component_index("x")) {
        rate = head->nominal_rate_hz;
        if (rate <= 0 || head->size() < 16) return std::nullopt;
        const int window = std::max(5, static_cast<int>(std::lround(0.05 * rate)) | 1);
        out.t = head->t_s;
        // Yaw is left-positive and gaze x right-positive: a compensatory eye moves with the yaw's sign.
        out.head = signal::savitzky_golay_with_gaps(component_values(*head, "yaw"), {window, 2}, 1, 1.0 / rate);
        out.eye = signal::savitzky_golay_with_gaps(component_values(*gaze, "x"), {window, 2}, 1, 1.0 / rate);
    } else {
        return std::nullopt;
    }
    if (rate <= 0 || out.t.size() < 16) return std::nullopt;
    std::vector<double> finite_head;
    for (double v : out.head)
        if (std::isfinite(v)) finite_head.push_back(v);
    const double f = signal::peak_frequency(signal::welch_psd(finite_head, rate), 0.05, 5.0);
    if (!std::isfinite(f)) return std::nullopt;
    out.fit = model::fit_sinusoidal_vor(out.t, out.head, out.eye, f);
    return out;
}

// ---- saccades: main sequence ---------------------------------------------------------------------

const Finding* find_metric(const Session& s, const std::string& protocol, const std::string& metric) {
    for (const auto& f : s.findings)
        if (f.protocol == protocol && f.metric == metric) return &f;
    return nullptr;
}

}  // namespace

void hand_analysis_plots(Document& doc, const Session&, const std::string&, const std::vector<const Trial*>& trials) {
    // Four trials tell the story on one or two pages; every trial's numbers are in the findings and the CSV.
    constexpr std::size_t kMaxTrialsDrawn = 4;
    if (trials.size() > kMaxTrialsDrawn)
        doc.paragraph("Velocity profile and tremor spectrum of the first " + std::to_string(kMaxTrialsDrawn) + " of " +
                          std::to_string(trials.size()) + " accepted trials.",
                      Font::Regular, 7.5, kGrey);
    for (std::size_t k = 0; k < std::min(trials.size(), kMaxTrialsDrawn); ++k) {
        const Trial* trial = trials[k];
        const Channel* hand = trial->recording.find(names::kHand);
        if (!hand || hand->size() < 20) continue;
        HandTraces traces;
        try {
            traces = hand_traces(*hand);
        } catch (const Error& e) {
            unavailable(doc, "Velocity profile and tremor spectrum of trial " + std::to_string(trial->index + 1), e.what());
            continue;
        }
        Axes speed, spectrum;
        const std::string name = "trial " + std::to_string(trial->index + 1) +
                                 (trial->condition.empty() ? "" : " (" + trial->condition + ")");
        speed.title = "Velocity profile, " + name;
        speed.x_label = "time [s]";
        speed.y_label = "speed [cm/s]";
        spectrum.title = "Tremor spectrum, " + name;
        spectrum.x_label = "frequency [Hz]";
        spectrum.y_label = "log10 PSD [cm2/Hz]";
        plot_row(doc, 190,
                 {[traces](cairo_t* cr, const Axes& a) { speed_plot(cr, a, traces); },
                  [traces](cairo_t* cr, const Axes& a) { spectrum_plot(cr, a, traces); }},
                 {speed, spectrum});
    }
}

void impulse_analysis_plots(Document& doc, const Session& session, const std::string& protocol,
                            const std::vector<const Trial*>& trials) {
    std::vector<AnalysedImpulse> left, right;
    int failed = 0;
    for (const Trial* t : trials) {
        try {
            auto impulse = analyse(*t);
            if (!impulse) continue;
            // Left and right by the head's direction (yaw left positive).
            (impulse->analysis.direction > 0 ? left : right).push_back(std::move(*impulse));
        } catch (const Error&) {
            ++failed;
        }
    }
    auto gains = [&](const std::string& side) {
        std::string text;
        for (const auto& f : session.findings)
            if (f.protocol == protocol && f.metric.find("gain") != std::string::npos &&
                f.metric.find(side) != std::string::npos)
                text += (text.empty() ? ": gain " : ", ") + format_value(f.value) + " (" + f.method + ")";
        return text;
    };
    std::vector<std::function<void(cairo_t*, const Axes&)>> plots;
    std::vector<Axes> templates;
    for (const auto& [side, group] : {std::pair{std::string("left"), &left}, std::pair{std::string("right"), &right}}) {
        if (group->empty()) continue;
        Axes a;
        a.title = "Impulses to the " + side + gains(side);
        a.x_label = "time from impulse onset [ms]";
        a.y_label = "velocity [deg/s]";
        plots.push_back([impulses = *group](cairo_t* cr, const Axes& ax) { impulse_plot(cr, ax, impulses); });
        templates.push_back(a);
    }
    if (!plots.empty()) plot_row(doc, 215, plots, templates);
    else unavailable(doc, "Impulse overlays", "no trial holds head and eye velocity");
    if (failed > 0)
        doc.paragraph(std::to_string(failed) + " impulse(s) could not be analysed and are not drawn.", Font::Italic, 8,
                      kHigh);
    doc.paragraph("Eye velocity is drawn compensatory-positive with the head's peak upward; catch-up saccades are marked "
                  "at their peak (filled: covert, during the head movement; ring: overt, after it).",
                  Font::Regular, 7.5, kGrey);
}

void adaptation_plots(Document& doc, const Session& session, const std::string& protocol,
                      const std::vector<const Trial*>& trials) {
    std::vector<double> trial_number, gain, perturbation;
    for (const Trial* t : trials) {
        const Channel* head = t->recording.find(names::kHeadVelocity);
        const Channel* eye = t->recording.find(names::kEyeVelocity);
        if (!head || !eye || head->components.empty() || eye->components.empty() || head->size() < 16) continue;
        try {
            const auto h = first_component(*head), e = first_component(*eye);
            // The stimulus frequency is the head velocity's spectral peak.
            const auto spectrum = signal::welch_psd(h, head->nominal_rate_hz);
            const double f = signal::peak_frequency(spectrum, 0.1, 5.0);
            if (!std::isfinite(f)) continue;
            const auto vor = model::fit_sinusoidal_vor(head->t_s, h, e, f);
            trial_number.push_back(static_cast<double>(trial_number.size() + 1));
            gain.push_back(vor.gain);
            perturbation.push_back(perturbation_of(t->condition));
        } catch (const Error&) {
            continue;
        }
    }
    if (gain.size() < 3) return unavailable(doc, "Adaptation curve", "fewer than 3 trials with a measurable VOR gain");
    // Gain change from the baseline trials (no demanded change), as the two-state model is fitted.
    double baseline = 0;
    int n_baseline = 0;
    for (std::size_t i = 0; i < gain.size() && perturbation[i] == 0; ++i) baseline += gain[i], ++n_baseline;
    baseline = n_baseline > 0 ? baseline / n_baseline : 1.0;
    std::vector<double> change(gain.size()), predicted;
    for (std::size_t i = 0; i < gain.size(); ++i) change[i] = gain[i] - baseline;
    std::string fit_text = "no two-state fit stored";
    for (const auto& fit : session.model_fits) {
        if (fit.protocol != protocol || fit.model != "two_state_adaptation") continue;
        const auto *af = fit.parameter("A_f"), *bf = fit.parameter("B_f"), *as = fit.parameter("A_s"),
                   *bs = fit.parameter("B_s");
        if (!af || !bf || !as || !bs) continue;
        predicted = model::simulate_two_state({af->value, bf->value, as->value, bs->value}, perturbation);
        fit_text = "two-state fit (A_f " + format_value(af->value) + ", B_f " + format_value(bf->value) + ", A_s " +
                   format_value(as->value) + ", B_s " + format_value(bs->value) + ")";
    }
    Axes a;
    a.title = "VOR adaptation: gain change per trial (baseline gain " + format_value(baseline) + ")";
    a.x_label = "trial";
    a.y_label = "gain change";
    plot_row(doc, 210,
             {[=](cairo_t* cr, const Axes& frame) {
                 Axes ax = frame;
                 ax.xs = span_of({trial_number});
                 ax.ys = span_of({change, predicted, perturbation});
                 draw_axes(cr, ax);
                 draw_line(cr, ax, trial_number, perturbation, kLightGrey, 1.2);
                 draw_points(cr, ax, trial_number, change, kBlue, 2.2);
                 if (!predicted.empty()) draw_line(cr, ax, trial_number, predicted, kHigh, 1.1);
                 draw_legend(cr, ax, {{kBlue, "measured (sinusoid fit per trial)"}, {kHigh, fit_text},
                                      {kLightGrey, "demanded change"}});
             }},
             {a});
}

void sinusoidal_vor_plots(Document& doc, const std::vector<const Trial*>& trials) {
    for (const Trial* t : trials) {
        std::optional<VorTraces> traces;
        try {
            traces = vor_traces(*t);
        } catch (const Error& e) {
            unavailable(doc, "VOR gain of trial " + std::to_string(t->index + 1), e.what());
            continue;
        }
        if (!traces) continue;
        Axes a;
        a.title = "Trial " + std::to_string(t->index + 1) + (t->condition.empty() ? "" : " (" + t->condition + ")") +
                  ": gain " + format_value(traces->fit.gain) + ", phase " + format_value(traces->fit.phase_deg) +
                  " deg at " + format_value(traces->fit.frequency_hz) + " Hz (" + traces->fit.definition + ")";
        a.x_label = "time [s]";
        a.y_label = "velocity [deg/s]";
        plot_row(doc, 190,
                 {[v = *traces](cairo_t* cr, const Axes& frame) {
                     Axes ax = frame;
                     ax.xs = span_of({v.t});
                     ax.ys = span_of({v.head, v.eye}, {0});
                     draw_axes(cr, ax);
                     draw_line(cr, ax, v.t, v.head, kGrey, 0.7);
                     draw_line(cr, ax, v.t, v.eye, kBlue, 0.7);
                     draw_legend(cr, ax, {{kGrey, "head velocity"}, {kBlue, "eye velocity (compensatory +)"}});
                 }},
                 {a});
    }
}

void saccade_analysis_plots(Document& doc, const Session& session, const std::string& protocol,
                            const std::vector<const Trial*>& trials) {
    std::vector<double> amplitude, peak_velocity;
    for (const Trial* t : trials) {
        const Channel* gaze = t->recording.find(names::kGaze);
        if (!gaze || gaze->size() < 50) continue;
        try {
            for (const auto& e : signal::classify_gaze(*gaze).events)
                if (e.kind == signal::EyeMovement::Saccade)
                    amplitude.push_back(e.amplitude_deg), peak_velocity.push_back(e.peak_velocity_deg_s);
        } catch (const Error& e) {
            unavailable(doc, "Saccades of trial " + std::to_string(t->index + 1), e.what());
        }
    }
    if (amplitude.empty()) return unavailable(doc, "Saccade main sequence", "no saccade was found in the gaze");
    // The normal band and the patient's curve V = Vmax (1 - exp(-A / C)) come from the analysis' findings.
    const Finding* vmax = find_metric(session, protocol, "main_sequence_vmax_deg_s");
    const Finding* c = find_metric(session, protocol, "main_sequence_c_deg");
    Axes a;
    a.title = "Main sequence (" + std::to_string(amplitude.size()) + " saccades)";
    a.x_label = "amplitude [deg]";
    a.y_label = "peak velocity [deg/s]";
    plot_row(doc, 210,
             {[=](cairo_t* cr, const Axes& frame) {
                 Axes ax = frame;
                 std::vector<double> curve_a, fitted, band_lo, band_hi;
                 const double a_max = *std::max_element(amplitude.begin(), amplitude.end()) * 1.1;
                 for (int i = 0; i <= 60; ++i) curve_a.push_back(a_max * i / 60.0);
                 auto curve = [&](double v, double cd) {
                     std::vector<double> out;
                     for (double x : curve_a) out.push_back(v * (1 - std::exp(-x / cd)));
                     return out;
                 };
                 std::vector<std::pair<Colour, std::string>> legend = {{kBlue, "saccades"}};
                 if (vmax && c && c->value > 0) {
                     fitted = curve(vmax->value, c->value);
                     if (vmax->normal.low && vmax->normal.high) {
                         band_lo = curve(*vmax->normal.low, c->value);
                         band_hi = curve(*vmax->normal.high, c->value);
                     }
                 }
                 ax.xs = {0, span_of({curve_a}).hi};
                 ax.ys = span_of({peak_velocity, fitted, band_hi}, {0});
                 if (!band_lo.empty()) {
                     cairo_save(cr);
                     clip_to(cr, ax);
                     set_colour(cr, kNormalBand);
                     cairo_move_to(cr, ax.px(curve_a[0]), ax.py(band_lo[0]));
                     for (std::size_t i = 0; i < curve_a.size(); ++i) cairo_line_to(cr, ax.px(curve_a[i]), ax.py(band_lo[i]));
                     for (std::size_t i = curve_a.size(); i-- > 0;) cairo_line_to(cr, ax.px(curve_a[i]), ax.py(band_hi[i]));
                     cairo_close_path(cr);
                     cairo_fill(cr);
                     cairo_restore(cr);
                     legend.push_back({kNormalBand, "normal Vmax " + format_range(vmax->normal) + " deg/s"});
                 }
                 draw_axes(cr, ax);
                 if (!fitted.empty()) {
                     draw_line(cr, ax, curve_a, fitted, kHigh, 1.0);
                     legend.push_back({kHigh, "fit: Vmax " + format_value(vmax->value) + " deg/s, C " +
                                                  format_value(c->value) + " deg"});
                 }
                 draw_points(cr, ax, amplitude, peak_velocity, kBlue, 2.0);
                 draw_legend(cr, ax, legend);
                 if (band_lo.empty())
                     show_text(cr, ax.x + 4, ax.y + ax.h - 4, "no main-sequence norm among the findings", Font::Italic,
                               6.5, kGrey);
             }},
             {a});
}

}  // namespace purkinje::report::detail
