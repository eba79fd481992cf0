#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <fstream>
#include <numeric>

#include "purkinje/core/error.hpp"
#include "purkinje/interop/ics_impulse.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using namespace purkinje::interop;

namespace {
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Bland-Altman of our AUC gain against the vendor's Gain over the impulses the examiner kept.
struct Agreement {
    double median_abs = 0, bias = 0, sd = 0;
    int n = 0;
};
Agreement agreement(const VhitImport& import) {
    std::vector<double> d;
    for (const auto& i : import.impulses)
        if (i.analysis && i.analysis->gain_auc) d.push_back(*i.analysis->gain_auc - i.impulse.vendor_gain);
    Agreement a;
    a.n = static_cast<int>(d.size());
    std::vector<double> abs_d;
    for (double x : d) abs_d.push_back(std::abs(x));
    a.median_abs = median(abs_d);
    a.bias = std::accumulate(d.begin(), d.end(), 0.0) / d.size();
    double ss = 0;
    for (double x : d) ss += (x - a.bias) * (x - a.bias);
    a.sd = std::sqrt(ss / (d.size() - 1));
    return a;
}

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string minimal_export(const std::string& head, const std::string& eye, const std::string& list_sep,
                           const std::string& decimal) {
    return "<?xml version=\"1.0\"?><ICSSuiteDBPMRDataSet xmlns=\"http://tempuri.org/x.xsd\"><ICSPatient><HITest>"
           "<TestUID>7</TestUID><AvgFrameRate>250</AvgFrameRate><DecimalSeparator>" + decimal +
           "</DecimalSeparator><ListSeparator>" + list_sep + "</ListSeparator><TestType>Lateral</TestType>"
           "<HIImpulse><ImpulseUID>42</ImpulseUID><TestUID>7</TestUID><HeadVelocitySamples>" + head +
           "</HeadVelocitySamples><EyeVelocitySamples>" + eye +
           "</EyeVelocitySamples><IsDirectionLeft>false</IsDirectionLeft><Gain>9000</Gain>"
           "<PeakVelocity>2000000</PeakVelocity><IsImpulseDeleted>false</IsImpulseDeleted></HIImpulse>"
           "</HITest></ICSPatient></ICSSuiteDBPMRDataSet>";
}

std::string bell(const std::string& sep, const std::string& decimal, double gain) {
    std::string s;
    for (int i = 0; i < 60; ++i) {
        const double x = (i >= 10 && i < 48) ? 200 * std::sin(3.14159265 * (i - 10) / 38.0) * gain : 0.0;
        std::string v = std::to_string(x);
        if (decimal != ".") v.replace(v.find('.'), 1, decimal);
        s += (i ? sep : "") + v;
    }
    return s;
}
}  // namespace

TEST_CASE("ICS import: AUC gains agree with the vendor's Gain on the normal and the deficit export") {
    for (const char* name : {"vhit_ics/2.xml", "vhit_ics/3.xml"}) {
        const auto import = import_ics_impulse(test::require_shared_data(name));
        const Agreement a = agreement(import);
        MESSAGE(std::string(name) << ": n=" << a.n << " median |diff|=" << a.median_abs << " bias=" << a.bias
                     << " limits of agreement=" << a.bias - 1.96 * a.sd << ".." << a.bias + 1.96 * a.sd);
        CHECK(a.median_abs <= 0.03);
        CHECK(std::abs(a.bias) <= 0.03);
        for (const auto& i : import.impulses) {
            if (i.impulse.deleted) {
                CHECK(!i.analysis);
                continue;
            }
            REQUIRE(i.analysis);
            // The vendor's PeakVelocity is the peak of the exported head velocity.
            CHECK(i.analysis->peak_head_velocity_dps == doctest::Approx(i.impulse.vendor_peak_head_velocity_dps).epsilon(1e-3));
        }
    }
}

TEST_CASE("ICS import: deleted impulses are listed, not analysed, and the sides are summarised") {
    const auto import = import_ics_impulse(test::require_shared_data("vhit_ics/3.xml"));
    CHECK(import.impulses.size() == 42);
    const int deleted = static_cast<int>(std::count_if(import.impulses.begin(), import.impulses.end(),
                                                       [](const auto& i) { return i.impulse.deleted; }));
    CHECK(deleted == import.left.deleted + import.right.deleted);
    CHECK(deleted > 0);
    REQUIRE(import.left.mean_gain_auc);
    REQUIRE(import.right.mean_gain_auc);
    // 3.xml is the asymmetric deficit: the right side is the weak one in the vendor's own gains.
    CHECK(*import.right.mean_gain_auc < *import.left.mean_gain_auc - 0.1);
    const auto json = to_json(import);
    CHECK(json["impulses"].size() == 42);
    CHECK(json["impulses"][0].contains("gain_80ms"));
    CHECK(json["summary"]["gain_definition"] == "auc_desaccaded");
}

TEST_CASE("ICS import: SHIMP saccade latencies agree with the vendor's") {
    const auto import = import_ics_impulse(test::require_shared_data("vhit_ics/4_SHIMP.xml"));
    CHECK(import.source.is_shimp());
    CHECK(import.source.list_separator == ",");
    std::vector<double> errors;
    for (const auto& i : import.impulses) {
        if (!i.analysis) continue;
        std::vector<double> ours;
        for (const auto& s : i.analysis->saccades)
            if (!s.compensatory) ours.push_back(s.latency_ms);
        for (std::size_t k = 0; k < std::min(ours.size(), i.impulse.vendor_saccade_latencies_ms.size()); ++k)
            errors.push_back(ours[k] - i.impulse.vendor_saccade_latencies_ms[k]);
    }
    REQUIRE(errors.size() >= 20);
    std::vector<double> abs_errors;
    for (double e : errors) abs_errors.push_back(std::abs(e));
    MESSAGE("SHIMP latencies: n=" << errors.size() << " median error=" << median(errors)
                                  << " ms, median |error|=" << median(abs_errors) << " ms");
    CHECK(std::abs(median(errors)) <= 8.0);
    CHECK(median(abs_errors) <= 12.0);
}

TEST_CASE("ICS import: the list separator and decimal mark of the export are honoured") {
    test::ScratchDir dir("ics_separators");
    write(dir / "comma.xml", minimal_export(bell(";", ",", 1), bell(";", ",", 0.9), ";", ","));
    write(dir / "dot.xml", minimal_export(bell(",", ".", 1), bell(",", ".", 0.9), ",", "."));
    for (const char* f : {"comma.xml", "dot.xml"}) {
        const auto import = import_ics_impulse(dir / f);
        REQUIRE(import.impulses.size() == 1);
        REQUIRE(import.impulses[0].analysis);
        CHECK(import.impulses[0].impulse.head_velocity_dps.size() == 60);
        CHECK(*import.impulses[0].analysis->gain_auc == doctest::Approx(0.9).epsilon(0.01));
        CHECK(import.impulses[0].impulse.vendor_gain == doctest::Approx(0.9));
    }
}

TEST_CASE("ICS import: malformed exports raise an error naming the file, the impulse and the field") {
    test::ScratchDir dir("ics_malformed");
    write(dir / "bad_sample.xml", minimal_export(bell(";", ",", 1), "1,0;abc;3,5", ";", ","));
    try {
        read_ics_impulse_xml(dir / "bad_sample.xml");
        FAIL("expected an error");
    } catch (const Error& e) {
        const std::string what = e.what();
        CHECK(what.find("bad_sample.xml") != std::string::npos);
        CHECK(what.find("ImpulseUID 42") != std::string::npos);
        CHECK(what.find("EyeVelocitySamples sample 1") != std::string::npos);
    }
    write(dir / "truncated.xml", "<ICSSuiteDBPMRDataSet><HITest>");
    CHECK_THROWS_AS(read_ics_impulse_xml(dir / "truncated.xml"), Error);
    std::string no_gain = minimal_export(bell(";", ",", 1), bell(";", ",", 1), ";", ",");
    no_gain.replace(no_gain.find("<Gain>9000</Gain>"), 17, "");
    write(dir / "no_gain.xml", no_gain);
    try {
        read_ics_impulse_xml(dir / "no_gain.xml");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("field Gain") != std::string::npos);
    }
    CHECK_THROWS_AS(read_ics_impulse_xml(dir / "absent.xml"), Error);
}

TEST_CASE("ICS import: the import becomes a session with one trial per impulse and named findings") {
    const auto import = import_ics_impulse(test::require_shared_data("vhit_ics/3.xml"));
    const Session s = to_session(import, "P-0042");
    CHECK(s.patient_code == "P-0042");
    CHECK(s.started_at.size() == 20);
    REQUIRE(s.trials.size() == import.impulses.size());
    CHECK(s.trials[0].accepted == !import.impulses[0].impulse.deleted);
    CHECK(s.trials[5].recording.at("head_velocity").size() == 175);
    bool right_gain = false;
    for (const auto& f : s.findings)
        if (f.metric == "vor_gain_auc_right") {
            right_gain = true;
            CHECK(f.method == "auc_desaccaded");
            CHECK(f.flag == Flag::Low);  // 3.xml: the deficient side
            CHECK(!f.normal.citation.empty());
        }
    CHECK(right_gain);
}
