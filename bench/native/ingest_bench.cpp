// Native ingest speed: a GA4 NDJSON export fed through the Session in 1 MiB chunks, as the CLI
// does. The export is named by TOUCHPATH_BENCH_EXPORT (uncompressed NDJSON), e.g. one made by
//   node tools/generate-ga4-sample.mjs --target-events 60000 --seed 7 --out /tmp/ga4.ndjson
// The projected load keeps only the fields of the specs in TOUCHPATH_BENCH_SPECS (JSON text, a
// spec or an array of specs), so bench/js/ingest-bench.mjs can hand it the spec its WASM
// projected load uses.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include "core/engine/session.h"
#include "core/ingest/ingestor.h"
#include "core/store/event_store.h"

namespace touchpath {
namespace {

const std::string& ExportBytes() {
  static const std::string bytes = [] {
    const char* path = std::getenv("TOUCHPATH_BENCH_EXPORT");
    if (path == nullptr) return std::string();
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }();
  return bytes;
}

// Loads the export into a fresh Session with these options per iteration: Feed + Finish.
void IngestGa4Export(benchmark::State& state, const SessionOptions& options) {
  const std::string& bytes = ExportBytes();
  if (bytes.empty()) {
    state.SkipWithError("set TOUCHPATH_BENCH_EXPORT to an uncompressed GA4 NDJSON export");
    return;
  }
  constexpr size_t kChunk = 1 << 20;
  for (auto _ : state) {
    Session session(options);
    for (size_t offset = 0; offset < bytes.size(); offset += kChunk) {
      benchmark::DoNotOptimize(session.Feed(std::string_view(bytes).substr(offset, kChunk)));
    }
    benchmark::DoNotOptimize(session.Finish());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}

void BM_IngestGa4Export(benchmark::State& state) { IngestGa4Export(state, SessionOptions()); }
BENCHMARK(BM_IngestGa4Export)->Unit(benchmark::kMillisecond);

void BM_IngestGa4ExportProjected(benchmark::State& state) {
  const char* specs = std::getenv("TOUCHPATH_BENCH_SPECS");
  if (specs == nullptr) {
    state.SkipWithError("set TOUCHPATH_BENCH_SPECS to the specs the projected load is for");
    return;
  }
  FieldProjection projection;
  const Status status = ProjectionForSpecs(specs, &projection);
  if (!status.ok()) {
    state.SkipWithError(("TOUCHPATH_BENCH_SPECS: " + status.message()).c_str());
    return;
  }
  SessionOptions options;
  options.projection = std::move(projection);
  IngestGa4Export(state, options);
}
BENCHMARK(BM_IngestGa4ExportProjected)->Unit(benchmark::kMillisecond);

// The serial tail of a load read in two parts (the native CLI's threads, the JS API's two
// workers): the halves are parsed untimed, then the later one is encoded, appended to the first
// (decoded, its ids mapped) and the store built. The counters give each phase's share in ms.
void BM_TwoPartLoadTail(benchmark::State& state) {
  const std::string_view bytes = ExportBytes();
  const size_t cut = bytes.find('\n', bytes.size() / 2) + 1;
  if (bytes.empty() || cut == 0 || cut >= bytes.size()) {
    state.SkipWithError("set TOUCHPATH_BENCH_EXPORT to an uncompressed GA4 NDJSON export");
    return;
  }
  constexpr size_t kChunk = 1 << 20;
  auto feed = [](Session& session, std::string_view part) {
    for (size_t offset = 0; offset < part.size(); offset += kChunk) {
      benchmark::DoNotOptimize(session.Feed(part.substr(offset, kChunk)));
    }
  };
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
  };
  double encode_ms = 0;
  double append_ms = 0;
  double finish_ms = 0;
  std::optional<Session> first;
  std::optional<Session> later;
  for (auto _ : state) {
    state.PauseTiming();
    first.emplace(SessionOptions());  // the previous iteration's sessions are freed untimed
    later.emplace(SessionOptions());
    first->BeginInput("export");
    later->BeginLaterPart("export");
    feed(*first, bytes.substr(0, cut));
    feed(*later, bytes.substr(cut));
    state.ResumeTiming();
    const Clock::time_point start = Clock::now();
    const std::string part = later->EncodeLaterPart();
    const Clock::time_point encoded = Clock::now();
    bool appended = false;
    benchmark::DoNotOptimize(first->AppendEncodedPart(part, &appended));
    const Clock::time_point appended_at = Clock::now();
    benchmark::DoNotOptimize(first->Finish());
    const Clock::time_point finished = Clock::now();
    if (!appended) {
      state.SkipWithError("the later part was not appended");
      return;
    }
    encode_ms += ms(start, encoded);
    append_ms += ms(encoded, appended_at);
    finish_ms += ms(appended_at, finished);
  }
  const auto per_iteration = benchmark::Counter::kAvgIterations;
  state.counters["encode_ms"] = benchmark::Counter(encode_ms, per_iteration);
  state.counters["append_ms"] = benchmark::Counter(append_ms, per_iteration);
  state.counters["finish_ms"] = benchmark::Counter(finish_ms, per_iteration);
}
BENCHMARK(BM_TwoPartLoadTail)->Unit(benchmark::kMillisecond);

// Resident bytes of the loaded store (issue 5: <= 40 bytes an event plus the dictionaries), as
// counters: per event for the event columns, the entity and session tables and the
// dictionaries (texts, shapes, contexts); and Build's peak, estimated before finishing.
void BM_StoreMemoryGa4Export(benchmark::State& state) {
  const std::string& bytes = ExportBytes();
  if (bytes.empty()) {
    state.SkipWithError("set TOUCHPATH_BENCH_EXPORT to an uncompressed GA4 NDJSON export");
    return;
  }
  for (auto _ : state) {
    Ingestor ingestor;
    for (size_t offset = 0; offset < bytes.size(); offset += 1 << 20) {
      benchmark::DoNotOptimize(ingestor.Feed(std::string_view(bytes).substr(offset, 1 << 20)));
    }
    const double peak = static_cast<double>(ingestor.PeakBytesToFinish());
    LoadedData loaded;
    if (!ingestor.Finish(&loaded).ok() || !loaded.events) {
      state.SkipWithError("the export did not load as events");
      return;
    }
    const StoreMemory memory = loaded.events->Memory();
    const double events = static_cast<double>(loaded.events->event_count());
    state.counters["events"] = events;
    state.counters["event_columns_B_per_event"] = memory.event_columns / events;
    state.counters["entities_sessions_B_per_event"] = memory.entities_and_sessions / events;
    state.counters["dictionaries_B_per_event"] = memory.dictionaries / events;
    state.counters["total_B_per_event"] = memory.total() / events;
    state.counters["build_peak_B_per_event"] = peak / events;
  }
}
BENCHMARK(BM_StoreMemoryGa4Export)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace touchpath
