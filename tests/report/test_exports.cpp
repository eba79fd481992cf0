#include <doctest/doctest.h>

#include <clocale>
#include <locale>
#include <cmath>
#include <regex>
#include <set>
#include <sstream>

#include "poppler.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/interop/atomic_file.hpp"
#include "purkinje/interop/csv_export.hpp"
#include "purkinje/interop/fhir_export.hpp"
#include "purkinje/report/pdf_report.hpp"
#include "report_fixtures.hpp"
#include "support/test_support.hpp"

using namespace purkinje;
using nlohmann::json;

namespace {

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field), field.clear();
        } else if (c == '\n') {
            rows.back().push_back(field), field.clear();
            rows.emplace_back();
        } else {
            field += c;
        }
    }
    rows.pop_back();  // after the last line end
    return rows;
}

// Every resource of the bundle by type.
std::vector<json> resources(const json& bundle, const std::string& type) {
    std::vector<json> out;
    for (const auto& e : bundle["entry"])
        if (e["resource"]["resourceType"] == type) out.push_back(e["resource"]);
    return out;
}

void check_quantity(const json& q) {
    // R4 Quantity: value decimal; qty-3: a code needs a system; Purkinje always gives UCUM.
    REQUIRE(q.is_object());
    CHECK(q["value"].is_number());
    REQUIRE(q.contains("code"));
    CHECK(q["system"] == "http://unitsofmeasure.org");
    CHECK(q["unit"].is_string());
    // UCUM case-sensitive codes: no spaces, an annotation only in braces.
    CHECK(std::regex_match(q["code"].get<std::string>(), std::regex(R"([A-Za-z0-9/.%\[\]]+|\{[a-z]+\})")));
}

struct CommaDecimal : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return '.'; }
    std::string do_grouping() const override { return "\3"; }
};

}  // namespace

TEST_CASE("CSV: findings and channels with '.' decimals and ',' separators, quoted text, documented columns") {
    // A comma-decimal locale must not change a byte (de_DE where installed; the C++ locale too).
    std::setlocale(LC_ALL, "de_DE.UTF-8");
    const std::locale previous = std::locale::global(std::locale(std::locale::classic(), new CommaDecimal));
    Session session = test::report_session(0);
    session.id = 3;
    session.findings[0].label = "Endpoint error, \"dysmetria\"";
    const auto rows = parse_csv(interop::findings_csv(session));
    const std::string channel_text = interop::channel_csv(session.trials[0].recording.channels[0]);
    std::setlocale(LC_ALL, "C");
    std::locale::global(previous);
    REQUIRE(rows.size() == session.findings.size() + 1);
    const std::vector<std::string> header = {"session_id", "patient_code", "analysis_version", "protocol", "metric",
                                             "label", "value", "unit", "method", "normal_low", "normal_high",
                                             "norm_citation", "flag", "ci_low", "ci_high"};
    CHECK(rows[0] == header);
    for (std::size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].size() == header.size());
        const Finding& f = session.findings[i - 1];
        CHECK(std::stod(rows[i][6]) == f.value);  // shortest round-trip text reads back exactly
        CHECK(rows[i][4] == f.metric);
        CHECK(rows[i][12] == to_string(f.flag));
    }
    CHECK(rows[1][5] == "Endpoint error, \"dysmetria\"");
    CHECK(rows[1][9] == "0");
    CHECK(rows[1][10] == "1.2");

    const Channel& hand = session.trials[0].recording.channels[0];
    const auto samples = parse_csv(channel_text);
    CHECK(samples[0] == std::vector<std::string>{"t_s", "x [cm]", "y [cm]", "confidence"});
    REQUIRE(samples.size() == hand.size() + 1);
    for (std::size_t i = 0; i < hand.size(); i += 37) {
        CHECK(std::stod(samples[i + 1][0]) == hand.t_s[i]);
        CHECK(std::stof(samples[i + 1][1]) == hand.values[0][i]);
        CHECK(samples[i + 1][1].find(',') == std::string::npos);
    }

    const auto fits = parse_csv(interop::model_fits_csv(session));
    // w of the reach model is not identifiable: named, no number.
    bool found_w = false;
    for (const auto& r : fits)
        if (r.size() > 9 && r[4] == "w") {
            found_w = true;
            CHECK(r[5].empty());
            CHECK(r[9] == "false");
        }
    CHECK(found_w);
}

TEST_CASE("CSV export writes every file of a session into its folder, and a missing value is an empty field") {
    test::ScratchDir scratch("report_csv");
    Session session = test::report_session(0);
    session.findings[2].value = std::nan("");
    const auto files = interop::export_session_csv(session, scratch / "export");
    std::size_t channels = 0;
    for (const auto& t : session.trials) channels += t.recording.channels.size();
    CHECK(files.size() == 4 + channels);
    for (const auto& f : files) CHECK(std::filesystem::exists(scratch / "export" / f));
    CHECK(std::filesystem::exists(scratch / "export" / "channels" / "trial_00_hand.csv"));
    const auto rows = parse_csv(test::read_file(scratch / "export" / "findings.csv"));
    CHECK(rows[3][6].empty());
    CHECK(parse_csv(test::read_file(scratch / "export" / "trials.csv")).size() == session.trials.size() + 1);
    // Nothing half-written stays behind.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(scratch / "export"))
        CHECK(entry.path().filename().string().find(".partial") == std::string::npos);
}

TEST_CASE("an export that cannot be finished leaves no file behind and says where") {
    test::ScratchDir scratch("report_atomic");
    CHECK_THROWS_WITH_AS(interop::write_file_atomically(scratch / "missing" / "x.json", "{}"),
                         doctest::Contains("missing"), Error);
    // A destination that is a folder cannot be replaced: the folder stays, the temporary file is gone.
    std::filesystem::create_directory(scratch / "taken");
    CHECK_THROWS_AS(interop::write_file_atomically(scratch / "taken", "data"), Error);
    CHECK(std::filesystem::is_directory(scratch / "taken"));
    for (const auto& entry : std::filesystem::directory_iterator(scratch.path()))
        CHECK(entry.path().filename().string().find(".partial") == std::string::npos);
    // A finished write replaces the old content whole.
    interop::write_file_atomically(scratch / "a.txt", "old");
    interop::write_file_atomically(scratch / "a.txt", "new content");
    CHECK(test::read_file(scratch / "a.txt") == "new content");
}

TEST_CASE("FHIR: a Bundle with a pseudonymous Patient, a DiagnosticReport and one Observation per finding") {
    Session session = test::report_session(0);
    session.id = 11;
    const Patient patient = test::report_patient();
    const json bundle = interop::session_bundle(patient, session, {std::nullopt, "impression text"});

    // Bundle: type required (1..1) from the bundle-type value set; entries with fullUrl and resource.
    CHECK(bundle["resourceType"] == "Bundle");
    CHECK(bundle["type"] == "collection");
    REQUIRE(bundle["entry"].is_array());
    std::set<std::string> full_urls;
    for (const auto& e : bundle["entry"]) {
        CHECK(std::regex_match(e["fullUrl"].get<std::string>(),
                               std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
        CHECK(full_urls.insert(e["fullUrl"].get<std::string>()).second);  // unique
        // id: [A-Za-z0-9\-\.]{1,64}
        CHECK(std::regex_match(e["resource"]["id"].get<std::string>(), std::regex(R"([A-Za-z0-9\-\.]{1,64})")));
    }

    const auto patients = resources(bundle, "Patient");
    REQUIRE(patients.size() == 1);
    const json& p = patients[0];
    CHECK_FALSE(p.contains("name"));
    CHECK_FALSE(p.contains("birthDate"));
    CHECK_FALSE(p.contains("telecom"));
    CHECK_FALSE(p.contains("address"));
    REQUIRE(p["identifier"].size() == 1);
    CHECK(p["identifier"][0]["value"] == "P-0042");
    CHECK(p["gender"] == "female");
    const std::string patient_ref = "urn:uuid:" + p["id"].get<std::string>();

    const auto reports = resources(bundle, "DiagnosticReport");
    REQUIRE(reports.size() == 1);
    const json& r = reports[0];
    CHECK(r["status"] == "final");              // 1..1, code
    CHECK(r["code"]["text"].is_string());       // 1..1, CodeableConcept
    CHECK(r["subject"]["reference"] == patient_ref);
    CHECK(r["effectiveDateTime"] == session.started_at);
    CHECK(r["conclusion"] == "impression text");
    CHECK_FALSE(r.contains("presentedForm"));
    REQUIRE(r["result"].size() == session.findings.size());
    for (const auto& ref : r["result"]) CHECK(full_urls.count(ref["reference"].get<std::string>()) == 1);

    const auto observations = resources(bundle, "Observation");
    REQUIRE(observations.size() == session.findings.size());
    std::set<std::string> units;
    for (std::size_t i = 0; i < observations.size(); ++i) {
        const json& o = observations[i];
        const Finding& f = session.findings[i];
        CAPTURE(f.metric);
        CHECK(o["status"] == "final");
        CHECK(o["code"]["coding"][0]["code"] == f.metric);
        CHECK(o["code"]["text"] == f.label);
        CHECK(o["subject"]["reference"] == patient_ref);
        check_quantity(o["valueQuantity"]);
        CHECK(o["valueQuantity"]["value"].get<double>() == f.value);
        units.insert(o["valueQuantity"]["code"].get<std::string>());
        CHECK(o["method"]["text"] == f.method);
        if (f.flag == Flag::NotJudged) {
            CHECK_FALSE(o.contains("interpretation"));
        } else {
            const json& coding = o["interpretation"][0]["coding"][0];
            CHECK(coding["system"] == "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation");
            CHECK(coding["code"] == (f.flag == Flag::High ? "H" : f.flag == Flag::Low ? "L" : "N"));
        }
        if (f.normal.low || f.normal.high) {
            REQUIRE(o["referenceRange"].size() == 1);
            const json& range = o["referenceRange"][0];
            // obs-3: at least low, high or text.
            CHECK((range.contains("low") || range.contains("high")));
            if (f.normal.low) {
                check_quantity(range["low"]);
                CHECK(range["low"]["value"] == *f.normal.low);
            }
            if (f.normal.high) {
                check_quantity(range["high"]);
                CHECK(range["high"]["value"] == *f.normal.high);
            }
            CHECK(range["text"].get<std::string>().find(f.normal.citation) != std::string::npos);
        } else {
            CHECK_FALSE(o.contains("referenceRange"));
        }
    }
    // Every unit used maps to its UCUM code; pixels to the annotation {px}, ratios to 1.
    CHECK(units == std::set<std::string>{"cm", "cm/s", "Hz", "{score}", "1", "%", "ms", "{px}", "s", "deg/s", "deg"});
}

TEST_CASE("FHIR: every Purkinje unit has its UCUM code - a non-finite value is an absent value") {
    for (const auto& [unit, code] : std::vector<std::pair<std::string, std::string>>{
             {"deg", "deg"}, {"deg/s", "deg/s"}, {"cm", "cm"}, {"mm", "mm"}, {"Hz", "Hz"}, {"ms", "ms"},
             {"s", "s"}, {"1", "1"}, {"%", "%"}, {"px", "{px}"}, {"{score}", "{score}"}}) {
        const auto ucum = interop::ucum_unit(unit);
        REQUIRE_MESSAGE(ucum, unit);
        CHECK(ucum->code == code);
    }
    CHECK_FALSE(interop::ucum_unit("furlongs"));
    Session session = test::report_session(0);
    session.findings.resize(1);
    session.findings[0].value = std::nan("");
    const json bundle = interop::session_bundle(test::report_patient(), session);
    const json o = resources(bundle, "Observation")[0];
    CHECK_FALSE(o.contains("valueQuantity"));
    CHECK(o["dataAbsentReason"]["coding"][0]["code"] == "not-a-number");
}

TEST_CASE("FHIR: the PDF rides along as presentedForm, base64 of the exact bytes") {
    CHECK(interop::base64("") == "");
    CHECK(interop::base64("f") == "Zg==");
    CHECK(interop::base64("fo") == "Zm8=");
    CHECK(interop::base64("foo") == "Zm9v");
    CHECK(interop::base64("foobar") == "Zm9vYmFy");
    const Session session = test::report_session(0);
    const std::string pdf = report::render_session_pdf(test::report_patient(), session);
    const json bundle = interop::session_bundle(test::report_patient(), session, {pdf, "x"});
    const json form = resources(bundle, "DiagnosticReport")[0]["presentedForm"];
    REQUIRE(form.size() == 1);
    CHECK(form[0]["contentType"] == "application/pdf");
    CHECK(form[0]["data"] == interop::base64(pdf));
    // Same session, same bundle.
    CHECK(bundle == interop::session_bundle(test::report_patient(), session, {pdf, "x"}));
}
