// Native ingest speed: a GA4 NDJSON export fed through the Session in 1 MiB chunks, as the CLI
// does. The export is named by TOUCHPATH_BENCH_EXPORT (uncompressed NDJSON), e.g. one made by
//   node tools/generate-ga4-sample.mjs --target-events 60000 --seed 7 --out /tmp/ga4.ndjson
// The projected load keeps only the fields of the specs in TOUCHPATH_BENCH_SPECS (JSON text, a
// spec or an array of specs), so bench/js/ingest-bench.mjs can hand it the spec its WASM
// projected load uses.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
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
