#include "live_screen.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <opencv2/imgproc.hpp>

#include "plot.hpp"
#include "purkinje/capture/timing.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {
// Mean grey level below which a frame is too dark for the trackers (8-bit scale).
constexpr double kTooDark = 25.0;
}

LiveScreen::LiveScreen(store::Database& db, AppState& state, std::unique_ptr<ExamSession>& exam)
    : db_(db), state_(state), exam_(exam) {}

LiveScreen::~LiveScreen() {
    // The window (and its GL context) may already be gone at exit; the driver frees the texture then.
    if (texture_ && glfwGetCurrentContext()) glDeleteTextures(1, &texture_);
}

void LiveScreen::upload(const cv::Mat& image) {
    if (image.empty()) return;
    cv::Mat rgba;
    if (image.channels() == 1) cv::cvtColor(image, rgba, cv::COLOR_GRAY2RGBA);
    else if (image.channels() == 3) cv::cvtColor(image, rgba, cv::COLOR_BGR2RGBA);
    else return;
    if (!texture_) {
        glGenTextures(1, &texture_);
        glBindTexture(GL_TEXTURE_2D, texture_);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    }
    glBindTexture(GL_TEXTURE_2D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, rgba.cols, rgba.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
    texture_w_ = rgba.cols;
    texture_h_ = rgba.rows;
}

bool LiveScreen::save_session() {
    if (!exam_) return false;
    try {
        const auto id = exam_->save(db_);
        message_ = "Saved session " + std::to_string(id) + " with " + std::to_string(exam_->trials().size()) + " trial(s).";
        message_is_error_ = false;
        ++state_.database_generation;
        return true;
    } catch (const Error& e) {
        message_ = std::string("The session was not saved (nothing was half-written; the trials are kept here, "
                               "try again): ") + e.what();
        message_is_error_ = true;
        return false;
    }
}

void LiveScreen::draw() {
    if (!exam_) {
        ImGui::TextDisabled("No session is running. Start one from a patient's page (New session).");
        return;
    }
    if (exam_->collect_finished()) {
        if (!exam_->last_failure().empty()) {
            message_ = "Nothing was recorded. " + exam_->last_failure();
            message_is_error_ = true;
        } else {
            const auto& last = exam_->trials().back();
            message_ = "Recorded trial " + std::to_string(last.trial.index + 1) + ": " + capture::summarize(last.timing);
            message_is_error_ = !last.problem.empty();
            if (message_is_error_) message_ += "  " + last.problem;
        }
    }
    if (exam_->running()) last_snapshot_ = exam_->running()->snapshot();
    const TrialSnapshot& snap = last_snapshot_;

    ImGui::Text("Session for patient %s", exam_->plan().patient_code.c_str());
    ImGui::Separator();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("protocol list", ImVec2(ImGui::GetFontSize() * 17, -ImGui::GetFrameHeightWithSpacing() * 2.2f), true);
    draw_protocols();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("camera view", ImVec2(avail.x * 0.42f, -ImGui::GetFrameHeightWithSpacing() * 2.2f), true);
    draw_camera(snap);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("meters", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2.2f), true);
    draw_meters(snap);
    ImGui::EndChild();

    const bool saved = exam_->saved_id().has_value();
    ImGui::BeginDisabled(exam_->running() != nullptr || saved || exam_->trials().empty());
    if (ImGui::Button("Finish and save session")) save_session();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (saved && ImGui::Button("Review this session")) {
        state_.open_review(exam_->plan().patient_code, *exam_->saved_id());
        exam_.reset();
        return;
    }
    if (saved) ImGui::SameLine();
    if (saved && ImGui::Button("Open the patient's page")) {
        state_.open_patient(exam_->plan().patient_code);
        exam_.reset();
        return;
    }
    if (!saved && !exam_->running()) {
        ImGui::SameLine();
        if (ImGui::Button("Discard session")) {
            exam_.reset();
            state_.screen = Screen::PatientView;
            return;
        }
    }
    if (!message_.empty()) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, message_is_error_ ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.1f, 0.45f, 0.1f, 1));
        ImGui::TextWrapped("%s", message_.c_str());
        ImGui::PopStyleColor();
    }
}

void LiveScreen::draw_protocols() {
    ImGui::TextUnformatted("Protocols");
    ImGui::Separator();
    const auto& protocols = exam_->plan().protocols;
    for (std::size_t i = 0; i < protocols.size(); ++i) {
        const ProtocolEntry* entry = find_protocol(protocols[i]);
        const int n = exam_->trials_of(protocols[i]);
        const std::string label = std::string(entry ? entry->title : protocols[i].c_str()) + "  [" + std::to_string(n) + "]";
        if (ImGui::Selectable(label.c_str(), exam_->current_protocol() == i)) exam_->select_protocol(i);
    }
    ImGui::Separator();
    const bool running = exam_->running() != nullptr;
    const bool saved = exam_->saved_id().has_value();
    ImGui::BeginDisabled(running || saved);
    if (ImGui::Button("Start trial (Space)") || (!running && !saved && ImGui::IsKeyPressed(GLFW_KEY_SPACE, false) &&
                                                  !ImGui::IsAnyItemActive()))
        exam_->start_trial();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!running);
    if (ImGui::Button("Stop")) exam_->stop_trial();
    ImGui::EndDisabled();
    ImGui::BeginDisabled(running || saved || exam_->trials_of(protocols[exam_->current_protocol()]) == 0);
    if (ImGui::Button("Redo last trial")) exam_->redo_last_trial();
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::TextDisabled("Trial length %.0f s.", exam_->plan().trial_seconds);
    ImGui::Separator();
    draw_stimulus_controls();
}

void LiveScreen::draw_stimulus_controls() {
    const std::vector<std::string> monitors = monitor_names();
    const std::string preview = stimulus_monitor_ < 0 || stimulus_monitor_ >= static_cast<int>(monitors.size())
                                    ? std::string("In a window")
                                    : monitors[static_cast<std::size_t>(stimulus_monitor_)];
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##stimulus monitor", preview.c_str())) {
        if (ImGui::Selectable("In a window", stimulus_monitor_ < 0)) stimulus_monitor_ = -1;
        for (std::size_t i = 0; i < monitors.size(); ++i)
            if (ImGui::Selectable(monitors[i].c_str(), stimulus_monitor_ == static_cast<int>(i)))
                stimulus_monitor_ = static_cast<int>(i);
        ImGui::EndCombo();
    }
    if (ImGui::Button(stimulus_ ? "Close stimulus window" : "Stimulus window")) {
        if (stimulus_) {
            stimulus_.reset();
        } else {
            try {
                stimulus_ = std::make_unique<StimulusWindow>(stimulus_monitor_);
                stimulus_protocol_.clear();
            } catch (const std::exception& e) {
                message_ = std::string("The stimulus window could not open: ") + e.what();
                message_is_error_ = true;
            }
        }
    }
    if (!stimulus_) return;
    const char* modes[] = {"VOR adaptation off", "VOR adaptation x2", "VOR adaptation x0"};
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::Combo("##vor mode", &vor_mode_, modes, 3))
        stimulus_->set_vor_adaptation(vor_mode_ == 0 ? std::nullopt : std::optional<double>(vor_mode_ == 1 ? 2.0 : 0.0));
    if (const auto latency = stimulus_->median_latency_ms())
        ImGui::Text("Loop latency %.1f ms (median of %zu)", *latency, stimulus_->latency_count());
    else
        ImGui::TextDisabled("Loop latency: no head sample drawn yet");
    if (!stimulus_->message().empty()) ImGui::TextWrapped("%s", stimulus_->message().c_str());
}

void LiveScreen::draw_stimulus_frame() {
    if (!stimulus_) return;
    if (exam_) {
        const std::string& protocol = exam_->plan().protocols[exam_->current_protocol()];
        if (protocol != stimulus_protocol_) {
            stimulus_->set_protocol(protocol);
            stimulus_protocol_ = protocol;
        }
    }
    // The user closed it with the window manager: drop it here, on the UI thread.
    if (!stimulus_->draw_frame(glfwGetCurrentContext())) stimulus_.reset();
}

void LiveScreen::draw_camera(const TrialSnapshot& snap) {
    const std::string& protocol = exam_->plan().protocols[exam_->current_protocol()];
    const ProtocolEntry* entry = find_protocol(protocol);
    ImGui::Text("%s", entry ? entry->title : protocol.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s%s", exam_->running() ? "" : "idle; last: ",
                       snap.source_description.empty() ? "no trial yet" : snap.source_description.c_str());
    ImGui::PopStyleColor();
    if (exam_->running() && snap.latest_index != shown_index_ && !snap.latest.empty()) {
        upload(snap.latest);
        shown_index_ = snap.latest_index;
    }
    const float w = ImGui::GetContentRegionAvail().x;
    if (texture_ && texture_w_ > 0) {
        const float h = w * texture_h_ / texture_w_;
        ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture_)), ImVec2(w, h));
    } else {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + w * 0.75f), IM_COL32(40, 40, 40, 255));
        ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 10, p.y + 10), IM_COL32(220, 220, 220, 255),
                                            snap.opening && exam_->running() ? "Starting the camera ..." : "Press Start trial");
        ImGui::Dummy(ImVec2(w, w * 0.75f));
    }
    if (exam_->running() && !snap.opening)
        ImGui::Text("Recording  %.1f / %.0f s", snap.latest_t_s, exam_->plan().trial_seconds);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Not yet in this view: tracker overlays (pupil ellipse, head axes, fingertip trail) and "
                       "live gaze/hand traces; the trial video is kept for tracking afterwards.");
    ImGui::PopStyleColor();
}

void LiveScreen::draw_meters(const TrialSnapshot& snap) {
    const auto& t = snap.timing;
    if (!exam_->running()) {
        if (snap.t_s.empty()) {
            ImGui::TextDisabled("The meters and traces show the trial being recorded.");
            return;
        }
        ImGui::TextDisabled("Last trial:");
    }
    ImGui::Text("Frame rate  %.1f Hz measured  (%.0f Hz nominal)", t.measured_rate_hz, t.nominal_rate_hz);
    ImGui::Text("Delivered   %.1f Hz,  jitter %.2f ms", t.delivered_rate_hz, t.jitter_ms);
    ImGui::Text("Dropped     %lld in the queue,  %lld missing by time", static_cast<long long>(snap.stats.dropped),
                static_cast<long long>(t.missing_by_time));
    const double brightness = snap.brightness.empty() ? NAN : snap.brightness.back();
    ImGui::Text("Brightness  %.0f / 255", brightness);
    // Warnings: the data will not support the protocol.
    const std::string& protocol = exam_->plan().protocols[exam_->current_protocol()];
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
    if (const auto need = capture::rate_requirement(protocol)) {
        if (t.frames > 10) {
            if (const auto warning = capture::rate_warning(t, *need)) ImGui::TextWrapped("%s", warning->c_str());
        } else if (exam_->plan().source.fps < need->minimum_rate_hz) {
            ImGui::TextWrapped("This camera is set to %.0f Hz; %s needs at least %.0f Hz.", exam_->plan().source.fps,
                               protocol.c_str(), need->minimum_rate_hz);
        }
    }
    if (std::isfinite(brightness) && brightness < kTooDark)
        ImGui::TextWrapped("Too little light: the image is nearly black; add light or raise the exposure.");
    ImGui::PopStyleColor();
    ImGui::Separator();
    PlotOptions timing;
    timing.title = "Frame intervals";
    timing.x_label = "time";
    timing.x_unit = "s";
    timing.y_unit = "ms";
    timing.include_zero = true;
    timing.size = ImVec2(0, ImGui::GetFontSize() * 11);
    if (t.expected_interval_ms > 0) timing.bands.push_back(band(t.expected_interval_ms * 0.9, t.expected_interval_ms * 1.1, "nominal +/- 10 %"));
    plot("intervals", timing, {line_series("interval", snap.t_s, snap.interval_ms)});
    PlotOptions light;
    light.title = "Image brightness";
    light.x_label = "time";
    light.x_unit = "s";
    light.y_unit = "grey level";
    light.y_min = 0;
    light.y_max = 255;
    light.size = ImVec2(0, ImGui::GetFontSize() * 11);
    light.bands.push_back(band(std::nullopt, kTooDark, "too dark", IM_COL32(213, 94, 0, 40)));
    plot("brightness", light, {line_series("mean grey", snap.t_s, snap.brightness)});
}

}  // namespace purkinje::app
