// Native ingest speed: a GA4 NDJSON export fed through the Session in 1 MiB chunks, as the CLI
// does. The export is named by TOUCHPATH_BENCH_EXPORT (uncompressed NDJSON), e.g. one made by
//   node tools/generate-ga4-sample.mjs --target-events 60000 --seed 7 --out /tmp/ga4.ndjson
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "core/engine/session.h"

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

void BM_IngestGa4Export(benchmark::State& state) {
  const std::string& bytes = ExportBytes();
  if (bytes.empty()) {
    state.SkipWithError("set TOUCHPATH_BENCH_EXPORT to an uncompressed GA4 NDJSON export");
    return;
  }
  constexpr size_t kChunk = 1 << 20;
  for (auto _ : state) {
    Session session;
    for (size_t offset = 0; offset < bytes.size(); offset += kChunk) {
      benchmark::DoNotOptimize(session.Feed(std::string_view(bytes).substr(offset, kChunk)));
    }
    benchmark::DoNotOptimize(session.Finish());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_IngestGa4Export)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace touchpath
