#include "new_session_screen.hpp"

#include "head_camera_choice.hpp"

#include <imgui.h>

#include <cstring>

#include "purkinje/capture/timing.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/sim/patient.hpp"

namespace purkinje::app {

NewSessionScreen::NewSessionScreen(AppState& state, std::unique_ptr<ExamSession>& exam, std::filesystem::path database_folder)
    : state_(state), exam_(exam), database_folder_(std::move(database_folder)), checked_(exam_protocols().size(), false) {}

void NewSessionScreen::begin(const std::string& patient_code) {
    patient_code_ = patient_code;
    const Settings& s = state_.settings;
    source_ = SourceChoice{};
    source_.kind = s.camera_kind == "camera" ? SourceKind::Camera : s.camera_kind == "video" ? SourceKind::VideoFile : SourceKind::Simulated;
    source_.camera_index = s.camera_index;
    source_.video_path = s.video_path;
    std::strncpy(video_path_, s.video_path.c_str(), sizeof video_path_ - 1);
    if (source_.kind != SourceKind::Simulated) {
        source_.width = s.camera_width;
        source_.height = s.camera_height;
    }
    source_.fps = s.camera_fps;
    message_.clear();
    try {
        patient_presets_ = sim::preset_names();
    } catch (const Error& e) {
        patient_presets_.clear();
        message_ = std::string("The virtual patient's presets are not available: ") + e.what();
    }
    if (checked_protocols().empty()) apply_preset("full cerebellar exam");
}

std::filesystem::path NewSessionScreen::intrinsics_folder() const {
    const std::filesystem::path settings = state_.settings_file.empty() ? default_settings_path() : std::filesystem::path(state_.settings_file);
    return settings.parent_path() / "cameras";
}

SourceChoice NewSessionScreen::chosen_camera() const {
    SourceChoice choice = source_;
    choice.video_path = video_path_;
    return choice;
}

std::optional<track::CameraIntrinsics> NewSessionScreen::stored_for(const SourceChoice& camera, StoredIntrinsics& cache) const {
    // Read once per camera; a new calibration clears the cache.
    const auto file = intrinsics_file(intrinsics_folder(), camera);
    if (file != cache.file) {
        cache.file = file;
        cache.intrinsics = load_camera_intrinsics(intrinsics_folder(), camera);
    }
    return cache.intrinsics;
}

std::optional<track::CameraIntrinsics> NewSessionScreen::stored_intrinsics() const { return stored_for(chosen_camera(), stored_chosen_); }

std::optional<track::CameraIntrinsics> NewSessionScreen::stored_head_camera_intrinsics() const {
    if (!source_.head_camera.enabled) return std::nullopt;
    return stored_for(head_camera_source(chosen_camera()), stored_head_);
}

void NewSessionScreen::start_camera_calibration() {
    const bool head_camera = calibrate_head_camera_ && source_.head_camera.enabled;
    const SourceChoice choice = head_camera ? head_camera_source(chosen_camera()) : chosen_camera();
    if (choice.kind == SourceKind::VideoFile && choice.video_path.empty()) {
        message_ = "Enter the video file of the board first.";
        return;
    }
    if (!(choice.fps > 0 && choice.fps <= 1000) || choice.width < 64 || choice.height < 48 || choice.width > 8192 || choice.height > 8192) {
        message_ = "The camera size or rate is not usable for a calibration (64 x 48 to 8192 px, 1 to 1000 Hz).";
        return;
    }
    CalibrationCriteria criteria;
    criteria.max_rms_px = state_.settings.calibration_max_rms_px;
    calibration_run_.reset();  // joins a running one first
    calibration_ = {};
    calibration_collected_ = false;
    calibration_note_.clear();
    message_.clear();
    calibrated_camera_ = choice;
    calibration_run_ = std::make_unique<CameraCalibrationRun>([choice] { return open_calibration_source(choice); }, criteria,
                                                              choice.kind == SourceKind::Simulated);
}

void NewSessionScreen::stop_camera_calibration() {
    if (calibration_run_) calibration_run_->request_stop();
}

void NewSessionScreen::collect_camera_calibration() {
    if (!calibration_run_) return;
    calibration_ = calibration_run_->snapshot();
    if (!calibration_.finished || calibration_collected_) return;
    calibration_collected_ = true;
    if (!calibration_.intrinsics || !calibration_.accepted) {
        calibration_note_ = "Not stored: the session keeps the camera's earlier calibration, if any, else the field-of-view guess.";
        return;
    }
    const auto file = intrinsics_file(intrinsics_folder(), calibrated_camera_);
    try {
        std::error_code ec;
        std::filesystem::create_directories(file.parent_path(), ec);
        track::save_intrinsics(file, *calibration_.intrinsics);
        stored_chosen_.file.clear();
        stored_head_.file.clear();
        calibration_note_ = "Stored for this camera in " + file.string() + "; head pose uses it from the next trial on.";
    } catch (const std::exception& e) {
        calibration_note_ = std::string("The calibration could not be stored: ") + e.what();
    }
}

void NewSessionScreen::draw_calibration() {
    const Settings& s = state_.settings;
    ImGui::TextUnformatted("Stimulus screen");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%.1f x %.1f cm, viewed from %.0f cm (settings): targets at their stated cm and degrees. The screen "
                       "homography is found on the live screen once the stimulus window is in the camera's view.",
                       s.screen_width_cm, s.screen_height_cm, s.viewing_distance_cm);
    ImGui::PopStyleColor();
    ImGui::Spacing();
    ImGui::TextUnformatted("Camera calibration (ChArUco board)");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Print the 5 x 7 board (30 mm squares, 22 mm markers, DICT_4X4_50) and hold it up, still, at 12 poses.");
    ImGui::PopStyleColor();
    const bool running = calibration_run_ && !calibration_.finished;
    if (source_.head_camera.enabled) {
        // VOR gains take the head from the head camera: that is the camera whose intrinsics head pose uses.
        int which = calibrate_head_camera_ ? 1 : 0;
        ImGui::BeginDisabled(running);
        ImGui::RadioButton("Eye camera##calibrate", &which, 0);
        ImGui::SameLine();
        ImGui::RadioButton("Head camera##calibrate", &which, 1);
        ImGui::EndDisabled();
        calibrate_head_camera_ = which == 1;
    }
    if (!running) {
        if (ImGui::Button("Calibrate camera")) start_camera_calibration();
    } else if (ImGui::Button("Stop and calibrate")) {
        stop_camera_calibration();
    }
    if (calibration_run_) {
        ImGui::SameLine();
        ImGui::ProgressBar(float(calibration_.views) / float(std::max(1, calibration_.views_wanted)), ImVec2(ImGui::GetFontSize() * 10, 0),
                           (std::to_string(calibration_.views) + " / " + std::to_string(calibration_.views_wanted) + " views").c_str());
        // The camera image at the left, what the step says beside it: both stay in view in the panel.
        if (!calibration_.overlay.empty() && calibration_.overlay_index != calibration_image_index_) {
            calibration_image_.upload(calibration_.overlay);
            calibration_image_index_ = calibration_.overlay_index;
        }
        const float image_width = ImGui::GetContentRegionAvail().x * 0.55f;
        if (!calibration_image_.empty()) {
            calibration_image_.draw(image_width);
            ImGui::SameLine();
        }
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(0.0f);
        if (running)
            ImGui::Text("%d corners, %d markers in view%s", calibration_.corners_now, calibration_.markers_now,
                        calibration_.still ? ", held still" : "");
        const bool failed = calibration_.finished && !calibration_.accepted;
        if (calibration_.finished)
            ImGui::PushStyleColor(ImGuiCol_Text, failed ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.1f, 0.55f, 0.2f, 1));
        ImGui::TextWrapped("%s", calibration_.message.c_str());
        if (calibration_.finished) ImGui::PopStyleColor();
        if (calibration_.intrinsics) {
            const auto& k = calibration_.intrinsics->camera_matrix;
            const auto& d = calibration_.intrinsics->distortion;
            ImGui::TextWrapped("Principal point (%.1f, %.1f) px; distortion k1 %.3f, k2 %.3f", k(0, 2), k(1, 2), d.size() > 0 ? d[0] : 0.0,
                               d.size() > 1 ? d[1] : 0.0);
        }
        if (!calibration_note_.empty()) ImGui::TextWrapped("%s", calibration_note_.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
    } else {
        const auto show_stored = [](const char* camera, const std::optional<track::CameraIntrinsics>& stored) {
            if (stored)
                ImGui::Text("Stored for the %s: focal length %.1f px, RMS %.3f px over %d views.", camera, stored->camera_matrix(0, 0),
                            stored->rms_reprojection_px, stored->frames_used);
            else
                ImGui::TextDisabled("No calibration stored for the %s: head pose uses a field-of-view guess (flagged).", camera);
        };
        show_stored(source_.head_camera.enabled ? "eye camera" : "camera", stored_intrinsics());
        if (source_.head_camera.enabled) show_stored("head camera", stored_head_camera_intrinsics());
    }
}

void NewSessionScreen::apply_preset(const std::string& name) {
    for (const auto& preset : checklist_presets())
        if (name == preset.name) set_protocols(preset.protocols);
}

void NewSessionScreen::set_protocols(const std::vector<std::string>& protocols) {
    const auto& all = exam_protocols();
    for (std::size_t i = 0; i < all.size(); ++i)
        checked_[i] = std::find(protocols.begin(), protocols.end(), all[i].key) != protocols.end();
}

std::vector<std::string> NewSessionScreen::checked_protocols() const {
    std::vector<std::string> out;
    const auto& all = exam_protocols();
    for (std::size_t i = 0; i < all.size(); ++i)
        if (checked_[i]) out.push_back(all[i].key);
    return out;
}

bool NewSessionScreen::start() {
    source_.video_path = video_path_;
    ExamPlan plan;
    plan.patient_code = patient_code_;
    plan.protocols = checked_protocols();
    plan.source = source_;
    plan.trial_seconds = trial_seconds_;
    plan.examiner = "purkinje app";
    plan.calibration.hand = hand_board(state_.settings);
    plan.calibration.intrinsics = stored_intrinsics();
    plan.calibration.head_camera_intrinsics = stored_head_camera_intrinsics();
    if (patient_code_.empty()) message_ = "Open a patient first: a session belongs to a patient.";
    else if (plan.protocols.empty()) message_ = "Choose at least one protocol (or a preset).";
    else if (source_.kind == SourceKind::VideoFile && source_.video_path.empty()) message_ = "Enter the video file to analyse.";
    else if (source_.kind == SourceKind::VideoFile && !std::filesystem::exists(source_.video_path))
        message_ = "The video file " + source_.video_path + " does not exist.";
    else if (!(trial_seconds_ >= 1 && trial_seconds_ <= 600)) message_ = "A trial lasts 1 to 600 s.";
    else if (!usable_camera_format(source_.width, source_.height, source_.fps))
        message_ = std::string("The camera size or rate is not usable (") + kCameraFormat + ").";
    else if (!head_camera_problem(source_).empty()) message_ = head_camera_problem(source_);
    else if (calibration_run_ && !calibration_.finished) message_ = "The camera calibration is still running: stop it or let it finish.";
    else {
        try {
            exam_ = std::make_unique<ExamSession>(plan, database_folder_);
            message_.clear();
            state_.screen = Screen::Live;
            return true;
        } catch (const Error& e) {
            message_ = e.what();
        }
    }
    return false;
}

void NewSessionScreen::draw() {
    collect_camera_calibration();
    if (ImGui::Button("< Patient (F3)")) state_.screen = Screen::PatientView;
    ImGui::SameLine();
    ImGui::Text("New session for patient %s", patient_code_.c_str());
    ImGui::Separator();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("protocols", ImVec2(avail.x * 0.5f, -ImGui::GetFrameHeightWithSpacing() * 2.5f), true);
    draw_protocols();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("camera", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2.5f), true);
    draw_camera();
    ImGui::EndChild();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputDouble("Trial length [s]", &trial_seconds_, 0, 0, "%.0f");
    ImGui::SameLine();
    if (ImGui::Button("Start session")) start();
    if (!message_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextWrapped("%s", message_.c_str());
        ImGui::PopStyleColor();
    }
}

void NewSessionScreen::draw_protocols() {
    ImGui::TextUnformatted("Protocols");
    for (const auto& preset : checklist_presets()) {
        if (ImGui::Button(preset.name)) apply_preset(preset.name);
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Separator();
    const auto& all = exam_protocols();
    for (std::size_t i = 0; i < all.size(); ++i) {
        bool on = checked_[i];
        std::string label = all[i].title;
        if (all[i].sara_item[0]) label += std::string("  (") + all[i].sara_item + ")";
        if (ImGui::Checkbox(label.c_str(), &on)) checked_[i] = on;
        ImGui::SameLine(ImGui::GetFontSize() * 22);
        ImGui::TextDisabled("%s view", records_eye_and_head(source_, all[i].key) ? "eye + face" : all[i].view);
        if (const auto need = capture::rate_requirement(all[i].key)) {
            ImGui::SameLine();
            if (on && source_.fps < need->minimum_rate_hz) {
                ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
                ImGui::Text("needs >= %.0f Hz", need->minimum_rate_hz);
                ImGui::PopStyleColor();
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", need->reason.c_str());
            } else {
                ImGui::TextDisabled(">= %.0f Hz", need->minimum_rate_hz);
            }
        }
    }
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Each protocol's instructions to the patient and its stimulus schedule come from the analysis "
                       "module (assess); the virtual patient follows the same schedule.");
    ImGui::PopStyleColor();
}

void NewSessionScreen::draw_camera() {
    ImGui::TextUnformatted("Camera");
    int kind = static_cast<int>(source_.kind);
    ImGui::RadioButton("Live camera", &kind, 0);
    ImGui::SameLine();
    ImGui::RadioButton("Video file", &kind, 1);
    ImGui::SameLine();
    ImGui::RadioButton("Simulated patient", &kind, 2);
    source_.kind = static_cast<SourceKind>(kind);
    ImGui::Separator();
    if (source_.kind == SourceKind::Camera) {
        // Asking the drivers can take a while (a busy device): never on the UI thread.
        if (camera_search_.valid() && camera_search_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            try {
                cameras_ = camera_search_.get();
            } catch (const std::exception& e) {
                message_ = std::string("The cameras could not be listed: ") + e.what();
            }
            cameras_searched_ = true;
        }
        if (!camera_search_.valid() && ImGui::Button(cameras_searched_ ? "Search again" : "Find cameras"))
            camera_search_ = std::async(std::launch::async, [] { return capture::list_cameras(); });
        if (camera_search_.valid()) ImGui::TextDisabled("Looking for cameras ...");
        if (cameras_searched_ && cameras_.empty()) ImGui::TextDisabled("No camera found on this machine.");
        for (const auto& c : cameras_) {
            double best = 0;
            for (const auto& m : c.modes) best = std::max(best, m.max_rate_hz());
            const std::string label = c.device.string() + "  " + c.name + "  (up to " + std::to_string(static_cast<int>(best)) + " Hz)";
            if (ImGui::Selectable(label.c_str(), source_.camera_index == c.index)) source_.camera_index = c.index;
        }
    } else if (source_.kind == SourceKind::VideoFile) {
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##video", "/path/to/recording.mkv", video_path_, sizeof video_path_);
        ImGui::TextDisabled("Replayed at its recorded timing (its timestamp sidecar is used when present).");
    } else {
        ImGui::TextUnformatted("Virtual patient");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
        if (ImGui::BeginCombo("Preset", source_.patient_preset.c_str())) {
            for (const auto& p : patient_presets_)
                if (ImGui::Selectable(p.c_str(), p == source_.patient_preset)) source_.patient_preset = p;
            ImGui::EndCombo();
        }
        ImGui::TextDisabled("Renders the eye, face or hand camera of a patient from assets/presets.");
    }
    ImGui::Separator();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt("Width [px]", &source_.width, 0);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt("Height [px]", &source_.height, 0);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputDouble("Frame rate [Hz]", &source_.fps, 0, 0, "%.0f");
    draw_head_camera_choice(source_);
    ImGui::Spacing();
    draw_calibration();
}

}  // namespace purkinje::app
