#include "patients_screen.hpp"

#include <imgui.h>

#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {
const char* kSexes[] = {"female", "male", "other", "unknown"};
}

PatientsScreen::PatientsScreen(store::Database& db) : db_(db) { reload(); }

void PatientsScreen::reload() {
    try {
        patients_ = db_.list_patients(search_);
        sessions_ = selected_code_.empty() ? std::vector<store::SessionSummary>{} : db_.list_sessions(selected_code_);
    } catch (const Error& e) {
        message_ = e.what();
        message_is_error_ = true;
    }
}

void PatientsScreen::draw() {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("patient list", ImVec2(avail.x * 0.38f, 0), true);
    draw_list();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("patient details", ImVec2(0, 0), true);
    draw_details();
    ImGui::EndChild();
}

void PatientsScreen::draw_list() {
    ImGui::TextUnformatted("Patients");
    ImGui::Separator();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##search", "Search code, diagnosis or name", search_, sizeof search_)) reload();
    if (ImGui::BeginTable("patients", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                             ImGuiTableFlags_ScrollY, ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 6))) {
        ImGui::TableSetupColumn("Code");
        ImGui::TableSetupColumn("Born");
        ImGui::TableSetupColumn("Diagnosis");
        ImGui::TableHeadersRow();
        for (const auto& p : patients_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(p.code.c_str(), p.code == selected_code_, ImGuiSelectableFlags_SpanAllColumns)) {
                selected_code_ = p.code;
                reload();
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(p.birth_year ? std::to_string(*p.birth_year).c_str() : "-");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(p.diagnosis.c_str());
        }
        ImGui::EndTable();
    }
    if (patients_.empty()) ImGui::TextDisabled(search_[0] ? "No patient matches the search." : "No patients yet: add one below.");
    draw_add_form();
}

void PatientsScreen::draw_add_form() {
    ImGui::Separator();
    ImGui::TextUnformatted("New patient");
    ImGui::InputTextWithHint("Code", "pseudonymous, e.g. P-0001", new_code_, sizeof new_code_);
    ImGui::InputInt("Birth year", &new_birth_year_, 0);
    ImGui::Combo("Sex", &new_sex_, kSexes, IM_ARRAYSIZE(kSexes));
    ImGui::InputText("Diagnosis", new_diagnosis_, sizeof new_diagnosis_);
    if (ImGui::Button("Add patient")) {
        Patient p;
        p.code = new_code_;
        if (new_birth_year_ > 0) p.birth_year = new_birth_year_;
        p.sex = kSexes[new_sex_];
        p.diagnosis = new_diagnosis_;
        try {
            db_.add_patient(p);
            message_ = "Added patient " + p.code + ".";
            message_is_error_ = false;
            selected_code_ = p.code;
            new_code_[0] = '\0';
            new_diagnosis_[0] = '\0';
            new_birth_year_ = 0;
            reload();
        } catch (const Error& e) {
            message_ = e.what();
            message_is_error_ = true;
        }
    }
    if (!message_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, message_is_error_ ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.1f, 0.45f, 0.1f, 1));
        ImGui::TextWrapped("%s", message_.c_str());
        ImGui::PopStyleColor();
    }
}

void PatientsScreen::draw_details() {
    if (selected_code_.empty()) {
        ImGui::TextDisabled("Select a patient to see their sessions.");
        return;
    }
    ImGui::Text("Patient %s", selected_code_.c_str());
    ImGui::Separator();
    if (sessions_.empty()) {
        ImGui::TextDisabled("No sessions yet.");
        return;
    }
    if (ImGui::BeginTable("sessions", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        for (const char* h : {"Session", "Started (UTC)", "Trials", "Findings", "Abnormal"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const auto& s : sessions_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(s.id));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.started_at.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", s.trial_count);
            ImGui::TableNextColumn();
            ImGui::Text("%d", s.finding_count);
            ImGui::TableNextColumn();
            ImGui::Text("%d", s.abnormal_count);
        }
        ImGui::EndTable();
    }
}

}  // namespace purkinje::app
