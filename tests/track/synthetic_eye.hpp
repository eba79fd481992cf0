#pragma once
// A small infrared eye drawn by the tests themselves (supersampled ellipse on a textured iris, with
// optional glints, an eyelid and noise), so the detector's sub-pixel accuracy can be checked
// against an exactly known pupil without the simulator.

#include <cmath>

#include <opencv2/imgproc.hpp>

namespace purkinje::track::testing {

struct SyntheticEye {
    cv::Size size{320, 240};
    cv::Point2d centre{160.3, 118.7};
    double radius_x = 28.4, radius_y = 25.1, angle_deg = 20;
    int glints = 0;              // bright spots on and near the pupil border
    double eyelid_y = -1;        // upper lid down to this row (skin, bright); -1 = none
    double noise_sigma = 0;
    unsigned seed = 1;
};

inline cv::Mat render_eye(const SyntheticEye& e) {
    const int k = 4;  // supersampling factor per axis
    cv::Mat big(e.size.height * k, e.size.width * k, CV_8U, cv::Scalar(190));
    // Iris disc with radial texture, then the pupil (an exact ellipse in supersampled pixels).
    const cv::Point2d c((e.centre.x + 0.5) * k - 0.5, (e.centre.y + 0.5) * k - 0.5);
    cv::circle(big, cv::Point(cvRound(c.x), cvRound(c.y)), static_cast<int>(2.3 * e.radius_x * k), cv::Scalar(120),
               cv::FILLED);
    cv::RNG rng(e.seed);
    for (int i = 0; i < 60; ++i) {
        const double a = rng.uniform(0.0, 2 * CV_PI);
        const double r0 = 1.2 * e.radius_x * k, r1 = 2.2 * e.radius_x * k;
        cv::line(big, cv::Point(cvRound(c.x + r0 * std::cos(a)), cvRound(c.y + r0 * std::sin(a))),
                 cv::Point(cvRound(c.x + r1 * std::cos(a)), cvRound(c.y + r1 * std::sin(a))),
                 cv::Scalar(rng.uniform(100, 145)), k);
    }
    cv::ellipse(big, cv::RotatedRect(cv::Point2f(static_cast<float>(c.x), static_cast<float>(c.y)),
                                     cv::Size2f(static_cast<float>(2 * e.radius_x * k), static_cast<float>(2 * e.radius_y * k)),
                                     static_cast<float>(e.angle_deg)),
                cv::Scalar(25), cv::FILLED, cv::LINE_8);
    for (int g = 0; g < e.glints; ++g) {
        const double a = 0.7 + 2.1 * g;
        const double r = (g % 2 == 0 ? 0.4 : 1.0) * e.radius_x * k;
        cv::circle(big, cv::Point(cvRound(c.x + r * std::cos(a)), cvRound(c.y + r * std::sin(a))), 3 * k,
                   cv::Scalar(255), cv::FILLED);
    }
    if (e.eyelid_y >= 0)
        cv::rectangle(big, cv::Point(0, 0), cv::Point(big.cols - 1, cvRound(e.eyelid_y * k)), cv::Scalar(170), cv::FILLED);
    cv::Mat image;
    cv::resize(big, image, e.size, 0, 0, cv::INTER_AREA);
    cv::GaussianBlur(image, image, cv::Size(3, 3), 0.7);
    if (e.noise_sigma > 0) {
        cv::Mat noise(image.size(), CV_16S);
        cv::randn(noise, 0, e.noise_sigma);
        cv::Mat wide;
        image.convertTo(wide, CV_16S);
        wide += noise;
        wide.convertTo(image, CV_8U);
    }
    return image;
}

}  // namespace purkinje::track::testing
