#include "review_screen.hpp"

#include <chrono>

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>
#include <utility>

#include "finding_display.hpp"
#include "plot.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::app {
namespace {

// Plotting every sample of a long trial costs frames for nothing: a screen is ~2000 px wide.
constexpr std::size_t kMaxPlotPoints = 4000;
// A session of many trials shows the first few per protocol; the rest are listed in the trial table.
constexpr int kMaxTrialsPlotted = 4;

bool is_hand_protocol(const std::string& protocol) {
    return protocol == names::kFingerChase || protocol == names::kNoseFinger || protocol == names::kFastAlternating ||
           protocol == names::kPosturalTremor || protocol == names::kRestTremor;
}

std::string range_text(const Finding& f, const Settings& settings) {
    if (!f.normal.low && !f.normal.high) return "-";
    const std::string low = f.normal.low ? number_with_unit(*f.normal.low, f.unit, settings) : "";
    const std::string high = f.normal.high ? number_with_unit(*f.normal.high, f.unit, settings) : "";
    if (!f.normal.low) return "<= " + high;  // inclusive, as NormalRange::judge
    if (!f.normal.high) return ">= " + low;
    return low + " - " + high;
}

// std::string editing without imgui_stdlib (not in Debian's package): grow the string on request.
int resize_callback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(data->UserData);
        text->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = text->data();
    }
    return 0;
}

bool edit_text(const char* label, std::string& text, ImVec2 multiline_size = ImVec2(-1, 0)) {
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize;
    if (multiline_size.y > 0)
        return ImGui::InputTextMultiline(label, text.data(), text.capacity() + 1, multiline_size, flags, resize_callback, &text);
    ImGui::SetNextItemWidth(multiline_size.x);
    return ImGui::InputText(label, text.data(), text.capacity() + 1, flags, resize_callback, &text);
}

// Every n-th sample so a plot stays under kMaxPlotPoints; NaN where tracking was lost (confidence 0),
// so a gap reads as a gap and not as a straight line.
PlotSeries component_series(const Channel& ch, std::size_t component, const std::string& label, bool time_axis,
                            std::optional<std::size_t> y_component = std::nullopt) {
    PlotSeries s = line_series(label, {}, {});
    const std::size_t n = ch.t_s.size();
    const std::size_t step = std::max<std::size_t>(1, n / kMaxPlotPoints);
    for (std::size_t i = 0; i < n; i += step) {
        const bool lost = i < ch.confidence.size() && ch.confidence[i] <= 0.0f;
        const double v = ch.values[component][i];
        if (time_axis) {
            s.x.push_back(ch.t_s[i]);
            s.y.push_back(lost ? NAN : v);
        } else {
            s.x.push_back(v);
            s.y.push_back(lost ? NAN : ch.values[*y_component][i]);
        }
    }
    return s;
}

std::vector<PlotMarker> event_markers(const Recording& r) {
    std::vector<PlotMarker> markers;
    for (const auto& e : r.events) {
        if (markers.size() >= 60) break;
        markers.push_back({e.t_s, e.kind, IM_COL32(120, 120, 120, 110)});
    }
    return markers;
}

// The stimulus log's target steps ("target" events, values named by the label "x_deg,y_deg") as
// step lines: what the patient was asked to look at or reach for, when no target channel was stored.
std::vector<PlotSeries> target_steps(const Recording& r, double end_s, std::string& unit) {
    std::vector<std::string> names;
    std::vector<PlotSeries> series;
    for (std::size_t i = 0; i < r.events.size(); ++i) {
        const StimulusEvent& e = r.events[i];
        // A schedule longer than the trial: only what was shown while it was recorded.
        if (e.kind != "target" || e.values.empty() || e.t_s >= end_s) continue;
        if (series.empty()) {
            std::string part;
            for (char c : e.label + ",") {
                if (c != ',') part += c;
                else names.push_back(std::exchange(part, {}));
            }
            names.resize(e.values.size());
            for (const auto& n : names) series.push_back(line_series("target " + n, {}, {}));
            const auto underscore = names.front().find('_');
            unit = underscore == std::string::npos ? "" : names.front().substr(underscore + 1);
        }
        double next_t = end_s;
        for (std::size_t j = i + 1; j < r.events.size(); ++j)
            if (r.events[j].kind == "target") { next_t = r.events[j].t_s; break; }
        for (std::size_t c = 0; c < series.size() && c < e.values.size(); ++c) {
            series[c].x.insert(series[c].x.end(), {e.t_s, std::clamp(next_t, e.t_s, end_s)});
            series[c].y.insert(series[c].y.end(), {e.values[c], e.values[c]});
        }
    }
    return series;
}

}  // namespace

ReviewScreen::ReviewScreen(store::Database& db, AppState& state) : db_(db), state_(state) {}

bool ReviewScreen::reload() {
    if (state_.review_session_id != analysis_session_id_) analysis_notes_.clear();  // they were another session's
    loaded_id_ = state_.review_session_id;
    seen_generation_ = state_.database_generation;
    session_.reset();
    protocols_.clear();
    notes_.clear();
    if (loaded_id_ == 0) return false;  // nothing chosen yet
    try {
        session_ = db_.load_session(loaded_id_);
    } catch (const Error& e) {
        state_.status.error("Session " + std::to_string(loaded_id_) + " could not be opened for review: " + e.what());
        return false;
    } catch (const std::exception& e) {
        state_.status.error("Session " + std::to_string(loaded_id_) + " could not be read for review: " + e.what());
        return false;
    }
    for (const auto& t : session_->trials)
        if (t.index < 0) {
            state_.status.error("Session " + std::to_string(loaded_id_) + " has a trial with a negative index; it cannot be reviewed.");
            session_.reset();
            return false;
        }
    auto add_protocol = [this](const std::string& p) {
        if (!p.empty() && std::find(protocols_.begin(), protocols_.end(), p) == protocols_.end()) protocols_.push_back(p);
    };
    for (const auto& t : session_->trials) add_protocol(t.protocol);
    for (const auto& f : session_->findings) add_protocol(f.protocol);
    for (const auto& f : session_->model_fits) add_protocol(f.protocol);
    for (const auto& t : session_->trials) {
        if (notes_.size() <= static_cast<std::size_t>(t.index)) notes_.resize(static_cast<std::size_t>(t.index) + 1);
        notes_[static_cast<std::size_t>(t.index)] = t.note;
    }
    comment_ = session_->comment;
    protocol_index_ = std::clamp(protocol_index_, 0, std::max(0, static_cast<int>(protocols_.size()) - 1));
    return true;
}

bool ReviewScreen::select_protocol(const std::string& protocol) {
    const auto at = std::find(protocols_.begin(), protocols_.end(), protocol);
    if (at == protocols_.end()) return false;
    protocol_index_ = static_cast<int>(at - protocols_.begin());
    return true;
}

bool ReviewScreen::set_trial_accepted(int trial_index, bool accepted, const std::string& note) {
    if (!session_) return false;
    try {
        db_.set_trial_accepted(session_->id, trial_index, accepted, note);
    } catch (const Error& e) {
        state_.status.error("The trial's review was not saved (the session is unchanged): " + std::string(e.what()));
        return false;
    }
    state_.status.info(std::string("Trial ") + std::to_string(trial_index + 1) + (accepted ? " accepted." : " rejected.") +
                       " The stored findings stay as analysed until the session is analysed again.");
    ++state_.database_generation;
    return reload();
}

bool ReviewScreen::save_comment(const std::string& comment) {
    if (!session_) return false;
    try {
        db_.set_session_comment(session_->id, comment);
    } catch (const Error& e) {
        state_.status.error("The comment was not saved (the previous one is kept): " + std::string(e.what()));
        return false;
    }
    state_.status.info("Comment saved.");
    ++state_.database_generation;
    return reload();
}

void ReviewScreen::export_session(const std::vector<std::string>& kinds) {
    if (export_job_.valid() || !session_) return;
    last_export_ = {};
    export_job_ = start_session_export(db_, session_->id, kinds);
}

void ReviewScreen::reanalyse() {
    if (analysis_job_.valid() || !session_) return;
    analysis_notes_.clear();
    analysis_session_id_ = session_->id;
    analysis_job_ = std::async(std::launch::async, [session = *session_] { return assess::analyse_session(session); });
    state_.status.info("Analysing the accepted trials of session " + std::to_string(analysis_session_id_) + "...");
}

void ReviewScreen::collect_analysis() {
    if (!analysis_job_.valid() || analysis_job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    try {
        const assess::SessionAnalysis analysis = analysis_job_.get();
        // The store keeps every version and refuses a repeated one: a re-analysis after a review
        // carries its ordinal beside the algorithm's version.
        const auto earlier = db_.analyses(analysis_session_id_).size();
        const std::string version = earlier == 0 ? analysis.algorithm_version
                                                 : analysis.algorithm_version + " (re-analysis " + std::to_string(earlier + 1) + ")";
        db_.add_analysis(analysis_session_id_, version, analysis.findings, analysis.fits);
        analysis_notes_ = analysis.notes;
        state_.status.info("Stored analysis \"" + version + "\": " + std::to_string(analysis.findings.size()) + " finding(s), " +
                           std::to_string(analysis.fits.size()) + " model fit(s)" +
                           (analysis.notes.empty() ? "." : ", " + std::to_string(analysis.notes.size()) + " note(s) below."));
        ++state_.database_generation;
    } catch (const std::exception& e) {
        state_.status.error(std::string("The re-analysis was not stored (the earlier analysis is kept): ") + e.what());
    }
}

void ReviewScreen::draw() {
    collect_session_export(export_job_, last_export_, state_.status);
    collect_analysis();
    if (loaded_id_ != state_.review_session_id || seen_generation_ != state_.database_generation) reload();
    if (!session_) {
        ImGui::TextDisabled("No session is open for review. Open one from a patient's page.");
        if (ImGui::Button("Back to patients")) state_.screen = Screen::Patients;
        return;
    }
    draw_header();
    if (protocols_.empty()) {
        ImGui::TextDisabled("This session holds no trials and no findings.");
        draw_comment();
        return;
    }
    if (ImGui::BeginTabBar("protocols")) {
        for (int i = 0; i < static_cast<int>(protocols_.size()); ++i) {
            const ImGuiTabItemFlags flags = i == protocol_index_ ? ImGuiTabItemFlags_SetSelected : 0;
            if (ImGui::BeginTabItem(protocols_[i].c_str(), nullptr, flags)) ImGui::EndTabItem();
            if (ImGui::IsItemClicked()) protocol_index_ = i;
        }
        ImGui::EndTabBar();
    }
    const std::string& protocol = protocols_[static_cast<std::size_t>(protocol_index_)];
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side_w = avail.x * 0.42f;
    ImGui::BeginChild("plots", ImVec2(avail.x - side_w - ImGui::GetStyle().ItemSpacing.x, 0), true);
    draw_plots(protocol);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("side", ImVec2(0, 0), true);
    draw_findings(protocol);
    draw_fits(protocol);
    draw_trials(protocol);
    draw_comment();
    ImGui::EndChild();
}

void ReviewScreen::draw_header() {
    const Session& s = *session_;
    if (ImGui::Button("< Patient (F3)")) state_.open_patient(s.patient_code);
    ImGui::SameLine();
    ImGui::Text("Review: patient %s, session %lld, %s", s.patient_code.c_str(), static_cast<long long>(s.id),
                s.started_at.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("| %s | %.0f Hz | examiner %s", s.camera.c_str(), s.camera_fps,
                        s.examiner.empty() ? "-" : s.examiner.c_str());
    ImGui::BeginDisabled(export_job_.valid());
    if (ImGui::Button("Export PDF")) export_session({"pdf"});
    ImGui::SameLine();
    if (ImGui::Button("Export CSV")) export_session({"csv"});
    ImGui::SameLine();
    if (ImGui::Button("Export FHIR")) export_session({"fhir"});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(analysis_job_.valid());
    if (ImGui::Button(analysis_job_.valid() ? "Analysing..." : "Re-analyse")) reanalyse();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Analyses the accepted trials again and stores the result as a new analysis version;\n"
                          "earlier analyses are kept.");
    ImGui::SameLine();
    if (s.analysis_version.empty()) ImGui::TextDisabled("not analysed yet");
    else ImGui::TextDisabled("analysis %s", s.analysis_version.c_str());
    for (const auto& note : analysis_notes_) ImGui::TextDisabled("  %s", note.c_str());
}

void ReviewScreen::update_overlays(const std::string& protocol) {
    if (overlay_job_.valid() && overlay_job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        try {
            auto result = overlay_job_.get();
            overlays_ = std::move(result.overlays);
            overlay_notes_ = std::move(result.notes);
        } catch (const std::exception& e) {
            overlays_.clear();
            overlay_notes_ = {std::string("the model overlays could not be computed: ") + e.what()};
        }
    }
    const std::string key = std::to_string(loaded_id_) + "/" + std::to_string(seen_generation_) + "/" + protocol;
    if (key == overlay_key_ || overlay_job_.valid()) return;
    overlay_key_ = key;
    overlays_.clear();
    overlay_notes_.clear();
    // The fits refit or re-evaluated over each trial's data may take a second: on a worker, with copies.
    std::vector<Trial> trials;
    for (const auto& t : session_->trials)
        if (t.protocol == protocol && t.accepted && trials.size() < 2) trials.push_back(t);
    overlay_job_ = std::async(std::launch::async, [trials = std::move(trials), fits = session_->model_fits] {
        OverlayResult result;
        for (const auto& t : trials)
            for (auto& o : assess::fit_overlays(t, fits, 4, &result.notes)) {
                o.title += " (trial " + std::to_string(t.index + 1) + ")";
                result.overlays.push_back(std::move(o));
            }
        return result;
    });
}

void ReviewScreen::draw_overlays(float plot_h) {
    if (overlay_job_.valid()) ImGui::TextDisabled("Laying the model fits over the data ...");
    for (std::size_t k = 0; k < overlays_.size(); ++k) {
        const auto& o = overlays_[k];
        PlotOptions options;
        options.title = o.title;
        options.x_label = o.x_label;
        options.x_unit = o.x_unit;
        options.y_label = o.y_label;
        options.y_unit = o.y_unit;
        options.size = ImVec2(0, plot_h);
        std::vector<PlotSeries> series;
        for (const auto& c : o.curves) {
            PlotSeries s = line_series(c.label, c.x, c.y);
            // The model as a wide translucent band of its reach's colour, the measurement a thin line on it.
            const ImU32 colour = palette_colour(c.group);
            s.color = c.model ? ((colour & 0x00FFFFFFu) | (110u << 24)) : colour;
            s.thickness = c.model ? 5.0f : 1.5f;
            s.line = !c.points;
            s.points = c.points;
            series.push_back(std::move(s));
        }
        plot(("overlay " + std::to_string(k)).c_str(), options, series);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", o.method.c_str());
        ImGui::PopStyleColor();
    }
    for (const auto& note : overlay_notes_) ImGui::TextDisabled("%s", note.c_str());
}

void ReviewScreen::draw_plots(const std::string& protocol) {
    int shown = 0;
    const float plot_h = std::max(ImGui::GetFontSize() * 11, ImGui::GetContentRegionAvail().y / 2.3f);
    update_overlays(protocol);
    draw_overlays(plot_h);
    for (const auto& trial : session_->trials) {
        if (trial.protocol != protocol) continue;
        if (shown++ == kMaxTrialsPlotted) {
            ImGui::TextDisabled("Further trials are listed on the right; the first %d are plotted.", kMaxTrialsPlotted);
            break;
        }
        ImGui::PushID(trial.index);
        ImGui::Text("Trial %d%s%s", trial.index + 1, trial.condition.empty() ? "" : ", ", trial.condition.c_str());
        if (!trial.accepted) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "rejected");
        }
        const Recording& r = trial.recording;
        const Channel* target = r.find(names::kTarget);
        if (r.channels.empty() && trial.videos.empty()) {
            ImGui::TextDisabled("This trial holds no tracked channels and no video.");
        } else if (r.channels.empty()) {
            std::int64_t frames = 0;
            for (const auto& v : trial.videos) frames += v.frame_count;
            ImGui::TextDisabled("This trial holds its raw video (%lld frames) and the stimulus log but no tracked channels\n"
                                "(recorded without live trackers), so there is nothing to analyse.",
                                static_cast<long long>(frames));
        }
        if (!target) {
            // The recording's length where there is one (channels, video), else the log's own.
            double end_s = 0;
            for (const auto& ch : r.channels)
                if (!ch.t_s.empty()) end_s = std::max(end_s, ch.t_s.back());
            for (const auto& v : trial.videos)
                if (session_->camera_fps > 0) end_s = std::max(end_s, static_cast<double>(v.frame_count) / session_->camera_fps);
            if (end_s <= 0)
                for (const auto& e : r.events) end_s = std::max(end_s, e.t_s + 0.5);
            PlotOptions o;
            o.title = "stimulus: target positions from the trial's stimulus log";
            o.x_label = "time";
            o.x_unit = "s";
            o.size = ImVec2(0, plot_h);
            o.markers = event_markers(r);
            std::erase_if(o.markers, [end_s](const PlotMarker& m) { return m.x > end_s; });
            auto steps = target_steps(r, end_s, o.y_unit);
            if (!steps.empty()) plot("stimulus", o, steps);
        }
        const Channel* hand = r.find(names::kHand);
        // The hand's path in its plane with the targets it chased: dysmetria reads as overshoot at a target.
        if (is_hand_protocol(protocol) && hand && hand->components.size() >= 2 && !hand->t_s.empty()) {
            PlotOptions o;
            o.title = "hand path with targets";
            o.x_label = "x";
            o.x_unit = hand->components[0].unit;
            o.y_label = "y";
            o.y_unit = hand->components[1].unit;
            o.size = ImVec2(0, plot_h);
            std::vector<PlotSeries> series{component_series(*hand, 0, "hand", false, 1)};
            if (target && target->components.size() >= 2 && target->components[0].unit == o.x_unit) {
                PlotSeries t = component_series(*target, 0, "targets", false, 1);
                t.line = false;
                t.points = true;
                series.push_back(std::move(t));
            }
            plot("path", o, series);
        }
        // Every recorded channel over time, with the target's matching component laid over it.
        for (const auto& ch : r.channels) {
            if (ch.name == names::kTarget || ch.t_s.empty() || ch.components.empty()) continue;
            PlotOptions o;
            o.title = ch.name + " over time";
            o.x_label = "time";
            o.x_unit = "s";
            o.y_unit = ch.components[0].unit;
            o.size = ImVec2(0, plot_h);
            o.markers = event_markers(r);
            std::vector<PlotSeries> series;
            for (std::size_t c = 0; c < ch.components.size() && c < 3; ++c) {
                if (ch.components[c].unit != o.y_unit) continue;
                series.push_back(component_series(ch, c, ch.name + " " + ch.components[c].name, true));
                if (!target) continue;
                const auto tc = target->component_index(ch.components[c].name);
                if (tc && target->components[*tc].unit == o.y_unit) {
                    PlotSeries t = component_series(*target, *tc, "target " + ch.components[c].name, true);
                    t.thickness = 1.0f;
                    series.push_back(std::move(t));
                }
            }
            plot(ch.name.c_str(), o, series);
        }
        ImGui::PopID();
        ImGui::Separator();
    }
    if (shown == 0) ImGui::TextDisabled("No recorded trials for this protocol (findings only, e.g. an import).");
}

void ReviewScreen::draw_findings(const std::string& protocol) {
    ImGui::TextUnformatted("Findings");
    int count = 0;
    if (ImGui::BeginTable("findings", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Metric");
        ImGui::TableSetupColumn("Value");
        ImGui::TableSetupColumn("Normal range");
        ImGui::TableSetupColumn("Flag");
        ImGui::TableSetupColumn("Method");
        ImGui::TableHeadersRow();
        for (const auto& f : session_->findings) {
            if (f.protocol != protocol) continue;
            ++count;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", (f.label.empty() ? f.metric : f.label).c_str());
            ImGui::TableNextColumn();
            std::string value = number_with_unit(f.value, f.unit, state_.settings);
            if (f.ci_low && f.ci_high)
                value += " [" + number_with_unit(*f.ci_low, f.unit, state_.settings) + ", " +
                         number_with_unit(*f.ci_high, f.unit, state_.settings) + "]";
            ImGui::TextWrapped("%s", value.c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", range_text(f, state_.settings).c_str());
            if (ImGui::IsItemHovered() && !f.normal.citation.empty()) ImGui::SetTooltip("%s", f.normal.citation.c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(flag_colour(f.flag), "%s", to_string(f.flag));
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", f.method.c_str());
        }
        ImGui::EndTable();
    }
    if (count == 0)
        ImGui::TextDisabled(session_->analysis_version.empty() ? "The session has not been analysed (Re-analyse): no findings yet."
                                                               : "No findings for this protocol.");
    // Citations in full under the table: a flag is only as good as the norm behind it.
    for (const auto& f : session_->findings)
        if (f.protocol == protocol && !f.normal.citation.empty())
            ImGui::TextDisabled("%s: %s", f.metric.c_str(), f.normal.citation.c_str());
    ImGui::Separator();
}

void ReviewScreen::draw_fits(const std::string& protocol) {
    int count = 0;
    for (const auto& fit : session_->model_fits) {
        if (fit.protocol != protocol) continue;
        if (count++ == 0) ImGui::TextUnformatted("Model fits");
        ImGui::Text("%s %s: RMSE %.3g %s, R^2 %.2f, n = %d, %s", fit.model.c_str(), fit.model_version.c_str(),
                    fit.quality.rmse, fit.quality.rmse_unit.c_str(), fit.quality.r_squared, fit.quality.n_observations,
                    fit.quality.converged ? "converged" : "NOT converged");
        for (const auto& p : fit.parameters) {
            if (!p.identifiable) {
                ImGui::BulletText("%s: not identifiable from these data", p.name.c_str());
                continue;
            }
            if (p.ci_low && p.ci_high)
                ImGui::BulletText("%s = %.3g %s  [%.3g, %.3g]", p.name.c_str(), p.value, p.unit.c_str(), *p.ci_low, *p.ci_high);
            else
                ImGui::BulletText("%s = %.3g %s", p.name.c_str(), p.value, p.unit.c_str());
        }
    }
    if (count > 0) ImGui::TextDisabled("Laid over the data on the left, where the model has a picture.");
    ImGui::Separator();
}

void ReviewScreen::draw_trials(const std::string& protocol) {
    ImGui::TextUnformatted("Trials");
    for (const auto& trial : session_->trials) {
        if (trial.protocol != protocol) continue;
        ImGui::PushID(trial.index);
        ImGui::Text("%d", trial.index + 1);
        ImGui::SameLine();
        ImGui::TextColored(trial.accepted ? ImVec4(0.1f, 0.45f, 0.1f, 1) : ImVec4(0.75f, 0.1f, 0.1f, 1), "%s",
                           trial.accepted ? "accepted" : "rejected");
        ImGui::SameLine();
        std::string& note = notes_[static_cast<std::size_t>(trial.index)];
        edit_text("##note", note, ImVec2(ImGui::GetFontSize() * 14, 0));
        ImGui::SameLine();
        if (ImGui::SmallButton(trial.accepted ? "Reject" : "Accept")) {
            const std::string keep = note;
            set_trial_accepted(trial.index, !trial.accepted, keep);
            ImGui::PopID();
            return;  // the session was reloaded: the loop's trial is gone
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Saves the decision with the note beside it (audit logged).");
        ImGui::PopID();
    }
    ImGui::Separator();
}

void ReviewScreen::draw_comment() {
    if (!session_) return;
    ImGui::TextUnformatted("Clinician's comment");
    edit_text("##comment", comment_, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
    ImGui::BeginDisabled(comment_ == session_->comment);
    if (ImGui::Button("Save comment")) save_comment(std::string(comment_.c_str()));
    ImGui::EndDisabled();
}

}  // namespace purkinje::app
