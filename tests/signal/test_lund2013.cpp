// Agreement with the two expert coders of the lund2013 recordings (Andersson et al. 2017), computed as
// ../shared/data/README.md describes: Cohen's kappa per class against the rest, samples pooled per
// stimulus type. The table in docs/validation.md (## signal) comes from this computation.
#include <cstdio>
#include <doctest/doctest.h>

#include "signal/lund2013.hpp"
#include "support/test_support.hpp"

using namespace purkinje;

TEST_CASE("lund2013: saccade agreement with both expert coders stays at or above 0.80 on images and on dots") {
    const auto folder = test::require_shared_data("lund2013/recordings.json").parent_path();
    const auto result = test::lund2013_agreement(folder, signal::GazeClassifierOptions{});
    for (const char* stimulus : {"img", "dots"})
        for (const char* coder : {"MN", "RA"})
            std::printf("%-4s vs %s: fixation %.3f  saccade %.3f  PSO %.3f  pursuit %.3f\n", stimulus, coder,
                        result.kappa.at(stimulus).at(coder).at(1), result.kappa.at(stimulus).at(coder).at(2),
                        result.kappa.at(stimulus).at(coder).at(3), result.kappa.at(stimulus).at(coder).at(4));
    // The pooling reproduces the README's coder-vs-coder figures, so the kappas are computed alike.
    CHECK(result.coders.at("img").at(2) == doctest::Approx(0.913).epsilon(0.002));
    CHECK(result.coders.at("dots").at(1) == doctest::Approx(0.652).epsilon(0.002));
    CHECK(result.kappa.at("img").at("MN").at(2) >= 0.80);
    CHECK(result.kappa.at("img").at("RA").at(2) >= 0.80);
    // Moving dots: the 0.80 against both coders (reached: .856 / .805, docs/validation.md);
    // against MN the guard sits below the level reached, as on images.
    CHECK(result.kappa.at("dots").at("MN").at(2) >= 0.84);
    CHECK(result.kappa.at("dots").at("RA").at(2) >= 0.80);
}

TEST_CASE("lund2013: fixation and PSO agreement stays above REMoDNaV's on both stimulus types") {
    const auto folder = test::require_shared_data("lund2013/recordings.json").parent_path();
    const auto result = test::lund2013_agreement(folder, signal::GazeClassifierOptions{});
    // REMoDNaV 1.1.2 on exactly these files (../shared/data/README.md): fixation, PSO per coder.
    struct Bar { const char* stimulus; const char* coder; double fixation, pso; };
    for (const Bar& bar : {Bar{"img", "MN", .507, .585}, Bar{"img", "RA", .529, .591},
                           Bar{"dots", "MN", .448, .408}, Bar{"dots", "RA", .372, .375}}) {
        CAPTURE(bar.stimulus);
        CAPTURE(bar.coder);
        CHECK(result.kappa.at(bar.stimulus).at(bar.coder).at(1) > bar.fixation);
        CHECK(result.kappa.at(bar.stimulus).at(bar.coder).at(3) > bar.pso);
    }
}
