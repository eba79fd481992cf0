// Cost of the report and exports for one session: a finger chase of 2 x 30 s at 120 Hz (minimum-jerk
// reaches with a 4 Hz tremor), 8 head impulses at 250 Hz, 20 findings and one model fit.

#include <benchmark/benchmark.h>

#include <cmath>

#include "purkinje/core/names.hpp"
#include "purkinje/interop/csv_export.hpp"
#include "purkinje/interop/fhir_export.hpp"
#include "purkinje/report/impression.hpp"
#include "purkinje/report/pdf_report.hpp"

namespace {

using namespace purkinje;

Session bench_session() {
    Session s;
    s.id = 1;
    s.patient_code = "BENCH-1";
    s.started_at = "2026-11-27T10:00:00Z";
    s.examiner = "bench";
    s.camera = "bench";
    s.camera_fps = 120;
    for (int k = 0; k < 2; ++k) {
        Trial t;
        t.index = k;
        t.protocol = names::kFingerChase;
        t.condition = k ? "left hand" : "right hand";
        Channel hand(names::kHand, 120, {{"x", "cm"}, {"y", "cm"}});
        Channel target(names::kTarget, 0, {{"x", "cm"}, {"y", "cm"}});
        for (int i = 0; i < 120 * 30; ++i) {
            const double time = i / 120.0, phase = std::fmod(time, 2.0);
            const int reach = static_cast<int>(time / 2.0);
            const double from = reach % 2 ? 20 : 0, to = reach % 2 ? 0 : 20;
            const double tau = std::clamp((phase - 0.3) / 0.7, 0.0, 1.0);
            const double s_ = tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
            if (phase < 1.0 / 120) target.push_back(time, {float(to), 10.f});
            hand.push_back(time, {float(from + (to - from) * s_), float(10 + 0.4 * tau * std::sin(8 * M_PI * time))});
        }
        t.recording.channels = {hand, target};
        s.trials.push_back(t);
    }
    for (int k = 0; k < 8; ++k) {
        Trial t;
        t.index = 2 + k;
        t.protocol = names::kHeadImpulse;
        Channel head(names::kHeadVelocity, 250, {{"yaw", "deg/s"}});
        Channel eye(names::kEyeVelocity, 250, {{"x", "deg/s"}});
        const double sign = k % 2 ? -1 : 1;
        for (int i = 0; i < 100; ++i) {
            const double p = (i / 250.0 - 0.05) / 0.15;
            const double h = p > 0 && p < 1 ? 220 * std::pow(std::sin(M_PI * p), 2) : 0;
            head.push_back(i / 250.0, {float(sign * h)});
            eye.push_back(i / 250.0, {float(sign * 0.8 * h)});
        }
        t.recording.channels = {head, eye};
        s.trials.push_back(t);
    }
    for (int k = 0; k < 20; ++k) {
        Finding f;
        f.protocol = k < 10 ? names::kFingerChase : names::kHeadImpulse;
        f.metric = "metric_" + std::to_string(k);
        f.label = "Metric number " + std::to_string(k);
        f.value = 0.5 + 0.1 * k;
        f.unit = k < 10 ? "cm" : "1";
        f.method = "bench";
        f.normal = {0.0, 1.5, "bench citation"};
        f.flag = f.normal.judge(f.value);
        f.ci_low = f.value - 0.1;
        f.ci_high = f.value + 0.1;
        s.findings.push_back(f);
    }
    ModelFit fit;
    fit.protocol = names::kFingerChase;
    fit.model = "reach_forward_model";
    fit.parameters = {{"delta", 0.2, "1", 0.1, 0.3, true}, {"w", 0.5, "1", {}, {}, false}};
    s.model_fits.push_back(fit);
    return s;
}

Patient bench_patient() {
    Patient p;
    p.code = "BENCH-1";
    p.birth_year = 1960;
    return p;
}

void BM_SessionPdf(benchmark::State& state) {
    const Session s = bench_session();
    const Patient p = bench_patient();
    std::size_t bytes = 0;
    for (auto _ : state) bytes = report::render_session_pdf(p, s).size();
    state.counters["pdf_kB"] = static_cast<double>(bytes) / 1024;
}
BENCHMARK(BM_SessionPdf)->Unit(benchmark::kMillisecond);

void BM_FhirBundleWithPdf(benchmark::State& state) {
    const Session s = bench_session();
    const Patient p = bench_patient();
    const std::string pdf = report::render_session_pdf(p, s);
    for (auto _ : state)
        benchmark::DoNotOptimize(interop::session_bundle(p, s, {pdf, report::impression(s)}).dump().size());
}
BENCHMARK(BM_FhirBundleWithPdf)->Unit(benchmark::kMillisecond);

void BM_ChannelCsv(benchmark::State& state) {
    const Session s = bench_session();
    std::size_t samples = 0;
    for (auto _ : state) {
        for (const auto& t : s.trials)
            for (const auto& c : t.recording.channels) {
                benchmark::DoNotOptimize(interop::channel_csv(c).size());
                samples += c.size();
            }
    }
    state.counters["samples/s"] = benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ChannelCsv)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
