// Funnel kernel speed on a loaded store (issue 5 asks for >= 150 M events/s native). The store
// is synthetic: users with ecommerce-like event sequences, so the kernel, not loading, is timed.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "core/analysis/funnel.h"
#include "core/analysis/funnel_spec.h"
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

}  // namespace
}  // namespace touchpath
