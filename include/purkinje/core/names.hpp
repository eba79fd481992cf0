#pragma once
// The names every stage agrees on: protocol keys and channel names with their components. A
// tracker writes them, the store keeps them, assess reads them, report and app plot them.

namespace purkinje::names {

// Protocol keys (trial.protocol, finding.protocol).
inline constexpr const char* kFingerChase = "finger_chase";          // SARA item 5
inline constexpr const char* kNoseFinger = "nose_finger";            // SARA item 6
inline constexpr const char* kFastAlternating = "fast_alternating";  // SARA item 7
inline constexpr const char* kPosturalTremor = "postural_tremor";
inline constexpr const char* kRestTremor = "rest_tremor";
inline constexpr const char* kSaccades = "saccades";
inline constexpr const char* kSmoothPursuit = "smooth_pursuit";
inline constexpr const char* kGazeHolding = "gaze_holding";
inline constexpr const char* kVorSinusoidal = "vor_sinusoidal";
inline constexpr const char* kVorCancellation = "vor_cancellation";
inline constexpr const char* kHeadImpulse = "head_impulse";
inline constexpr const char* kVorAdaptation = "vor_adaptation";
inline constexpr const char* kVhitImport = "vhit_import";

// Channel names and their components (units in brackets).
inline constexpr const char* kHand = "hand";      // x, y [cm] in the movement plane (z [cm] where measured)
inline constexpr const char* kTarget = "target";  // x, y [cm] for hand tasks, [deg] for eye tasks; sampled at each change
inline constexpr const char* kGaze = "gaze";      // x (horizontal, right +), y (vertical, up +) [deg], eye in head
inline constexpr const char* kHead = "head";      // yaw (left +), pitch (up +), roll [deg]
inline constexpr const char* kHeadVelocity = "head_velocity";  // yaw, pitch, roll [deg/s] (vHIT imports)
inline constexpr const char* kEyeVelocity = "eye_velocity";    // x, y [deg/s] (vHIT imports)
inline constexpr const char* kPupil = "pupil";    // x, y, diameter [px]; major, minor, angle where fitted

}  // namespace purkinje::names
