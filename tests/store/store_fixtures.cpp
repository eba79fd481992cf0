#include "store_fixtures.hpp"

#include <cmath>

namespace purkinje::test {

Patient demo_patient(const std::string& code) {
    Patient p;
    p.code = code;
    p.birth_year = 1970;
    p.sex = "female";
    p.diagnosis = "test";
    return p;
}

Session session_with_channels(const std::string& patient_code, int trials, int channels, double seconds,
                              double rate_hz) {
    Session s;
    s.patient_code = patient_code;
    s.started_at = "2026-11-27T10:00:00Z";
    s.examiner = "tester";
    s.camera = "none";
    s.camera_fps = rate_hz;
    const int n = static_cast<int>(seconds * rate_hz);
    for (int k = 0; k < trials; ++k) {
        Trial trial;
        trial.index = k;
        trial.protocol = k % 2 ? "saccades" : "finger_chase";
        trial.start_s = 70.0 * k;
        for (int c = 0; c < channels; ++c) {
            Channel ch("channel" + std::to_string(c), rate_hz, {{"x", "deg"}, {"y", "deg"}, {"z", "deg"}});
            ch.reserve(n);
            for (int i = 0; i < n; ++i) {
                const double t = i / rate_hz;
                ch.push_back(t,
                             {float(std::sin(t * (1 + c) + k)), float(std::cos(t * 3.1 + c)), float(1e-3 * i * (k + 1))},
                             float((i % 97) / 96.0));
            }
            trial.recording.channels.push_back(std::move(ch));
        }
        trial.recording.events.push_back({0.5, "target", "x_deg,y_deg", {10.0, -5.0}});
        trial.videos.push_back({"eye", "videos/trial" + std::to_string(k) + ".mkv", std::string(64, 'a'), "FFV1", n, ""});
        s.trials.push_back(std::move(trial));
    }
    return s;
}

Finding finding(const std::string& protocol, const std::string& metric, double value, const std::string& unit) {
    Finding f;
    f.protocol = protocol;
    f.metric = metric;
    f.value = value;
    f.unit = unit;
    f.method = "test method";
    f.normal = NormalRange{0.0, 1.5, "test citation"};
    f.flag = f.normal.judge(value);
    f.ci_low = value - 0.1;
    f.ci_high = value + 0.1;
    f.label = "Test finding";
    return f;
}

ModelFit model_fit() {
    ModelFit m;
    m.protocol = "finger_chase";
    m.model = "reach_forward_model";
    m.model_version = "1";
    m.parameters = {{"delta", 0.12, "1", 0.05, 0.19, true}, {"w", 0.6, "1", std::nullopt, std::nullopt, false}};
    m.quality = {0.4, "cm", 0.93, 1200, true, "converged"};
    return m;
}

}  // namespace purkinje::test
