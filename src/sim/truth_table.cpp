#include "purkinje/sim/truth_table.hpp"

#include <cmath>
#include <cstdio>

namespace purkinje::sim {
namespace {

std::string number(double v) {
    if (!std::isfinite(v)) return "";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", v);
    return buffer;
}

void marker_columns(std::vector<std::string>& out, const std::string& prefix) {
    for (int k = 0; k < 4; ++k) {
        out.push_back(prefix + "_x" + std::to_string(k) + "_px");
        out.push_back(prefix + "_y" + std::to_string(k) + "_px");
    }
}

void marker_values(std::vector<std::string>& out, const MarkerTruth* m) {
    for (int k = 0; k < 4; ++k) {
        out.push_back(m ? number(m->corners_px[std::size_t(k)].x) : "");
        out.push_back(m ? number(m->corners_px[std::size_t(k)].y) : "");
    }
}

}  // namespace

std::vector<std::string> truth_columns(View view, Task task) {
    std::vector<std::string> c{"frame", "t_s"};
    if (is_hand_task(task)) {
        c.insert(c.end(), {"target_x_cm", "target_y_cm", "hand_x_cm", "hand_y_cm"});
    } else {
        c.insert(c.end(), {"target_h_deg", "target_v_deg", "eye_h_deg", "eye_v_deg", "eyelid_closure", "blink",
                           "head_yaw_deg", "head_pitch_deg", "head_roll_deg", "head_x_cm", "head_y_cm", "head_z_cm"});
    }
    switch (view) {
        case View::Eye:
            c.insert(c.end(), {"pupil_x_px", "pupil_y_px", "pupil_ellipse_width_px", "pupil_ellipse_height_px",
                               "pupil_ellipse_angle_deg", "pupil_diameter_px", "pupil_visible_fraction",
                               "glint1_x_px", "glint1_y_px", "glint2_x_px", "glint2_y_px"});
            break;
        case View::Face:
            c.insert(c.end(), {"right_iris_x_px", "right_iris_y_px", "left_iris_x_px", "left_iris_y_px", "lighting_gain"});
            for (int id = 0; id < 3; ++id) marker_columns(c, "marker" + std::to_string(id));
            break;
        case View::Hand:
            c.insert(c.end(), {"fingertip_x_px", "fingertip_y_px", "px_per_cm", "lighting_gain"});
            marker_columns(c, "reference_marker10");
            marker_columns(c, "finger_marker20");
            break;
    }
    return c;
}

std::vector<std::string> truth_row(const SimulatedSource& source, const FrameTruth& t) {
    const Movements& m = source.movements();
    const View view = source.config().view;
    std::vector<std::string> r{std::to_string(t.index), number(t.t_s), number(t.target[0]), number(t.target[1])};
    const auto channel = [&](const char* name, std::size_t component) {
        const Channel* c = m.truth.find(name);
        return c ? number(sample_truth(*c, component, t.t_s)) : std::string();
    };
    if (is_hand_task(m.task)) {
        r.push_back(channel("hand_truth", 0));
        r.push_back(channel("hand_truth", 1));
    } else {
        r.push_back(number(t.eye.gaze_h_deg));
        r.push_back(number(t.eye.gaze_v_deg));
        r.push_back(number(t.eye.eyelid_closure));
        r.push_back(t.eye.blink ? "1" : "0");
        for (std::size_t k = 0; k < 6; ++k) r.push_back(channel("head_truth", k));
    }
    switch (view) {
        case View::Eye: {
            const auto& e = t.eye;
            r.insert(r.end(), {number(e.pupil_centre_px.x), number(e.pupil_centre_px.y),
                               number(e.pupil_ellipse.size.width), number(e.pupil_ellipse.size.height),
                               number(e.pupil_ellipse.angle), number(e.pupil_diameter_px),
                               number(e.pupil_visible_fraction)});
            for (std::size_t k = 0; k < 2; ++k) {
                r.push_back(k < e.glints_px.size() ? number(e.glints_px[k].x) : "");
                r.push_back(k < e.glints_px.size() ? number(e.glints_px[k].y) : "");
            }
            break;
        }
        case View::Face: {
            const auto& f = t.face;
            r.insert(r.end(), {number(f.right_iris_px.x), number(f.right_iris_px.y), number(f.left_iris_px.x),
                               number(f.left_iris_px.y), number(f.lighting_gain)});
            for (int id = 0; id < 3; ++id) {
                const MarkerTruth* found = nullptr;
                for (const auto& mk : f.markers)
                    if (mk.id == id) found = &mk;
                marker_values(r, found);
            }
            break;
        }
        case View::Hand: {
            const auto& h = t.hand;
            r.insert(r.end(), {number(h.fingertip_px.x), number(h.fingertip_px.y), number(h.px_per_cm),
                               number(h.lighting_gain)});
            marker_values(r, &h.reference);
            marker_values(r, h.fingertip_markers.empty() ? nullptr : &h.fingertip_markers.front());
            break;
        }
    }
    return r;
}

}  // namespace purkinje::sim
