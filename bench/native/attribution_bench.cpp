// Attribution on 1M path rows: ChannelAttribution's example data (10,000 rows) repeated 100x.
// Run: build-attr/touchpath_bench --benchmark_filter=Attribution
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/attribution/attribution.h"
#include "core/attribution/models/markov.h"
#include "core/attribution/path_table_reader.h"

namespace touchpath {
namespace {

constexpr int kRepeats = 100;

// The example file with its data rows repeated kRepeats times (one header); empty if absent.
const std::string& MillionRowBytes() {
  static const std::string bytes = [] {
    std::ifstream input(std::string(TOUCHPATH_SHARED_DATA_DIR) + "/channelattribution_paths.csv",
                        std::ios::binary);
    std::stringstream text;
    text << input.rdbuf();
    const std::string file = text.str();
    const size_t body = file.find('\n') + 1;
    if (file.empty() || body == 0) return std::string();
    std::string repeated = file.substr(0, body);
    for (int copy = 0; copy < kRepeats; ++copy) repeated += file.substr(body);
    return repeated;
  }();
  return bytes;
}

const PathTable& MillionRowTable() {
  static const PathTable table = [] {
    PathTable parsed;
    if (!ParsePathTable(MillionRowBytes(), &parsed).ok()) return PathTable();
    return parsed;
  }();
  return table;
}

void BM_AttributionParsePathTable1M(benchmark::State& state) {
  const std::string& bytes = MillionRowBytes();
  if (bytes.empty()) return state.SkipWithError("channelattribution_paths.csv not found");
  for (auto _ : state) {
    PathTable table;
    benchmark::DoNotOptimize(ParsePathTable(bytes, &table));
    state.counters["rows"] = static_cast<double>(table.row_count());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_AttributionParsePathTable1M)->Unit(benchmark::kMillisecond);

void BM_AttributionMarkovOrder1_1M(benchmark::State& state) {
  const PathTable& table = MillionRowTable();
  if (table.row_count() == 0) return state.SkipWithError("channelattribution_paths.csv not found");
  for (auto _ : state) benchmark::DoNotOptimize(MarkovModel(table, 1));
  state.counters["rows"] = static_cast<double>(table.row_count());
}
BENCHMARK(BM_AttributionMarkovOrder1_1M)->Unit(benchmark::kMillisecond);

void BM_AttributionParseAndMarkovOrder1_1M(benchmark::State& state) {
  const std::string& bytes = MillionRowBytes();
  if (bytes.empty()) return state.SkipWithError("channelattribution_paths.csv not found");
  for (auto _ : state) {
    PathTable table;
    if (!ParsePathTable(bytes, &table).ok()) return state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(MarkovModel(table, 1));
  }
}
BENCHMARK(BM_AttributionParseAndMarkovOrder1_1M)->Unit(benchmark::kMillisecond);

void BM_AttributionMarkovOrder3_1M(benchmark::State& state) {
  const PathTable& table = MillionRowTable();
  if (table.row_count() == 0) return state.SkipWithError("channelattribution_paths.csv not found");
  for (auto _ : state) {
    const MarkovResult result = MarkovModel(table, 3);
    state.counters["states"] = static_cast<double>(result.state_labels.size());
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_AttributionMarkovOrder3_1M)->Unit(benchmark::kMillisecond);

void BM_AttributionAllModels1M(benchmark::State& state) {
  const PathTable& table = MillionRowTable();
  if (table.row_count() == 0) return state.SkipWithError("channelattribution_paths.csv not found");
  AttributionSpec spec;
  if (!ParseAttributionSpec(nlohmann::json::object(), "analyses[0]", &spec).ok()) return;
  for (auto _ : state) {
    nlohmann::json result;
    benchmark::DoNotOptimize(AnalyzeAttribution(table, spec, &result));
  }
}
BENCHMARK(BM_AttributionAllModels1M)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace touchpath
