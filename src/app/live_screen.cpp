#include "live_screen.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>

#include "plot.hpp"
#include "purkinje/track/track_state.hpp"
#include "purkinje/capture/timing.hpp"
#include "purkinje/core/error.hpp"

namespace purkinje::app {
namespace {
// A gaze calibration missing its targets by more than this (RMS, deg) is flagged: saccade gains of
// 10-20 deg steps would carry errors of 10 % and more.
constexpr double kCoarseCalibrationDeg = 2.0;
// Mean grey level below which a frame is too dark for the trackers (8-bit scale).
constexpr double kTooDark = 25.0;
}

LiveScreen::LiveScreen(store::Database& db, AppState& state, std::unique_ptr<ExamSession>& exam)
    : db_(db), state_(state), exam_(exam) {}

bool LiveScreen::save_session() {
    if (!exam_ || exam_->running() || saving() || exam_->saved_id()) return false;
    // The analysis (model fits included) may take seconds: on a worker, with a copy of the session.
    Session record = exam_->record();
    saving_exam_ = exam_->serial();
    analysis_job_ = std::async(std::launch::async, [record = std::move(record)] { return assess::analyse_session(record); });
    message_ = "Analysing and saving the session ...";
    message_is_error_ = false;
    return true;
}

void LiveScreen::finish_saving() {
    if (!analysis_job_.valid() || analysis_job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    std::optional<assess::SessionAnalysis> analysis;
    std::string analysis_problem;
    try {
        analysis = analysis_job_.get();
    } catch (const std::exception& e) {
        // The recordings are worth keeping even when the analysis fails: saved without findings.
        analysis_problem = std::string(" The analysis failed (") + e.what() + "); the session is saved without findings.";
    }
    if (!exam_ || exam_->serial() != saving_exam_) {
        // The session was discarded or replaced while it was being analysed: nothing to save it into.
        message_ = "The analysis finished after its session was closed; nothing was saved.";
        message_is_error_ = true;
        return;
    }
    try {
        const auto id = exam_->save(db_, analysis ? &*analysis : nullptr);
        message_ = "Saved session " + std::to_string(id) + " with " + std::to_string(exam_->trials().size()) + " trial(s)" +
                   (analysis ? " and " + std::to_string(analysis->findings.size()) + " finding(s)." : ".") + analysis_problem;
        message_is_error_ = !analysis_problem.empty();
        ++state_.database_generation;
    } catch (const std::exception& e) {
        message_ = std::string("The session was not saved (nothing was half-written; the trials are kept here, "
                               "try again): ") + e.what();
        message_is_error_ = true;
    }
}

void LiveScreen::draw() {
    if (!exam_) {
        ImGui::TextDisabled("No session is running. Start one from a patient's page (New session).");
        return;
    }
    const bool was_calibrating = exam_->calibrating();
    if (exam_->collect_finished()) {
        if (was_calibrating) {
            message_ = exam_->calibration_message();  // shown beside the calibration button as well
            message_is_error_ = message_.rfind("Gaze calibrated", 0) != 0;
        } else if (!exam_->last_failure().empty()) {
            message_ = "Nothing was recorded. " + exam_->last_failure();
            message_is_error_ = true;
        } else {
            const auto& last = exam_->trials().back();
            message_ = "Recorded trial " + std::to_string(last.trial.index + 1) + ": " + capture::summarize(last.timing);
            message_is_error_ = !last.problem.empty();
            if (message_is_error_) message_ += "  " + last.problem;
        }
    }
    finish_saving();
    if (exam_->running()) {
        last_snapshot_ = exam_->running()->snapshot();
        if (auto tracking = exam_->running()->tracking()) last_tracking_ = std::move(tracking);
        paired_ = exam_->running()->camera_count() > 1;
        if (exam_->running()->camera_count() == 0) head_snapshot_ = {}, head_tracking_.reset();  // still opening
        if (paired_) {
            head_snapshot_ = exam_->running()->camera_snapshot(1);
            if (auto tracking = exam_->running()->tracking(1)) head_tracking_ = std::move(tracking);
        }
    }
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
    ImGui::BeginDisabled(exam_->running() != nullptr || saved || saving() || exam_->trials().empty());
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
    if (!saved && !exam_->running() && !saving()) {
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
    // While the session is analysed for saving, no trial may join it (the analysis is of what was there).
    const bool saved = exam_->saved_id().has_value() || saving();
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
    draw_calibration();
    ImGui::Separator();
    draw_stimulus_controls();
}

bool LiveScreen::locate_screen(const cv::Mat& camera_image) {
    if (!stimulus_) {
        message_ = "Open the stimulus window first: its corner markers define the screen.";
        message_is_error_ = true;
        return false;
    }
    if (camera_image.empty()) {
        message_ = "No camera image yet: start a trial with the camera facing the stimulus screen.";
        message_is_error_ = true;
        return false;
    }
    const auto layout = stimulus_->marker_layout();
    const auto found = track::screen_homography(track::grey_frame(camera_image, 0), layout);
    if (!found) {
        message_ = "The stimulus screen was not found: all four corner markers (ids 0-3) must be in the camera's view.";
        message_is_error_ = true;
        return false;
    }
    screen_ = found;
    screen_confirmation_ = track::bgr_frame(camera_image, 0).clone();
    track::draw_screen_homography(screen_confirmation_, *found, layout);
    camera_.upload(screen_confirmation_);
    show_screen_confirmation_ = true;
    char text[160];
    std::snprintf(text, sizeof text, "Screen homography from %d marker corners: reprojection %.2f px RMS (max %.2f px).",
                  found->corners_used, found->reprojection_rms_px, found->reprojection_max_px);
    message_ = text;
    message_is_error_ = false;
    // The camera that films the hand sees the screen: its hand trials are measured in screen cm.
    const auto* entry = exam_ ? find_protocol(exam_->plan().protocols[exam_->current_protocol()]) : nullptr;
    if (entry && std::string(entry->view) == "hand") {
        exam_->set_screen_plane(hand_plane_from_screen(*found, layout.screen_px, stimulus_->px_per_cm()));
        message_ += " The hand trials from now on are measured in cm on the screen.";
    }
    return true;
}

void LiveScreen::draw_calibration() {
    const std::string& protocol = exam_->plan().protocols[exam_->current_protocol()];
    const std::string view = gaze_view(exam_->plan().source, protocol);
    ImGui::BeginDisabled(!stimulus_ || exam_->running() != nullptr);
    if (ImGui::Button("Find the stimulus screen")) locate_screen(last_snapshot_.latest);
    ImGui::EndDisabled();
    if (screen_)
        ImGui::TextWrapped("Screen: reprojection %.2f px RMS over %d corners.", screen_->reprojection_rms_px, screen_->corners_used);
    else
        ImGui::TextDisabled("Screen: not located yet.");
    if (view == "hand") {
        ImGui::TextWrapped("Hand view: centimetres from the reference marker on the board (id 10, 5 cm).");
        return;
    }
    const auto& calibration = exam_->calibration(view);
    ImGui::BeginDisabled(exam_->running() != nullptr || exam_->saved_id().has_value() || saving());
    if (ImGui::Button(calibration ? "Calibrate gaze again (9 points)" : "Calibrate gaze (9 points)")) exam_->start_calibration();
    ImGui::EndDisabled();
    if (!exam_->calibration_message().empty()) ImGui::TextWrapped("%s", exam_->calibration_message().c_str());
    if (!calibration) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextWrapped("The %s view has no gaze calibration: its trials record the eye in pixels only, which the "
                           "analysis cannot use.", view.c_str());
        ImGui::PopStyleColor();
        return;
    }
    if (calibration->rms_deg > kCoarseCalibrationDeg) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextWrapped("The calibration misses its targets by %.1f deg RMS: too coarse for gains and saccade "
                           "amplitudes; check the camera's view and light, and repeat it.", calibration->rms_deg);
        ImGui::PopStyleColor();
    }
    // Visual confirmation: the nine targets and where the calibrated fixations land.
    PlotOptions options;
    options.title = "Calibration";
    options.x_label = "horizontal";
    options.x_unit = "deg";
    options.y_unit = "deg";
    options.size = ImVec2(0, ImGui::GetFontSize() * 12);
    std::vector<double> tx, ty, fx, fy;
    for (std::size_t k = 0; k < calibration->targets_deg.size(); ++k) {
        tx.push_back(calibration->targets_deg[k].x), ty.push_back(calibration->targets_deg[k].y);
        fx.push_back(calibration->fixations_deg[k].x), fy.push_back(calibration->fixations_deg[k].y);
    }
    PlotSeries targets = line_series("target", tx, ty), fixations = line_series("fixation", fx, fy);
    targets.line = fixations.line = false;
    targets.thickness = 6.5f;  // a ring around each fixation that lands on its target
    targets.points = fixations.points = true;
    plot("calibration", options, {targets, fixations});
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
        if (stimulus_) close_stimulus_window();
        else open_stimulus();
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

void LiveScreen::open_stimulus() {
    try {
        stimulus_ = std::make_unique<StimulusWindow>(stimulus_monitor_);
        stimulus_->set_screen_geometry(screen_geometry(state_.settings));
        stimulus_protocol_.clear();
        if (exam_) {
            StimulusWindow* window = stimulus_.get();
            exam_->head_relay()->set_listener([window](double t, double v) { window->feed_head_sample(t, v); });
        }
    } catch (const std::exception& e) {
        message_ = std::string("The stimulus window could not open: ") + e.what();
        message_is_error_ = true;
    }
}

void LiveScreen::close_stimulus_window() {
    // No head sample may reach the window once it is gone.
    if (exam_) exam_->head_relay()->set_listener({});
    stimulus_.reset();
}

void LiveScreen::draw_stimulus_frame() {
    if (!stimulus_) return;
    if (exam_) {
        // Restarts the schedule when a trial starts, so that the screen shows what the trial records.
        const std::string& protocol = exam_->plan().protocols[exam_->current_protocol()];
        const int number = exam_->trials_of(protocol) + 1;
        const std::string key = !exam_->running() ? protocol
                                : exam_->calibrating() ? std::string("calibration")
                                                       : protocol + "#" + std::to_string(number);
        if (key != stimulus_protocol_) {
            // A session started after the window opened has its own relay: connect it too.
            StimulusWindow* window = stimulus_.get();
            exam_->head_relay()->set_listener([window](double t, double v) { window->feed_head_sample(t, v); });
            if (exam_->calibrating()) stimulus_->set_schedule(nine_point_schedule(1.2));
            else stimulus_->set_protocol(protocol, schedule_seed(exam_->plan().source, number));
            stimulus_protocol_ = key;
        }
    }
    // The user closed it with the window manager: drop it here, on the UI thread.
    if (!stimulus_->draw_frame(glfwGetCurrentContext())) close_stimulus_window();
}

void LiveScreen::draw_camera(const TrialSnapshot& snap) {
    const std::string& protocol = exam_->plan().protocols[exam_->current_protocol()];
    const ProtocolEntry* entry = find_protocol(protocol);
    ImGui::Text("%s", entry ? entry->title : protocol.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s%s", exam_->running() ? "" : "idle; last: ",
                       snap.source_description.empty() ? "no trial yet" : snap.source_description.c_str());
    ImGui::PopStyleColor();
    // The trackers' overlay when they keep up; the raw frame until their first one.
    auto refresh = [&](ImageTexture& texture, std::int64_t& shown, const TrialSnapshot& frames,
                       const std::optional<TrackingSnapshot>& tracking) {
        const bool overlay = exam_->running() && tracking && !tracking->overlay.empty();
        const std::int64_t newest = overlay ? tracking->overlay_index : frames.latest_index;
        if (!exam_->running() || newest == shown) return;
        if (overlay) texture.upload(tracking->overlay);
        else if (!frames.latest.empty()) texture.upload(frames.latest);
        shown = newest;
    };
    if (exam_->running()) show_screen_confirmation_ = false;
    refresh(camera_, shown_index_, snap, last_tracking_);
    if (paired_) refresh(head_camera_, head_shown_index_, head_snapshot_, head_tracking_);
    const float w = ImGui::GetContentRegionAvail().x;
    if (paired_ && !camera_.empty() && !head_camera_.empty()) {
        // Eye and head cameras side by side: the pupil ellipse on the one, the head axes on the other.
        const float half = (w - ImGui::GetStyle().ItemSpacing.x) / 2;
        ImGui::BeginGroup();
        ImGui::TextUnformatted("Eye camera");
        camera_.draw(half);
        ImGui::EndGroup();
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::TextUnformatted("Head camera");
        head_camera_.draw(half);
        ImGui::EndGroup();
    } else if (!camera_.empty()) {
        camera_.draw(w);
    } else {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + w * 0.75f), IM_COL32(40, 40, 40, 255));
        ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 10, p.y + 10), IM_COL32(220, 220, 220, 255),
                                            snap.opening && exam_->running() ? "Starting the camera ..." : "Press Start trial");
        ImGui::Dummy(ImVec2(w, w * 0.75f));
    }
    if (show_screen_confirmation_)
        ImGui::TextWrapped("The camera's view of the stimulus screen: detected marker corners (green), the screen and its "
                           "markers mapped back through the homography (blue).");
    if (exam_->running() && !snap.opening)
        ImGui::Text("%s  %.1f / %.0f s", exam_->calibrating() ? "Calibrating" : "Recording", snap.latest_t_s,
                    exam_->calibrating() ? 9 * 1.2 : exam_->plan().trial_seconds);
    draw_tracking(last_tracking_, paired_ ? "Eye camera" : "Tracking");
    if (paired_) draw_tracking(head_tracking_, "Head camera");
}

void LiveScreen::draw_tracking(const std::optional<TrackingSnapshot>& tracking, const char* camera) {
    if (!tracking) return;
    const TrackingSnapshot& t = *tracking;
    const double share = t.processed > 0 ? 100.0 * double(t.tracked) / double(t.processed) : 0;
    ImGui::Text("%s: %s (confidence %.2f), %.0f %% of frames tracked", camera, t.state.c_str(), t.confidence, share);
    ImGui::Text("Trackers %.1f ms/frame, %lld of %lld frames skipped (behind)", t.mean_ms_per_frame,
                static_cast<long long>(t.dropped), static_cast<long long>(t.received));
    if (t.processed > 20 && share < 80) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextWrapped("Poor tracking: the trackers find the target in only %.0f %% of frames.", share);
        ImGui::PopStyleColor();
    }
    if (!t.note.empty()) ImGui::TextWrapped("%s", t.note.c_str());
}

void LiveScreen::draw_rate(const TrialSnapshot& snap, const char* camera, double set_fps) {
    const auto& t = snap.timing;
    if (camera[0]) ImGui::TextUnformatted(camera);
    ImGui::Text("Frame rate  %.1f Hz measured  (%.0f Hz nominal)", t.measured_rate_hz, t.nominal_rate_hz);
    ImGui::Text("Delivered   %.1f Hz,  jitter %.2f ms", t.delivered_rate_hz, t.jitter_ms);
    ImGui::Text("Dropped     %lld queue, %lld by time, %lld video",
                static_cast<long long>(snap.stats.dropped), static_cast<long long>(t.missing_by_time),
                static_cast<long long>(snap.video_dropped));
    // A busy machine encodes behind the camera; the trial ends once the video has caught up.
    if (snap.video_queued > 0) ImGui::Text("Video       %lld frames waiting to be written", static_cast<long long>(snap.video_queued));
    // The protocol's minimum rate holds for each camera it needs: the eye camera for the eye's velocity,
    // the head camera for the head's (an impulse lasts ~150 ms either way).
    const std::string& protocol = exam_->plan().protocols[exam_->current_protocol()];
    const auto need = capture::rate_requirement(protocol);
    if (!need) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
    if (t.frames > 10) {
        if (const auto warning = capture::rate_warning(t, *need)) ImGui::TextWrapped("%s%s%s", camera, camera[0] ? ": " : "", warning->c_str());
    } else if (set_fps < need->minimum_rate_hz) {
        ImGui::TextWrapped("%s is set to %.0f Hz; %s needs at least %.0f Hz.", camera[0] ? camera : "This camera", set_fps,
                           protocol.c_str(), need->minimum_rate_hz);
    }
    ImGui::PopStyleColor();
}

void LiveScreen::draw_meters(const TrialSnapshot& snap) {
    if (!exam_->running()) {
        if (snap.t_s.empty()) {
            ImGui::TextDisabled("The meters and traces show the trial being recorded.");
            return;
        }
        ImGui::TextDisabled("Last trial:");
    }
    const SourceChoice& source = exam_->plan().source;
    const std::string& protocol = exam_->plan().protocols[exam_->current_protocol()];
    const bool paired = paired_ || (exam_->running() && records_eye_and_head(source, protocol));
    draw_rate(snap, paired ? "Eye camera" : "", source.fps);
    if (paired) draw_rate(head_snapshot_, "Head camera", source.head_camera.fps);
    const double brightness = snap.brightness.empty() ? NAN : snap.brightness.back();
    ImGui::Text("Brightness  %.0f / 255", brightness);
    const auto& t = snap.timing;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
    if (std::isfinite(brightness) && brightness < kTooDark)
        ImGui::TextWrapped("Too little light: the image is nearly black; add light or raise the exposure.");
    ImGui::PopStyleColor();
    ImGui::Separator();
    // The traces of every camera's trackers (eye and head of a paired trial side by side in time).
    std::vector<const TrackingSnapshot*> trackings;
    for (const auto* slot : {&last_tracking_, &head_tracking_})
        if (*slot && !(*slot)->traces.empty() && (slot == &last_tracking_ || paired_)) trackings.push_back(&**slot);
    // One plot per unit: positions together, velocities apart.
    std::vector<std::string> units;
    for (const auto* tracking : trackings)
        for (const auto& trace : tracking->traces)
            if (std::find(units.begin(), units.end(), trace.unit) == units.end()) units.push_back(trace.unit);
    for (const auto& unit : units) {
        PlotOptions live;
        live.title = "Tracked (" + unit + ")";
        live.x_label = "time";
        live.x_unit = "s";
        live.y_unit = unit;
        live.size = ImVec2(0, ImGui::GetFontSize() * 10);
        std::vector<PlotSeries> series;
        for (const auto* tracking : trackings)
            for (const auto& trace : tracking->traces)
                if (trace.unit == unit) series.push_back(line_series(trace.label, tracking->t_s, trace.values));
        plot(("live " + unit).c_str(), live, series);
    }
    PlotOptions timing;
    timing.title = "Frame intervals";
    timing.x_label = "time";
    timing.x_unit = "s";
    timing.y_unit = "ms";
    timing.include_zero = true;
    timing.size = ImVec2(0, ImGui::GetFontSize() * 8);
    if (t.expected_interval_ms > 0) timing.bands.push_back(band(t.expected_interval_ms * 0.9, t.expected_interval_ms * 1.1, "nominal +/- 10 %"));
    plot("intervals", timing, {line_series("interval", snap.t_s, snap.interval_ms)});
    PlotOptions light;
    light.title = "Image brightness";
    light.x_label = "time";
    light.x_unit = "s";
    light.y_unit = "grey level";
    light.y_min = 0;
    light.y_max = 255;
    light.size = ImVec2(0, ImGui::GetFontSize() * 8);
    light.bands.push_back(band(std::nullopt, kTooDark, "too dark", IM_COL32(213, 94, 0, 40)));
    plot("brightness", light, {line_series("mean grey", snap.t_s, snap.brightness)});
}

}  // namespace purkinje::app
