#include "head_camera_choice.hpp"

#include <imgui.h>

#include <filesystem>

#include "settings.hpp"

namespace purkinje::app {

void draw_head_camera_choice(SourceChoice& source) {
    HeadCameraChoice& h = source.head_camera;
    ImGui::Checkbox("Head camera beside the eye camera (VOR protocols)", &h.enabled);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("VOR gains need the eye from an (infrared) eye camera and the head from the face camera with the\n"
                          "ArUco headband, recorded in the same trial. The camera above is then the eye camera for the\n"
                          "vestibular protocols; the other protocols keep recording it alone.");
    if (!h.enabled) return;
    ImGui::Indent();
    if (source.kind == SourceKind::Simulated) {
        ImGui::TextDisabled("The virtual patient's face view of the same movement, same timestamps.");
    } else {
        int kind = h.kind == SourceKind::VideoFile ? 1 : 0;
        ImGui::RadioButton("Live camera##head", &kind, 0);
        ImGui::SameLine();
        ImGui::RadioButton("Video file##head", &kind, 1);
        h.kind = kind == 1 ? SourceKind::VideoFile : SourceKind::Camera;
        if (h.kind == SourceKind::Camera) {
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
            ImGui::InputInt("Head camera /dev/video", &h.camera_index, 1);
        } else {
            static char path[512] = {};
            if (path[0] == 0 && !h.video_path.empty()) h.video_path.copy(path, sizeof path - 1);
            ImGui::SetNextItemWidth(-1);
            if (ImGui::InputTextWithHint("##head video", "/path/to/face_recording.mkv", path, sizeof path)) h.video_path = path;
        }
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt("Head width [px]", &h.width, 0);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt("Head height [px]", &h.height, 0);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputDouble("Head frame rate [Hz]", &h.fps, 0, 0, "%.0f");
    ImGui::Checkbox("Keep the head camera's video in colour", &h.colour_video);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Off: the head camera's video is stored grey (lossless luminance), which is all the headband's\n"
                          "markers need and takes FFV1 under half the time. On: colour, 640x480 at 100 Hz may then be\n"
                          "more than a busy machine can encode, and the video keeps fewer frames (the sidecar lists them).");
    ImGui::Unindent();
}

std::string head_camera_problem(const SourceChoice& source) {
    const HeadCameraChoice& h = source.head_camera;
    if (!h.enabled) return {};
    if (!usable_camera_format(h.width, h.height, h.fps))
        return std::string("The head camera's size or rate is not usable (") + kCameraFormat + ").";
    if (source.kind == SourceKind::Simulated) return {};
    if (h.kind == SourceKind::VideoFile && !std::filesystem::exists(h.video_path))
        return "The head camera's video file '" + h.video_path + "' does not exist.";
    if (h.kind == SourceKind::Camera && source.kind == SourceKind::Camera && h.camera_index == source.camera_index)
        return "The head camera must be another camera than the eye camera.";
    return {};
}

}  // namespace purkinje::app
