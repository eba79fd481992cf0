#include "patient_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "finding_display.hpp"
#include "plot.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {

const Finding* find_metric(const SessionFindings& s, const std::string& metric) {
    for (const auto& f : s.findings)
        if (f.metric == metric) return &f;
    return nullptr;
}

std::string date_of(const std::string& iso) { return iso.size() >= 10 ? iso.substr(0, 10) : iso; }

std::string format_value(const Finding& f, const Settings& settings) { return number_with_unit(f.value, f.unit, settings); }

std::string display_name(const Finding& f) { return f.label.empty() ? f.metric : f.label; }

}  // namespace

PatientView::PatientView(store::Database& db, AppState& state) : db_(db), state_(state) {}

void PatientView::reload() {
    loaded_code_ = state_.patient_code;
    seen_generation_ = state_.database_generation;
    patient_.reset();
    sessions_.clear();
    metrics_.clear();
    try {
        patient_ = db_.patient(loaded_code_);
        sessions_ = load_patient_findings(db_, loaded_code_);
        std::set<std::string> metrics;
        for (const auto& s : sessions_)
            for (const auto& f : s.findings) metrics.insert(f.metric);
        metrics_.assign(metrics.begin(), metrics.end());
    } catch (const Error& e) {
        state_.status.error(std::string("Could not load patient ") + loaded_code_ + ": " + e.what());
    }
    metric_index_ = std::clamp(metric_index_, 0, std::max(0, static_cast<int>(metrics_.size()) - 1));
    earlier_ = 0;
    later_ = std::max(0, static_cast<int>(sessions_.size()) - 1);
}

void PatientView::export_session(std::int64_t session_id, const std::vector<std::string>& kinds) {
    if (export_job_.valid()) return;
    last_export_ = {};
    export_job_ = start_session_export(db_, session_id, kinds);
}

void PatientView::draw() {
    collect_session_export(export_job_, last_export_, state_.status);
    if (loaded_code_ != state_.patient_code || seen_generation_ != state_.database_generation) reload();
    if (!patient_) {
        ImGui::TextDisabled("No patient is open. Choose one on the patient list (F2).");
        if (ImGui::Button("Back to patients")) state_.screen = Screen::Patients;
        return;
    }
    draw_header();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("sessions", ImVec2(avail.x * 0.5f, avail.y * 0.5f), true);
    draw_sessions();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("comparison", ImVec2(0, avail.y * 0.5f), true);
    draw_comparison();
    ImGui::EndChild();
    ImGui::BeginChild("course", ImVec2(0, 0), true);
    draw_course();
    ImGui::EndChild();
}

void PatientView::draw_header() {
    const Patient& p = *patient_;
    if (ImGui::Button("< Patients (F2)")) state_.screen = Screen::Patients;
    ImGui::SameLine();
    if (ImGui::Button("New session (Ctrl+E)")) state_.screen = Screen::NewSession;
    ImGui::SameLine();
    ImGui::Text("Patient %s", p.code.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("|  born %s  |  %s  |  %s", p.birth_year ? std::to_string(*p.birth_year).c_str() : "-",
                        p.sex.c_str(), p.diagnosis.empty() ? "no diagnosis recorded" : p.diagnosis.c_str());
    if (p.identity) {
        ImGui::SameLine();
        ImGui::TextDisabled("|  %s, %s  %s", p.identity->family_name.c_str(), p.identity->given_name.c_str(),
                            p.identity->medical_record_number.c_str());
    }
}

void PatientView::draw_sessions() {
    ImGui::Text("Sessions (%zu)", sessions_.size());
    ImGui::Separator();
    if (sessions_.empty()) {
        ImGui::TextDisabled("No sessions yet. A new session records the bedside exam with a camera.");
        return;
    }
    if (ImGui::BeginTable("session table", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY)) {
        ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
        ImGui::TableSetupColumn("Trials", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 3);
        ImGui::TableSetupColumn("Abnormal", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5f);
        ImGui::TableSetupColumn("Headline findings");
        ImGui::TableSetupColumn("Open / export", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 12.5f);
        ImGui::TableHeadersRow();
        // Newest first: the clinician looks for the last visit.
        for (auto it = sessions_.rbegin(); it != sessions_.rend(); ++it) {
            const auto& s = *it;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(date_of(s.summary.started_at).c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Session %lld, %s, examiner %s", static_cast<long long>(s.summary.id),
                                                          s.summary.started_at.c_str(), s.summary.examiner.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", s.summary.trial_count);
            ImGui::TableNextColumn();
            ImGui::Text("%d of %d", s.summary.abnormal_count, s.summary.finding_count);
            ImGui::TableNextColumn();
            const auto headline = s.headline(3);
            if (headline.empty()) ImGui::TextDisabled(s.summary.latest_analysis_version.empty() ? "not analysed" : "no findings");
            for (const Finding* f : headline) {
                ImGui::PushStyleColor(ImGuiCol_Text, flag_colour(f->flag));
                ImGui::TextWrapped("%s %s (%s)", display_name(*f).c_str(), format_value(*f, state_.settings).c_str(), to_string(f->flag));
                ImGui::PopStyleColor();
            }
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(s.summary.id));
            if (ImGui::SmallButton("Review")) state_.open_review(loaded_code_, s.summary.id);
            ImGui::SameLine();
            ImGui::BeginDisabled(export_job_.valid());
            if (ImGui::SmallButton("PDF")) export_session(s.summary.id, {"pdf"});
            ImGui::SameLine();
            if (ImGui::SmallButton("CSV")) export_session(s.summary.id, {"csv"});
            ImGui::SameLine();
            if (ImGui::SmallButton("FHIR")) export_session(s.summary.id, {"fhir"});
            ImGui::EndDisabled();
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
}

void PatientView::draw_comparison() {
    ImGui::TextUnformatted("Compare two sessions");
    ImGui::Separator();
    if (sessions_.size() < 2) {
        ImGui::TextDisabled("Two sessions are needed for a comparison.");
        return;
    }
    std::vector<std::string> names;
    for (const auto& s : sessions_) names.push_back(date_of(s.summary.started_at) + "  (#" + std::to_string(s.summary.id) + ")");
    auto combo = [&](const char* label, int& index) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11);
        if (ImGui::BeginCombo(label, names[index].c_str())) {
            for (int i = 0; i < static_cast<int>(names.size()); ++i)
                if (ImGui::Selectable(names[i].c_str(), i == index)) index = i;
            ImGui::EndCombo();
        }
    };
    combo("Earlier", earlier_);
    ImGui::SameLine();
    combo("Later", later_);
    const auto& a = sessions_[earlier_];
    const auto& b = sessions_[later_];
    if (ImGui::BeginTable("compare", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY)) {
        ImGui::TableSetupColumn("Metric");
        ImGui::TableSetupColumn(date_of(a.summary.started_at).c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
        ImGui::TableSetupColumn(date_of(b.summary.started_at).c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
        ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10);
        ImGui::TableHeadersRow();
        for (const auto& metric : metrics_) {
            const Finding* fa = find_metric(a, metric);
            const Finding* fb = find_metric(b, metric);
            if (!fa && !fb) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(display_name(fa ? *fa : *fb).c_str());
            for (const Finding* f : {fa, fb}) {
                ImGui::TableNextColumn();
                if (!f) {
                    ImGui::TextDisabled("-");
                    continue;
                }
                ImGui::PushStyleColor(ImGuiCol_Text, flag_colour(f->flag));
                ImGui::TextUnformatted(format_value(*f, state_.settings).c_str());
                ImGui::PopStyleColor();
            }
            ImGui::TableNextColumn();
            if (!fa || !fb) continue;
            const MetricChange change = compare_findings(*fa, *fb);
            const DisplayValue d = to_display(change.difference, fa->unit, state_.settings);
            const std::string unit_text = unit_after_number(d.unit);
            const char* unit = unit_text.c_str();
            if (!change.threshold)
                ImGui::TextDisabled("%+.3g %s (no interval)", d.value, unit);
            else if (change.detectable())
                ImGui::Text("%+.3g %s  beyond MDC", d.value, unit);
            else
                ImGui::TextDisabled("%+.3g %s  within MDC", d.value, unit);
            if (ImGui::IsItemHovered() && change.threshold)
                ImGui::SetTooltip("Smallest detectable change: %.3g %s (95%%, from both sessions' intervals)",
                                  to_display(*change.threshold, fa->unit, state_.settings).value, unit);
        }
        ImGui::EndTable();
    }
}

void PatientView::draw_course() {
    ImGui::TextUnformatted("Course across sessions");
    ImGui::Separator();
    if (metrics_.empty()) {
        ImGui::TextDisabled("No analysed sessions yet: the course of each metric appears here.");
        return;
    }
    ImGui::BeginChild("metric list", ImVec2(ImGui::GetFontSize() * 16, 0));
    for (int i = 0; i < static_cast<int>(metrics_.size()); ++i) {
        std::string label = metrics_[i];
        for (const auto& s : sessions_)
            if (const Finding* f = find_metric(s, metrics_[i]); f && !f->label.empty()) label = f->label;
        if (ImGui::Selectable((label + "##" + metrics_[i]).c_str(), i == metric_index_)) metric_index_ = i;
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("metric plot");
    const std::string& metric = metrics_[metric_index_];
    PlotOptions options;
    PlotSeries values;
    const Finding* first = nullptr;
    const Finding* last = nullptr;
    int index = 0;
    for (const auto& s : sessions_) {
        const Finding* f = find_metric(s, metric);
        if (!f) continue;
        if (!first) first = f;
        last = f;
        options.x_category_labels.push_back(date_of(s.summary.started_at));
        const DisplayValue v = to_display(f->value, f->unit, state_.settings);
        values.x.push_back(index++);
        values.y.push_back(v.value);
        values.y_low.push_back(f->ci_low ? to_display(*f->ci_low, f->unit, state_.settings).value : NAN);
        values.y_high.push_back(f->ci_high ? to_display(*f->ci_high, f->unit, state_.settings).value : NAN);
    }
    if (!last) {
        ImGui::EndChild();
        return;
    }
    values.label = display_name(*last);
    values.points = true;
    options.title = display_name(*last) + "  (" + last->method + ")";
    options.x_label = "session";
    options.include_zero = true;
    options.y_unit = to_display(last->value, last->unit, state_.settings).unit;
    if (last->normal.low || last->normal.high) {
        PlotBand band;
        if (last->normal.low) band.low = to_display(*last->normal.low, last->unit, state_.settings).value;
        if (last->normal.high) band.high = to_display(*last->normal.high, last->unit, state_.settings).value;
        band.label = "normal range";
        options.bands.push_back(band);
    }
    if (const auto mdc = minimal_detectable_change(*first)) {
        PlotBand band;
        const double centre = to_display(first->value, first->unit, state_.settings).value;
        const double half = to_display(*mdc, first->unit, state_.settings).value;
        band.low = centre - half;
        band.high = centre + half;
        band.label = "first session +/- MDC95";
        band.color = IM_COL32(0, 114, 178, 35);
        options.bands.push_back(band);
    }
    options.size = ImVec2(0, std::max(ImGui::GetFontSize() * 10, ImGui::GetContentRegionAvail().y - ImGui::GetFontSize() * 2.6f));
    plot("course", options, {values});
    if (!last->normal.citation.empty()) ImGui::TextDisabled("Normal range: %s", last->normal.citation.c_str());
    else ImGui::TextDisabled("No normal range for this metric.");
    if (!minimal_detectable_change(*first))
        ImGui::TextDisabled("The first session gives no 95%% interval, so no minimal detectable change is shown.");
    ImGui::EndChild();
}

}  // namespace purkinje::app
