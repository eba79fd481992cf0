#include "patients_screen.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cctype>
#include <cstring>

#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {
const char* kSexes[] = {"female", "male", "other", "unknown"};

void copy_to(char* buffer, std::size_t size, const std::string& text) {
    std::strncpy(buffer, text.c_str(), size - 1);
    buffer[size - 1] = '\0';
}

std::string trimmed(const char* text) {
    std::string s(text);
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool is_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
}  // namespace

PatientsScreen::PatientsScreen(store::Database& db, AppState& state) : db_(db), state_(state) {}

void PatientsScreen::reload() {
    seen_generation_ = state_.database_generation;
    try {
        patients_ = db_.list_patients(trimmed(search_));
    } catch (const Error& e) {
        patients_.clear();
        state_.status.error(std::string("Could not list the patients: ") + e.what());
    }
}

void PatientsScreen::set_search(const std::string& text) {
    copy_to(search_, sizeof search_, text);
    reload();
}

void PatientsScreen::start_new() {
    fill_form(Patient{});
    editing_id_ = 0;
    form_message_.clear();
}

void PatientsScreen::start_edit(const std::string& code) {
    try {
        fill_form(db_.patient(code));
        form_message_.clear();
    } catch (const Error& e) {
        state_.status.error(e.what());
    }
}

void PatientsScreen::fill_form(const Patient& p) {
    editing_id_ = p.id;
    editing_created_at_ = p.created_at;
    editing_code_ = p.code;
    copy_to(code_, sizeof code_, p.code);
    birth_year_ = p.birth_year.value_or(0);
    sex_ = 3;
    for (int i = 0; i < 4; ++i)
        if (p.sex == kSexes[i]) sex_ = i;
    copy_to(diagnosis_, sizeof diagnosis_, p.diagnosis);
    const PatientIdentity identity = p.identity.value_or(PatientIdentity{});
    copy_to(family_name_, sizeof family_name_, identity.family_name);
    copy_to(given_name_, sizeof given_name_, identity.given_name);
    copy_to(date_of_birth_, sizeof date_of_birth_, identity.date_of_birth);
    copy_to(record_number_, sizeof record_number_, identity.medical_record_number);
}

bool PatientsScreen::submit_form() {
    auto refuse = [&](const std::string& message) {
        form_message_ = message;
        form_message_is_error_ = true;
        return false;
    };
    Patient p;
    p.id = editing_id_;
    p.created_at = editing_created_at_;
    p.code = trimmed(code_);
    if (p.code.empty()) return refuse("Enter a pseudonymous code for the patient (for example P-0001).");
    if (birth_year_ != 0) p.birth_year = birth_year_;
    p.sex = kSexes[sex_];
    p.diagnosis = trimmed(diagnosis_);
    PatientIdentity identity{trimmed(family_name_), trimmed(given_name_), trimmed(date_of_birth_), trimmed(record_number_)};
    if (!identity.date_of_birth.empty() && !is_date(identity.date_of_birth))
        return refuse("The date of birth '" + identity.date_of_birth + "' is not a date; write it as YYYY-MM-DD.");
    // Identifying fields are stored only when at least one is entered.
    if (!identity.family_name.empty() || !identity.given_name.empty() || !identity.date_of_birth.empty() ||
        !identity.medical_record_number.empty())
        p.identity = identity;
    try {
        if (editing_id_ == 0) {
            db_.add_patient(p);
            form_message_ = "Added patient " + p.code + ".";
        } else {
            db_.update_patient(p);
            form_message_ = "Saved patient " + p.code + ".";
        }
    } catch (const Error& e) {
        return refuse(e.what());
    }
    form_message_is_error_ = false;
    selected_code_ = p.code;
    editing_id_ = p.id;
    editing_created_at_ = p.created_at;
    editing_code_ = p.code;
    ++state_.database_generation;
    reload();
    return true;
}

void PatientsScreen::draw() {
    if (seen_generation_ != state_.database_generation) reload();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("patient list", ImVec2(avail.x * 0.5f, 0), true);
    draw_list();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("patient form", ImVec2(0, 0), true);
    draw_form();
    ImGui::EndChild();
}

void PatientsScreen::draw_list() {
    ImGui::TextUnformatted("Patients");
    ImGui::Separator();
    ImGui::SetNextItemWidth(-1);
    if (ctrl_shortcut(GLFW_KEY_F)) ImGui::SetKeyboardFocusHere();
    if (ImGui::InputTextWithHint("##search", "Search code, diagnosis or name  (Ctrl+F)", search_, sizeof search_)) reload();
    if (ImGui::BeginTable("patients", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                          ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f))) {
        ImGui::TableSetupColumn("Code");
        ImGui::TableSetupColumn("Born", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 3.5f);
        ImGui::TableSetupColumn("Sex", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5f);
        ImGui::TableSetupColumn("Diagnosis");
        ImGui::TableHeadersRow();
        for (const auto& p : patients_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(p.code.c_str(), p.code == selected_code_,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                selected_code_ = p.code;
                start_edit(p.code);
                if (ImGui::IsMouseDoubleClicked(0)) state_.open_patient(p.code);
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(p.birth_year ? std::to_string(*p.birth_year).c_str() : "-");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(p.sex.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(p.diagnosis.c_str());
        }
        ImGui::EndTable();
    }
    if (patients_.empty())
        ImGui::TextDisabled(search_[0] ? "No patient matches the search." : "No patients yet: add one on the right (Ctrl+N).");
    else
        ImGui::TextDisabled("%zu patient(s). Double-click or Enter opens one.", patients_.size());
    if (!selected_code_.empty() && ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows) && ImGui::IsKeyPressed(GLFW_KEY_ENTER, false))
        state_.open_patient(selected_code_);
}

void PatientsScreen::draw_form() {
    if (ctrl_shortcut(GLFW_KEY_N)) {
        start_new();
        ImGui::SetKeyboardFocusHere();
    }
    ImGui::TextUnformatted(editing_id_ == 0 ? "New patient" : "Patient details");
    ImGui::Separator();
    const float field = ImGui::GetFontSize() * 16;
    ImGui::SetNextItemWidth(field);
    ImGui::InputTextWithHint("Code (pseudonym)", "e.g. P-0001", code_, sizeof code_);
    ImGui::SetNextItemWidth(field);
    ImGui::InputInt("Birth year", &birth_year_, 0);
    ImGui::SameLine();
    ImGui::TextDisabled("(0 = not given)");
    ImGui::SetNextItemWidth(field);
    ImGui::Combo("Sex", &sex_, kSexes, IM_ARRAYSIZE(kSexes));
    ImGui::SetNextItemWidth(field);
    ImGui::InputTextWithHint("Diagnosis", "e.g. SCA6, MS, post-stroke", diagnosis_, sizeof diagnosis_);
    ImGui::Spacing();
    ImGui::TextUnformatted("Identifying fields (optional, kept apart from the code)");
    ImGui::SetNextItemWidth(field);
    ImGui::InputText("Family name", family_name_, sizeof family_name_);
    ImGui::SetNextItemWidth(field);
    ImGui::InputText("Given name", given_name_, sizeof given_name_);
    ImGui::SetNextItemWidth(field);
    ImGui::InputTextWithHint("Date of birth", "YYYY-MM-DD", date_of_birth_, sizeof date_of_birth_);
    ImGui::SetNextItemWidth(field);
    ImGui::InputText("Record number", record_number_, sizeof record_number_);
    ImGui::Spacing();
    if (ImGui::Button(editing_id_ == 0 ? "Add patient" : "Save changes")) submit_form();
    ImGui::SameLine();
    if (ImGui::Button("New (Ctrl+N)")) start_new();
    if (editing_id_ != 0) {
        ImGui::SameLine();
        if (ImGui::Button("Open patient")) state_.open_patient(editing_code_);
    }
    if (!form_message_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, form_message_is_error_ ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.1f, 0.45f, 0.1f, 1));
        ImGui::TextWrapped("%s", form_message_.c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace purkinje::app
