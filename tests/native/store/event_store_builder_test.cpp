// EventStoreBuilder: sorting across staging chunks, batch-index ties, revenue placement and
// the memory it reports.
#include "core/store/event_store_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace touchpath {
namespace {

void AddEvent(EventStoreBuilder* builder, const std::string& entity, int64_t ts_us,
              int64_t batch_index = 0, double revenue = std::numeric_limits<double>::quiet_NaN()) {
  builder->BeginEvent();
  builder->AddEventField(builder->FieldId("param.n"), Value::Int(ts_us));
  EventCore core;
  core.entity = entity;
  core.ts_us = ts_us;
  core.event_name = "e";
  core.batch_index = batch_index;
  core.revenue = revenue;
  ASSERT_TRUE(builder->EndEvent(core));
}

TEST(EventStoreBuilder, SortsManyChunksOfInterleavedEntitiesAndKeepsTheirFieldsAndRevenue) {
  // 200,000 events over three 64 Ki staging chunks, two entities interleaved, times reversed.
  constexpr int64_t kEvents = 200000;
  EventStoreBuilder builder;
  for (int64_t i = kEvents; i > 0; --i) {
    AddEvent(&builder, i % 2 ? "odd" : "even", i, 0, i % 1000 == 0 ? i / 1000.0 : NAN);
  }
  const EventStore store = std::move(builder).Build();
  ASSERT_EQ(store.event_count(), static_cast<size_t>(kEvents));
  ASSERT_EQ(store.entity_count(), 2u);
  const uint32_t field = store.fields.Find("param.n");
  size_t with_revenue = 0;
  for (uint64_t event = 0; event < store.event_count(); ++event) {
    const int64_t ts = store.ts_us[event];
    if (event > 0 && event != store.entity_begin[1]) ASSERT_LT(store.ts_us[event - 1], ts);
    ASSERT_EQ(store.FieldValue(event, field), Value::Int(ts)) << "fields follow their event";
    const std::optional<double> revenue = store.Revenue(event);
    if (ts % 1000 == 0) {
      ASSERT_EQ(revenue, ts / 1000.0) << "revenue follows its event";
      ++with_revenue;
    } else {
      ASSERT_EQ(revenue, std::nullopt);
    }
  }
  EXPECT_EQ(with_revenue, 200u);
}

TEST(EventStoreBuilder, BatchIndexesBreakTimestampTiesAndHugeOnesCompareClamped) {
  EventStoreBuilder builder;
  const int64_t batch_indexes[] = {5, 2, int64_t{4} << 32, int64_t{3} << 32, -(int64_t{3} << 32)};
  for (int64_t batch_index : batch_indexes) {
    builder.BeginEvent();
    builder.AddEventField(builder.FieldId("param.batch"), Value::Int(batch_index));
    EventCore core;
    core.entity = "u";
    core.ts_us = 10;
    core.event_name = "e";
    core.batch_index = batch_index;
    ASSERT_TRUE(builder.EndEvent(core));
  }
  const EventStore store = std::move(builder).Build();
  const uint32_t field = store.fields.Find("param.batch");
  // Beyond int32 the indexes are clamped, so 4<<32 and 3<<32 tie and keep file order.
  const int64_t expected[] = {-(int64_t{3} << 32), 2, 5, int64_t{4} << 32, int64_t{3} << 32};
  ASSERT_EQ(store.event_count(), 5u);
  for (uint64_t event = 0; event < 5; ++event) {
    EXPECT_EQ(store.FieldValue(event, field), Value::Int(expected[event])) << event;
  }
}

TEST(EventStoreBuilder, ReportsTheMemoryItHolds) {
  EventStoreBuilder builder;
  const size_t empty = builder.MemoryBytes();
  for (int64_t i = 0; i < 100000; ++i) AddEvent(&builder, "u" + std::to_string(i % 100), i);
  // Staged: entity 4 + time 8 + name 4 + session key 8 + batch 4 + context 4 bytes, and the
  // packed field (about 4 bytes): at least 32 bytes an event, and no doubling slack.
  const size_t loaded = builder.MemoryBytes() - empty;
  EXPECT_GE(loaded, 100000u * 32);
  EXPECT_LE(loaded, 100000u * 48 + (size_t{2} << 20));
  EXPECT_GE(builder.PeakBytesToBuild(), builder.MemoryBytes() + 100000u * 16)
      << "Build holds both copies of the fields and the permuted session keys";
  const EventStore store = std::move(builder).Build();
  const StoreMemory memory = store.Memory();
  EXPECT_GE(memory.event_columns, 100000u * 24);
  EXPECT_LE(memory.event_columns, 100000u * 32 + (size_t{2} << 20));
}

}  // namespace
}  // namespace touchpath
