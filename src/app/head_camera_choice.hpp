#pragma once
// The new-session form's second camera: the head camera filmed beside the eye camera for the vestibular
// protocols (see HeadCameraChoice), so that VOR gains come from an eye camera and the head recorded
// together. Drawn inside the new-session screen's camera column.

#include "session_plan.hpp"

namespace purkinje::app {

void draw_head_camera_choice(SourceChoice& source);

// What is wrong with the head camera choice (empty when nothing is), for the form's message.
std::string head_camera_problem(const SourceChoice& source);

}  // namespace purkinje::app
