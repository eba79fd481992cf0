#pragma once
// Patients, sessions and trials: the plain records the store saves and the faces show.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/core/channel.hpp"
#include "purkinje/core/finding.hpp"

namespace purkinje {

// Identifying fields live apart from the pseudonymous patient record (their own table), so that a
// research export or a screen shared in a lecture shows codes only.
struct PatientIdentity {
    std::string family_name;
    std::string given_name;
    std::string date_of_birth;   // YYYY-MM-DD
    std::string medical_record_number;
    bool operator==(const PatientIdentity&) const = default;
};

struct Patient {
    std::int64_t id = 0;          // 0 until stored
    std::string code;             // pseudonymous code, unique: "P-0001"
    std::optional<int> birth_year;
    std::string sex = "unknown";  // "female", "male", "other", "unknown" (FHIR administrative gender)
    std::string diagnosis;        // free text, e.g. "SCA6", "MS", "post-stroke"
    std::string created_at;       // ISO 8601 UTC
    std::optional<PatientIdentity> identity;
    bool operator==(const Patient&) const = default;
};

// The raw video of a trial kept beside the database (see capture's recorder), so a session can be
// re-analysed later by a newer tracker; the hash proves the file is the one recorded.
struct TrialVideo {
    std::string view;              // "eye", "face", "hand"
    std::string path;              // relative to the database's folder when inside it
    std::string sha256;            // 64 lowercase hex digits
    std::string codec;             // "FFV1", "MJPG"
    std::int64_t frame_count = 0;
    std::string timestamps_path;   // per-frame time stamp sidecar
    bool operator==(const TrialVideo&) const = default;
};

struct Trial {
    int index = 0;                // order within the session, from 0
    std::string protocol;         // "finger_chase", "saccades", ...
    std::string condition;        // "left hand", "x2 viewing", ...
    double start_s = 0;           // within the session's time base
    bool accepted = true;         // a clinician may reject a trial at review
    std::string note;
    Recording recording;
    std::vector<TrialVideo> videos;
    bool operator==(const Trial&) const = default;
};

struct Session {
    std::int64_t id = 0;          // 0 until stored
    std::string patient_code;
    std::string started_at;       // ISO 8601 UTC
    std::string examiner;
    std::string camera;           // "SimulatedSource healthy eye 320x240", "/dev/video0 ..."
    double camera_fps = 0;
    std::string software_version;
    std::string comment;          // the clinician's comment
    std::vector<Trial> trials;

    // The analysis saved with the session: findings and fits of one algorithm version.
    std::string analysis_version;
    std::vector<Finding> findings;
    std::vector<ModelFit> model_fits;

    bool operator==(const Session&) const = default;
};

// Version of this build of Purkinje ("0.1.0").
const char* software_version();

}  // namespace purkinje
