#include "settings_screen.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstring>

#include "purkinje/core/error.hpp"
#include "purkinje/core/paths.hpp"

namespace purkinje::app {
namespace {
void copy_to(char* buffer, std::size_t size, const std::string& text) {
    std::strncpy(buffer, text.c_str(), size - 1);
    buffer[size - 1] = '\0';
}
}  // namespace

void SettingsScreen::begin_editing() {
    draft_ = state_.settings;
    copy_to(database_path_, sizeof database_path_, draft_.database_path);
    copy_to(video_path_, sizeof video_path_, draft_.video_path);
    editing_ = true;
}

void SettingsScreen::set_draft(const Settings& draft) {
    editing_ = true;
    draft_ = draft;
    copy_to(database_path_, sizeof database_path_, draft_.database_path);
    copy_to(video_path_, sizeof video_path_, draft_.video_path);
}

bool SettingsScreen::save() {
    draft_.database_path = database_path_;
    draft_.video_path = video_path_;
    problems_ = settings_problems(draft_);
    if (!problems_.empty()) {
        state_.status.error("Settings not saved: " + std::to_string(problems_.size()) + " field(s) out of range (listed above Save).");
        return false;
    }
    if (draft_.camera_kind == "video" && draft_.video_path.empty()) {
        state_.status.error("Settings not saved: the default camera is a video file, but no file is given.");
        return false;
    }
    try {
        save_settings(draft_, state_.settings_file);
    } catch (const Error& e) {
        state_.status.error(std::string("Settings not saved: ") + e.what());
        return false;
    }
    const bool new_database = draft_.database_path != state_.settings.database_path;
    state_.settings = draft_;
    state_.reopen_database = new_database;
    state_.status.info("Settings saved to " + state_.settings_file + ".");
    return true;
}

void SettingsScreen::draw_hand_and_screen() {
    const float field = ImGui::GetFontSize() * 7;
    auto number = [field](const char* label, double& value, const char* format) {
        ImGui::SetNextItemWidth(field);
        ImGui::InputDouble(label, &value, 0, 0, format);
    };
    auto integer = [field](const char* label, int& value) {
        ImGui::SetNextItemWidth(field);
        ImGui::InputInt(label, &value, 0);
    };
    ImGui::TextUnformatted("Hand board and fingertip sticker");
    ImGui::TextDisabled("The printed reference marker lying in the movement plane, and where its centre is in the targets' frame.");
    integer("Reference marker id (DICT_4X4_50)", draft_.hand_reference_id);
    number("Marker side [cm] (black square)", draft_.hand_reference_side_cm, "%.2f");
    number("Marker centre x [cm]", draft_.hand_reference_x_cm, "%.2f");
    ImGui::SameLine();
    number("y [cm]", draft_.hand_reference_y_cm, "%.2f");
    integer("Sticker hue from", draft_.sticker_hue_low);
    ImGui::SameLine();
    integer("to (0-179; from > to wraps through red)", draft_.sticker_hue_high);
    integer("Sticker saturation at least", draft_.sticker_saturation_low);
    ImGui::SameLine();
    integer("value at least (0-255)", draft_.sticker_value_low);
    ImGui::Spacing();
    ImGui::TextUnformatted("Stimulus screen (measured) and camera calibration");
    number("Screen picture width [cm]", draft_.screen_width_cm, "%.1f");
    ImGui::SameLine();
    number("height [cm]", draft_.screen_height_cm, "%.1f");
    number("Viewing distance, eyes to screen [cm]", draft_.viewing_distance_cm, "%.1f");
    number("Accept a camera calibration up to [px RMS]", draft_.calibration_max_rms_px, "%.2f");
}

void SettingsScreen::draw() {
    if (!editing_) begin_editing();
    ImGui::TextUnformatted("Settings");
    ImGui::Separator();

    ImGui::TextUnformatted("Database");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 30);
    ImGui::InputTextWithHint("Database file", purkinje::default_database_path().string().c_str(), database_path_,
                             sizeof database_path_);
    ImGui::TextDisabled("Open now: %s", state_.database_file.c_str());
    ImGui::Spacing();

    ImGui::TextUnformatted("Camera for new sessions");
    static const char* kinds[] = {"camera", "video", "simulated"};
    static const char* kind_labels[] = {"Live camera", "Video file", "Simulated patient"};
    int kind = 2;
    for (int i = 0; i < 3; ++i)
        if (draft_.camera_kind == kinds[i]) kind = i;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (ImGui::Combo("Source", &kind, kind_labels, 3)) draft_.camera_kind = kinds[kind];
    if (draft_.camera_kind == "camera") {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::InputInt("Camera number (/dev/videoN)", &draft_.camera_index);
        if (draft_.camera_index < 0) draft_.camera_index = 0;
    }
    if (draft_.camera_kind == "video") {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 30);
        ImGui::InputText("Video file", video_path_, sizeof video_path_);
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputInt("Width [px]", &draft_.camera_width, 0);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputInt("Height [px]", &draft_.camera_height, 0);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputDouble("Frame rate [Hz]", &draft_.camera_fps, 0, 0, "%.1f");
    if (draft_.camera_fps < 100)
        ImGui::TextDisabled("Head impulses need at least 100 Hz; this rate suits the other protocols.");
    ImGui::Spacing();

    ImGui::TextUnformatted("Units shown");
    ImGui::TextDisabled("Stored values keep the library's units (cm, ms, deg); only the display changes.");
    int distance = draft_.distance_unit == "mm" ? 1 : 0;
    if (ImGui::RadioButton("cm", distance == 0)) draft_.distance_unit = "cm";
    ImGui::SameLine();
    if (ImGui::RadioButton("mm", distance == 1)) draft_.distance_unit = "mm";
    ImGui::SameLine();
    ImGui::TextUnformatted("  distances");
    int time = draft_.time_unit == "s" ? 1 : 0;
    if (ImGui::RadioButton("ms", time == 0)) draft_.time_unit = "ms";
    ImGui::SameLine();
    if (ImGui::RadioButton("s", time == 1)) draft_.time_unit = "s";
    ImGui::SameLine();
    ImGui::TextUnformatted("  latencies and durations");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::SliderFloat("Font size [px] (on restart)", &draft_.font_size_px, 10.0f, 32.0f, "%.0f");
    ImGui::Spacing();
    draw_hand_and_screen();
    ImGui::Separator();
    for (const auto& problem : problems_) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::BulletText("%s", problem.c_str());
        ImGui::PopStyleColor();
    }
    if (ImGui::Button("Save  (Ctrl+S)") || ctrl_shortcut(GLFW_KEY_S))
        save();
    ImGui::SameLine();
    if (ImGui::Button("Discard changes")) begin_editing();
    ImGui::SameLine();
    ImGui::TextDisabled("Settings file: %s", state_.settings_file.c_str());
}

}  // namespace purkinje::app
