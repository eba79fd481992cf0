// Store: saving and loading a session of 3 channels x 60 s x 250 Hz (3 components each).

#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>

#include "purkinje/store/database.hpp"

using namespace purkinje;

namespace {
Session make_session() {
    Session s;
    s.patient_code = "P-BENCH";
    s.started_at = "2026-11-27T10:00:00Z";
    Trial trial;
    trial.protocol = "finger_chase";
    for (int c = 0; c < 3; ++c) {
        Channel ch("channel" + std::to_string(c), 250.0, {{"x", "cm"}, {"y", "cm"}, {"z", "cm"}});
        ch.reserve(15000);
        for (int i = 0; i < 15000; ++i)
            ch.push_back(i / 250.0, {float(std::sin(i * 0.01)), float(std::cos(i * 0.01)), float(i)}, 1.0f);
        trial.recording.channels.push_back(std::move(ch));
    }
    s.trials.push_back(std::move(trial));
    return s;
}

std::filesystem::path fresh_db(const char* name) {
    const auto path = std::filesystem::temp_directory_path() / name;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path;
}
}  // namespace

static void BM_SaveSession(benchmark::State& state) {
    auto db = store::Database::open(fresh_db("purkinje-bench-save.db"));
    Patient p;
    p.code = "P-BENCH";
    db.add_patient(p);
    const Session prototype = make_session();
    for (auto _ : state) {
        Session s = prototype;
        benchmark::DoNotOptimize(db.save_session(s));
    }
    state.SetBytesProcessed(state.iterations() * 3 * 15000 * (8 + 3 * 4 + 4));
}
BENCHMARK(BM_SaveSession)->Unit(benchmark::kMillisecond);

static void BM_LoadSession(benchmark::State& state) {
    auto db = store::Database::open(fresh_db("purkinje-bench-load.db"));
    Patient p;
    p.code = "P-BENCH";
    db.add_patient(p);
    Session s = make_session();
    db.save_session(s);
    for (auto _ : state) benchmark::DoNotOptimize(db.load_session(s.id));
    state.SetBytesProcessed(state.iterations() * 3 * 15000 * (8 + 3 * 4 + 4));
}
BENCHMARK(BM_LoadSession)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
