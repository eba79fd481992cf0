// The face view. The head is an ellipsoid in its own frame (r = patient's right, u = up,
// f = forward, cm, origin at the head's centre); features lie on its front surface, the
// headband's markers on its tangent planes, the eyes are spheres behind almond-shaped lid openings.

#include <algorithm>
#include <cmath>
#include <numbers>

#include <opencv2/imgproc.hpp>

#include "draw.hpp"
#include "purkinje/sim/scene_renderers.hpp"
#include "random.hpp"
#include "scene_common.hpp"

namespace purkinje::sim {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDistanceCm = 60;
constexpr double kAr = 7.5, kAu = 10.5, kAf = 9.5;     // head ellipsoid semi-axes
constexpr double kMarkerCm = 2.4, kSheetCm = kMarkerCm * 8 / 6;
constexpr double kEyeRadiusCm = 1.2;

struct V3 {
    double x, y, z;
    V3 operator+(const V3& o) const { return {x + o.x, y + o.y, z + o.z}; }
    V3 operator-(const V3& o) const { return {x - o.x, y - o.y, z - o.z}; }
    V3 operator*(double s) const { return {x * s, y * s, z * s}; }
    double dot(const V3& o) const { return x * o.x + y * o.y + z * o.z; }
};
V3 normalized(V3 v) { return v * (1 / std::sqrt(v.dot(v))); }
V3 cross(const V3& a, const V3& b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }

// Head frame to camera frame (x right, y down, z away from the camera).
struct Camera {
    double R[3][3];  // head (r, u, f) -> camera
    V3 T;
    double focal;
    cv::Point2d centre;

    Camera(const HeadPose& pose, double focal_px, cv::Size size) : focal(focal_px) {
        const double y = pose.yaw_deg * kPi / 180, p = pose.pitch_deg * kPi / 180, r = pose.roll_deg * kPi / 180;
        const double cy = std::cos(y), sy = std::sin(y), cp = std::cos(p), sp = std::sin(p), cr = std::cos(r), sr = std::sin(r);
        const double Y[3][3] = {{cy, 0, sy}, {0, 1, 0}, {-sy, 0, cy}};
        const double P[3][3] = {{1, 0, 0}, {0, cp, sp}, {0, -sp, cp}};
        const double Rl[3][3] = {{cr, sr, 0}, {-sr, cr, 0}, {0, 0, 1}};
        double YP[3][3], M[3][3];
        multiply(Y, P, YP);
        multiply(YP, Rl, M);
        // The patient faces the camera: right -> image left, up -> image up, forward -> toward us.
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) R[i][j] = -M[i][j];
        T = {-pose.x_cm, -pose.y_cm, kDistanceCm - pose.z_cm};
        centre = {(size.width - 1) / 2.0, (size.height - 1) / 2.0};
    }
    static void multiply(const double A[3][3], const double B[3][3], double C[3][3]) {
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
                C[i][j] = 0;
                for (int k = 0; k < 3; ++k) C[i][j] += A[i][k] * B[k][j];
            }
    }
    V3 to_camera(const V3& h) const {
        return V3{R[0][0] * h.x + R[0][1] * h.y + R[0][2] * h.z, R[1][0] * h.x + R[1][1] * h.y + R[1][2] * h.z,
                  R[2][0] * h.x + R[2][1] * h.y + R[2][2] * h.z} + T;
    }
    V3 rotate(const V3& h) const {
        return {R[0][0] * h.x + R[0][1] * h.y + R[0][2] * h.z, R[1][0] * h.x + R[1][1] * h.y + R[1][2] * h.z,
                R[2][0] * h.x + R[2][1] * h.y + R[2][2] * h.z};
    }
    cv::Point2d project(const V3& h) const {
        const V3 c = to_camera(h);
        return {centre.x + focal * c.x / c.z, centre.y + focal * c.y / c.z};
    }
    // Whether a surface point with outward normal n (head frame) faces the camera.
    bool faces(const V3& point, const V3& normal) const {
        const V3 c = to_camera(point);
        return rotate(normal).dot(c) < 0;
    }
};

// A point on the front of the head ellipsoid at (r, u), with its outward normal.
V3 surface(double r, double u) {
    const double q = 1 - r * r / (kAr * kAr) - u * u / (kAu * kAu);
    return {r, u, kAf * std::sqrt(std::max(0.0, q))};
}
V3 surface_normal(const V3& p) { return normalized({p.x / (kAr * kAr), p.y / (kAu * kAu), p.z / (kAf * kAf)}); }

V3 from_point(const cv::Point3d& p) { return {p.x, p.y, p.z}; }
cv::Point3d to_point(const V3& v) { return {v.x, v.y, v.z}; }

// Silhouette of the head ellipsoid (orthographic about its centre, scaled by its depth).
std::vector<cv::Point2d> head_outline(const Camera& cam) {
    // Q in camera axes: R diag(1/a^2) R^T; the outline solves the Schur complement in x, y.
    const double inv[3] = {1 / (kAr * kAr), 1 / (kAu * kAu), 1 / (kAf * kAf)};
    double Q[3][3];
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            Q[i][j] = 0;
            for (int k = 0; k < 3; ++k) Q[i][j] += cam.R[i][k] * inv[k] * cam.R[j][k];
        }
    const double a = Q[0][0] - Q[0][2] * Q[2][0] / Q[2][2], b = Q[0][1] - Q[0][2] * Q[2][1] / Q[2][2],
                 d = Q[1][1] - Q[1][2] * Q[2][1] / Q[2][2];
    const double trace = a + d, det = a * d - b * b, disc = std::sqrt(std::max(0.0, trace * trace / 4 - det));
    const double l1 = trace / 2 + disc, l2 = trace / 2 - disc;
    const double angle = 0.5 * std::atan2(2 * b, a - d);
    const V3 c = cam.T;
    const double scale = cam.focal / c.z;
    const cv::Point2d centre(cam.centre.x + cam.focal * c.x / c.z, cam.centre.y + cam.focal * c.y / c.z);
    return detail::ellipse_points(centre, scale / std::sqrt(l1), scale / std::sqrt(l2), angle, 180);
}

}  // namespace

// Markers on the band's tangent planes, 6.2 cm above the eyes' level: ids 0 (over the patient's
// right brow, 4 cm right), 1 (centre), 2 (4 cm left).
std::vector<HeadbandMarker> headband_markers() {
    std::vector<HeadbandMarker> out;
    for (int id = 0; id < 3; ++id) {
        const V3 c = surface(4.0 * (1 - id), 6.2);
        const V3 n = surface_normal(c);
        const V3 right = normalized(cross(n, {0, 1, 0}));  // toward the patient's left
        out.push_back({id, to_point(c), to_point(n), to_point(right), to_point(cross(right, n)), kMarkerCm});
    }
    return out;
}

std::array<cv::Point3d, 4> HeadbandMarker::corners() const {
    const cv::Point3d c = centre + 0.05 * normal, a = 0.5 * side_cm * right, u = 0.5 * side_cm * up;
    return {c - a + u, c + a + u, c + a - u, c - a - u};
}

std::map<int, std::array<cv::Point3f, 4>> headband_spec_mm() {
    std::map<int, std::array<cv::Point3f, 4>> spec;
    for (const auto& marker : headband_markers()) {
        const auto corners = marker.corners();
        for (std::size_t k = 0; k < 4; ++k)
            spec[marker.id][k] = cv::Point3f(float(-10 * corners[k].x), float(10 * corners[k].y), float(10 * corners[k].z));
    }
    return spec;
}

FaceRenderer::FaceRenderer(SceneSettings settings, std::uint64_t seed) : settings_(settings), seed_(seed) {
    focal_ = 0.95 * settings_.size.width;
    const int w = settings_.size.width, h = settings_.size.height;
    background_.create(settings_.size, CV_8UC3);
    detail::Random random(seed ^ 0x726f'6f6d'0000'0000ull);
    for (int y = 0; y < h; ++y) {
        const double shade = 175 - 40.0 * y / h;
        background_.row(y).setTo(cv::Scalar(shade * 0.92, shade * 0.97, shade));
    }
    // A door frame, a shelf and a picture: edges for a tracker to ignore.
    cv::rectangle(background_, cv::Rect(int(0.05 * w), int(0.08 * h), int(0.18 * w), int(0.92 * h)), cv::Scalar(90, 110, 130), cv::FILLED);
    cv::rectangle(background_, cv::Rect(int(0.72 * w), int(0.18 * h), int(0.25 * w), int(0.04 * h)), cv::Scalar(60, 80, 100), cv::FILLED);
    cv::rectangle(background_, cv::Rect(int(0.76 * w), int(0.05 * h), int(0.14 * w), int(0.12 * h)), cv::Scalar(random.uniform(40, 200), random.uniform(40, 200), random.uniform(40, 200)), cv::FILLED);
    // Shoulders and neck (the torso stays still while the head turns).
    std::vector<cv::Point2d> torso{{0.12 * w, double(h)}, {0.22 * w, 0.86 * h}, {0.42 * w, 0.80 * h},
                                   {0.58 * w, 0.80 * h}, {0.78 * w, 0.86 * h}, {0.88 * w, double(h)}};
    detail::fill_polygon(background_, torso, cv::Scalar(120, 70, 40));
    for (int id = 0; id < 3; ++id) markers_.push_back(detail::printed_marker(id));
    room_ = detail::RoomEffects::make(settings_, seed);
}

cv::Mat FaceRenderer::render(const FacePose& pose, double t_s, std::int64_t frame_index, FaceFrameTruth* truth) const {
    cv::Mat img = background_.clone();
    const Camera cam(pose.head, focal_, settings_.size);
    const cv::Scalar skin(120, 150, 200), brow(40, 50, 60), lip(90, 90, 170), band(70, 60, 50);

    // Neck, then the head.
    const cv::Point2d chin = cam.project({0, -kAu * 0.8, 0});
    const double neck_half = focal_ * 5.0 / cam.T.z;
    detail::fill_polygon(img, {{chin.x - neck_half, chin.y}, {chin.x + neck_half, chin.y},
                               {chin.x + neck_half * 1.1, 0.84 * img.rows}, {chin.x - neck_half * 1.1, 0.84 * img.rows}},
                         skin * 0.85);
    detail::fill_polygon(img, head_outline(cam), skin);

    const auto visible_polygon = [&](const std::vector<V3>& points, const cv::Scalar& colour) {
        V3 mid{0, 0, 0};
        for (const auto& p : points) mid = mid + p * (1.0 / double(points.size()));
        if (!cam.faces(mid, surface_normal(mid))) return;
        std::vector<cv::Point2d> px;
        for (const auto& p : points) px.push_back(cam.project(p));
        detail::fill_polygon(img, px, colour);
    };
    // Bands around the head at heights u0..u1, between azimuths a0..a1 (0 = straight ahead).
    const auto around = [](double azimuth, double u) {
        const double k = std::sqrt(std::max(0.0, 1 - u * u / (kAu * kAu)));
        return V3{kAr * k * std::sin(azimuth), u, kAf * k * std::cos(azimuth)};
    };
    const auto band_patch = [&](double a0, double a1, double u0, double u1) {
        std::vector<V3> pts;
        for (int k = 0; k <= 6; ++k) pts.push_back(around(a0 + (a1 - a0) * k / 6, u1));
        for (int k = 6; k >= 0; --k) pts.push_back(around(a0 + (a1 - a0) * k / 6, u0));
        return pts;
    };
    constexpr int kPatches = 14;
    for (int k = 0; k < kPatches; ++k) {
        const double a0 = -1.75 + 3.5 * k / kPatches, a1 = -1.75 + 3.5 * (k + 1) / kPatches;
        visible_polygon(band_patch(a0, a1, 7.4, 10.4), cv::Scalar(40, 50, 70));  // hair
        visible_polygon(band_patch(a0, a1, 4.6, 7.8), band);                     // headband
    }

    FaceFrameTruth t;
    t.head = pose.head;
    t.camera_distance_cm = kDistanceCm;
    t.focal_px = focal_;
    t.gaze_h_deg = pose.gaze_h_deg;
    t.gaze_v_deg = pose.gaze_v_deg;
    t.eyelid_closure = pose.eyelid_closure;

    for (const auto& marker : headband_markers()) {
        const int id = marker.id;
        const V3 c = from_point(marker.centre), n = from_point(marker.normal), up = from_point(marker.up);
        if (!cam.faces(c, n)) continue;
        // The printed sheet reads the right way round to the camera facing the patient.
        const double s = kSheetCm / 2;
        const V3 lift = n * 0.05, a = from_point(marker.right);
        const std::array<cv::Point2d, 4> quad{cam.project(c + lift - a * s + up * s), cam.project(c + lift + a * s + up * s),
                                              cam.project(c + lift + a * s - up * s), cam.project(c + lift - a * s - up * s)};
        // Skip a marker seen nearly edge-on: no detector would read it, and the truth says so.
        if (std::abs(cam.rotate(n).z) < 0.25) continue;
        t.markers.push_back(detail::warp_marker(img, markers_[std::size_t(id)], id, quad, kMarkerCm));
    }

    // Eyes: sclera, iris and pupil on a sphere, covered by skin outside the lid opening.
    const double h = pose.gaze_h_deg * kPi / 180, v = pose.gaze_v_deg * kPi / 180;
    for (int side = -1; side <= 1; side += 2) {  // +1: the patient's right eye (r > 0)
        const double er = 3.1 * side, eu = 1.0;
        const V3 front = surface(er, eu);
        if (!cam.faces(front, surface_normal(front))) continue;
        const V3 centre = front - V3{0, 0, kEyeRadiusCm * 0.8};
        const double open = std::clamp(1 - pose.eyelid_closure, 0.0, 1.0);
        std::vector<cv::Point2d> almond, ring;
        for (int k = 0; k < 48; ++k) {
            const double a = 2 * kPi * k / 48;
            const double x = 1.35 * std::cos(a), y = (std::sin(a) > 0 ? 0.62 * open : 0.45 * open + 0.02) * std::sin(a);
            almond.push_back(cam.project(surface(er + x, eu + y) + V3{0, 0, 0.05}));
            ring.push_back(cam.project(surface(er + 1.9 * std::cos(a), eu + 1.3 * std::sin(a)) + V3{0, 0, 0.05}));
        }
        detail::fill_polygon(img, almond, cv::Scalar(225, 230, 235));
        const V3 g{std::sin(h) * std::cos(v), std::sin(v), std::cos(h) * std::cos(v)};  // right, up
        const V3 e1 = normalized(cross({0, 1, 0}, g)), e2 = cross(g, e1);
        const auto disk = [&](double radius) {
            std::vector<cv::Point2d> pts;
            const V3 c = centre + g * (kEyeRadiusCm * 0.97);
            for (int k = 0; k < 40; ++k) {
                const double a = 2 * kPi * k / 40;
                pts.push_back(cam.project(c + e1 * (radius * std::cos(a)) + e2 * (radius * std::sin(a))));
            }
            return pts;
        };
        detail::fill_polygon(img, disk(0.6), cv::Scalar(60, 90, 110));
        detail::fill_polygon(img, disk(pose.pupil_diameter_mm / 20), cv::Scalar(15, 15, 15));
        const cv::Point2d iris = cam.project(centre + g * (kEyeRadiusCm * 0.97));
        (side > 0 ? t.right_iris_px : t.left_iris_px) = iris;
        std::reverse(almond.begin(), almond.end());
        detail::fill_contours(img, {ring, almond}, skin);  // lids: the ring with the opening cut out
        for (int k = 0; k < 24; ++k) {
            const double x0 = -1.5 + 3.0 * k / 24, x1 = -1.5 + 3.0 * (k + 1) / 24;
            detail::draw_line(img, cam.project(surface(er + x0, eu + 1.9 + 0.3 * std::cos(x0))),
                              cam.project(surface(er + x1, eu + 1.9 + 0.3 * std::cos(x1))), brow, 3);
        }
    }
    // Nose and mouth.
    visible_polygon({surface(-0.5, 0.2), surface(0.5, 0.2), surface(1.3, -2.8), surface(-1.3, -2.8)}, skin * 0.85);
    {
        const cv::Point2d tip = cam.project(surface(0, -2.4) + V3{0, 0, 1.6});
        const cv::Point2d l = cam.project(surface(-1.2, -2.9)), r = cam.project(surface(1.2, -2.9));
        detail::fill_polygon(img, {l, tip, r}, skin * 0.8);
    }
    visible_polygon({surface(-2.3, -5.3), surface(0, -5.0), surface(2.3, -5.3), surface(0, -6.1)}, lip);

    t.lighting_gain = room_->apply(img, t_s, frame_index);
    if (truth) *truth = t;
    return img;
}

}  // namespace purkinje::sim
