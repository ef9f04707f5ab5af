#include "tests/native/analysis/store_fixture.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/analysis/funnel.h"
#include "core/analysis/funnel_spec.h"
#include "core/ingest/session_traffic.h"
#include "core/store/event_store_builder.h"

namespace touchpath::testing {

EventStore MakeStore(const std::vector<TestEvent>& events) {
  EventStoreBuilder builder;
  auto value_of = [&builder](const auto& value) {
    if (const auto* text = std::get_if<std::string>(&value)) {
      return Value::String(builder.StringId(*text));
    }
    if (const auto* integer = std::get_if<int64_t>(&value)) return Value::Int(*integer);
    return Value::Double(std::get<double>(value));
  };
  for (const TestEvent& event : events) {
    builder.BeginEvent();
    for (const auto& [path, value] : event.fields) {
      builder.AddEventField(builder.FieldId(path), value_of(value));
    }
    for (const auto& [path, value] : event.context) {
      builder.AddContextField(builder.FieldId(path), value_of(value));
    }
    EventCore core;
    core.entity = event.user;
    core.ts_us = event.seconds * 1000000;
    core.event_name = event.name;
    if (event.session >= 0) core.session_key = event.session;
    core.revenue = NAN;
    EXPECT_TRUE(builder.EndEvent(core));
  }
  EventStore store = std::move(builder).Build();
  ResolveSessionTraffic(&store);
  return store;
}

nlohmann::json RunFunnel(const EventStore& store, const std::string& funnel_json) {
  FunnelSpec spec;
  const Status status = ParseFunnelSpec(nlohmann::json::parse(funnel_json), "analyses[0]", &spec);
  EXPECT_TRUE(status.ok()) << status.message();
  return AnalyzeFunnel(store, spec);
}

std::vector<uint64_t> StepCounts(const nlohmann::json& funnel_result) {
  std::vector<uint64_t> counts;
  for (const auto& step : funnel_result["steps"]) counts.push_back(step["count"].get<uint64_t>());
  return counts;
}

}  // namespace touchpath::testing
