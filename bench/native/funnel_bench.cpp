// Funnel kernel speed on a loaded store (issue 5 asks for >= 150 M events/s native). The store
// is synthetic: users with ecommerce-like event sequences, so the kernel, not loading, is timed.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "core/analysis/funnel.h"
#include "core/analysis/funnel_spec.h"
#include "core/engine/session.h"
#include "core/store/event_store_builder.h"

namespace touchpath {
namespace {

EventStore SyntheticStore(int users, int events_per_user) {
  static const char* kNames[] = {"page_view", "view_item", "add_to_cart",    "begin_checkout",
                                 "purchase",  "scroll",    "user_engagement"};
  std::mt19937_64 random(42);
  EventStoreBuilder builder;
  for (int user = 0; user < users; ++user) {
    const std::string name = "user" + std::to_string(user);
    int64_t ts = static_cast<int64_t>(random() % 86400) * 1000000;
    for (int i = 0; i < events_per_user; ++i) {
      builder.BeginEvent();
      EventCore core;
      core.entity = name;
      ts += static_cast<int64_t>(random() % 600) * 1000000;
      core.ts_us = ts;
      core.event_name = kNames[random() % 7];
      core.session_key = ts / (3600LL * 1000000);
      core.revenue = NAN;
      if (!builder.EndEvent(core)) std::abort();
    }
  }
  return std::move(builder).Build();
}

void BM_OrderedFunnel(benchmark::State& state) {
  static const EventStore store = SyntheticStore(100000, 20);
  FunnelSpec spec;
  const Status status = ParseFunnelSpec(
      nlohmann::json::parse(R"({"steps": ["page_view", "view_item", "add_to_cart", "purchase"],
                               "window": "1d"})"),
      "bench", &spec);
  if (!status.ok()) state.SkipWithError(status.message().c_str());
  for (auto _ : state) benchmark::DoNotOptimize(AnalyzeFunnel(store, spec));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * store.event_count()));
}
BENCHMARK(BM_OrderedFunnel)->Unit(benchmark::kMillisecond);

// A funnel with a breakdown on a loaded GA4 export (TOUCHPATH_BENCH_EXPORT, as for the ingest
// benches), through Session::Run as the CLIs do: by a field of few values and by one of a value
// a session.
Session* LoadedExport() {
  static Session* const session = []() -> Session* {
    const char* path = std::getenv("TOUCHPATH_BENCH_EXPORT");
    if (path == nullptr) return nullptr;
    std::ifstream file(path, std::ios::binary);
    auto* loaded = new Session(SessionOptions());
    std::string chunk(1 << 20, '\0');
    while (file.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) ||
           file.gcount() > 0) {
      if (!loaded->Feed(std::string_view(chunk.data(), static_cast<size_t>(file.gcount()))).ok()) {
        return nullptr;
      }
    }
    return loaded->Finish().ok() ? loaded : nullptr;
  }();
  return session;
}

// `breakdown`: a field path, or empty for none.
void BM_FunnelBreakdownGa4Export(benchmark::State& state, const std::string& breakdown) {
  Session* session = LoadedExport();
  if (session == nullptr) {
    state.SkipWithError("set TOUCHPATH_BENCH_EXPORT to an uncompressed GA4 NDJSON export");
    return;
  }
  const std::string spec =
      R"({"analyses": [{"type": "funnel", "window": "7d",)"
      R"( "steps": ["view_item", "add_to_cart", "begin_checkout", "purchase"])" +
      (breakdown.empty() ? "" : R"(, "breakdown": ")" + breakdown + "\"") + "}]}";
  std::string result;
  for (auto _ : state) {
    if (!session->Run(spec, &result).ok()) state.SkipWithError("run failed");
    benchmark::DoNotOptimize(result.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * session->events_loaded()));
}
BENCHMARK_CAPTURE(BM_FunnelBreakdownGa4Export, none, std::string())->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_FunnelBreakdownGa4Export, device, std::string("device.category"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_FunnelBreakdownGa4Export, session_id, std::string("param.ga_session_id"))
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace touchpath
