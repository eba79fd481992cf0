#include "sections.hpp"

#include <algorithm>
#include <cmath>

#include "analysis_plots.hpp"
#include "plot.hpp"
#include "purkinje/core/names.hpp"
#include "purkinje/report/impression.hpp"
#include "tables.hpp"

namespace purkinje::report::detail {
namespace {

bool is_hand_protocol(const std::string& p) {
    return p == names::kFingerChase || p == names::kNoseFinger || p == names::kFastAlternating ||
           p == names::kPosturalTremor || p == names::kRestTremor;
}
bool is_impulse_protocol(const std::string& p) { return p == names::kHeadImpulse || p == names::kVhitImport; }

std::vector<const Trial*> accepted_trials(const Session& session, const std::string& protocol) {
    std::vector<const Trial*> trials;
    for (const auto& t : session.trials)
        if (t.protocol == protocol && t.accepted) trials.push_back(&t);
    return trials;
}

std::string trial_name(const Trial& t) {
    return "trial " + std::to_string(t.index + 1) + (t.condition.empty() ? "" : " (" + t.condition + ")");
}

// Hand path in the movement plane, each trial in its colour, the targets as rings.
void hand_path_plot(cairo_t* cr, const Axes& frame, const std::vector<const Trial*>& trials) {
    std::vector<std::vector<double>> xs, ys;
    std::vector<double> target_x, target_y;
    std::vector<std::pair<Colour, std::string>> legend;
    for (std::size_t k = 0; k < trials.size(); ++k) {
        const Channel* hand = trials[k]->recording.find(names::kHand);
        if (!hand) continue;
        xs.push_back(component_values(*hand, "x"));
        ys.push_back(component_values(*hand, "y"));
        if (legend.size() < 6) legend.push_back({trial_colour(k), trial_name(*trials[k])});
        if (const Channel* target = trials[k]->recording.find(names::kTarget)) {
            const auto tx = component_values(*target, "x"), ty = component_values(*target, "y");
            target_x.insert(target_x.end(), tx.begin(), tx.end());
            target_y.insert(target_y.end(), ty.begin(), ty.end());
        }
    }
    Axes a = frame;
    auto all_x = xs, all_y = ys;
    all_x.push_back(target_x);
    all_y.push_back(target_y);
    a.xs = span_of(all_x);
    a.ys = span_of(all_y);
    a.make_equal_aspect();
    draw_axes(cr, a);
    if (xs.empty()) return draw_note(cr, a, "no hand samples in the accepted trials");
    for (std::size_t k = 0; k < xs.size(); ++k) draw_line(cr, a, xs[k], ys[k], trial_colour(k), 0.7);
    draw_points(cr, a, target_x, target_y, kHigh, 4.5, true);
    legend.push_back({kHigh, "targets"});
    draw_legend(cr, a, legend);
}

// Every component of the named channels against time, for one trial.
void channels_over_time_plot(cairo_t* cr, const Axes& frame, const Trial& trial,
                             const std::vector<std::string>& channel_names) {
    Axes a = frame;
    std::vector<std::vector<double>> ts, vs;
    std::vector<std::pair<Colour, std::string>> legend;
    std::string unit;
    for (const auto& name : channel_names) {
        const Channel* ch = trial.recording.find(name);
        if (!ch) continue;
        for (const auto& c : ch->components) {
            ts.push_back(ch->t_s);
            vs.push_back(component_values(*ch, c.name));
            legend.push_back({trial_colour(legend.size()), name + " " + c.name + " [" + c.unit + "]"});
            if (unit.empty()) unit = c.unit;
        }
    }
    a.xs = span_of(ts);
    a.ys = span_of(vs);
    if (a.y_label.empty()) a.y_label = unit;
    draw_axes(cr, a);
    if (ts.empty()) return draw_note(cr, a, "no samples");
    for (std::size_t k = 0; k < ts.size(); ++k) draw_line(cr, a, ts[k], vs[k], legend[k].first, 0.7);
    draw_legend(cr, a, legend);
}

}  // namespace

std::vector<double> component_values(const Channel& channel, const std::string& component) {
    const auto index = channel.component_index(component);
    std::vector<double> out(channel.size(), std::nan(""));
    if (!index) return out;
    const auto& values = channel.values[*index];
    for (std::size_t i = 0; i < out.size() && i < values.size(); ++i)
        out[i] = i < channel.confidence.size() && channel.confidence[i] <= 0 ? std::nan("") : values[i];
    return out;
}

std::vector<std::string> protocols_of(const Session& session) {
    std::vector<std::string> protocols;
    auto add = [&](const std::string& p) {
        if (std::find(protocols.begin(), protocols.end(), p) == protocols.end()) protocols.push_back(p);
    };
    for (const auto& t : session.trials) add(t.protocol);
    for (const auto& f : session.findings) add(f.protocol);
    for (const auto& m : session.model_fits) add(m.protocol);
    return protocols;
}

void plot_row(Document& doc, double height, const std::vector<std::function<void(cairo_t*, const Axes&)>>& plots,
              const std::vector<Axes>& templates) {
    const double gap = 48, left_pad = 36;
    const double n = static_cast<double>(plots.size());
    const double cell = (doc.width() - left_pad - gap * (n - 1)) / n;
    const double x0 = doc.left() + left_pad;
    doc.block(height, [=](cairo_t* cr, double top) {
        for (std::size_t k = 0; k < plots.size(); ++k) {
            Axes a = templates[k];
            a.x = x0 + k * (cell + gap);
            a.y = top + 16;
            a.w = cell;
            a.h = height - 44;
            cairo_save(cr);
            plots[k](cr, a);
            cairo_restore(cr);
        }
    });
}

void protocol_section(Document& doc, const Session& session, const std::string& protocol) {
    doc.heading(protocol_title(protocol));
    const auto trials = accepted_trials(session, protocol);
    int total = 0;
    for (const auto& t : session.trials) total += t.protocol == protocol ? 1 : 0;
    std::string trial_line = std::to_string(total) + (total == 1 ? " trial" : " trials") + ", " +
                             std::to_string(trials.size()) + " accepted.";
    for (const auto& t : session.trials)
        if (t.protocol == protocol && !t.accepted)
            trial_line += " Rejected: " + trial_name(t) + (t.note.empty() ? "" : ", " + t.note) + ".";
    doc.paragraph(trial_line, Font::Regular, 8.5, kGrey);

    std::vector<Finding> findings;
    for (const auto& f : session.findings)
        if (f.protocol == protocol) findings.push_back(f);
    if (!findings.empty()) findings_table(doc, findings, {false, true});

    if (is_hand_protocol(protocol) && !trials.empty()) {
        Axes path;
        path.title = "Hand path and targets";
        path.x_label = "x [cm]";
        path.y_label = "y [cm]";
        Axes over_time;
        over_time.title = "Hand position, " + trial_name(*trials.front());
        over_time.x_label = "time [s]";
        const Trial* first = trials.front();
        plot_row(doc, 220,
                 {[trials](cairo_t* cr, const Axes& a) { hand_path_plot(cr, a, trials); },
                  [first](cairo_t* cr, const Axes& a) { channels_over_time_plot(cr, a, *first, {names::kHand}); }},
                 {path, over_time});
        hand_analysis_plots(doc, session, protocol, trials);
    } else if (is_impulse_protocol(protocol) && !trials.empty()) {
        impulse_analysis_plots(doc, session, protocol, trials);
    } else if (protocol == names::kVorAdaptation) {
        adaptation_plots(doc, session, protocol, trials);
    } else if (!trials.empty()) {
        // Eye and head tasks: the channels as recorded, then what the analysis adds.
        Axes a;
        a.title = trial_name(*trials.front()) + ": gaze, head and target";
        a.x_label = "time [s]";
        const Trial* first = trials.front();
        plot_row(doc, 200,
                 {[first](cairo_t* cr, const Axes& ax) {
                     channels_over_time_plot(cr, ax, *first,
                                             {names::kGaze, names::kTarget, names::kHead, names::kHeadVelocity,
                                              names::kEyeVelocity});
                 }},
                 {a});
        if (protocol == names::kSaccades) saccade_analysis_plots(doc, session, protocol, trials);
        if (protocol == names::kVorSinusoidal || protocol == names::kVorCancellation) sinusoidal_vor_plots(doc, trials);
    }
    for (const auto& fit : session.model_fits)
        if (fit.protocol == protocol) model_fit_table(doc, fit);
}

}  // namespace purkinje::report::detail
