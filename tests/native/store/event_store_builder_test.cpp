// EventStoreBuilder: sorting across staging chunks, batch-index ties, revenue placement, the
// memory it reports, and its bounds on sessions and on what building allocates.
#include "core/store/event_store_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/common/byte_codec.h"
#include "core/ingest/session_traffic.h"
#include "tests/native/support/allocation_meter.h"

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
  // Staged: entity 4 + time 8 + name 2 + session key 4 + batch 4 + context 4 bytes, and the
  // packed field (about 4 bytes): at least 28 bytes an event, and no doubling slack.
  const size_t loaded = builder.MemoryBytes() - empty;
  EXPECT_GE(loaded, 100000u * 28);
  EXPECT_LE(loaded, 100000u * 48 + (size_t{2} << 20));
  EXPECT_GE(builder.PeakBytesToBuild(), builder.MemoryBytes() + 100000u * 16)
      << "Build holds both copies of the fields and the permuted session keys";
  const EventStore store = std::move(builder).Build();
  const StoreMemory memory = store.Memory();
  // Time 8 + name 2 + context 4 + session 4 bytes, and the packed field (about 4).
  EXPECT_GE(memory.event_columns, 100000u * 22);
  EXPECT_LE(memory.event_columns, 100000u * 32 + (size_t{2} << 20));
}

struct CoreEvent {
  std::string entity;
  int64_t ts_us;
  std::optional<int64_t> session_key;
};

void AddCore(EventStoreBuilder* builder, const CoreEvent& event) {
  builder->BeginEvent();
  EventCore core;
  core.entity = event.entity;
  core.ts_us = event.ts_us;
  core.event_name = "e";
  core.session_key = event.session_key;
  ASSERT_TRUE(builder->EndEvent(core));
}

// Events of up to four entities in no order: keys from a small set (so an entity comes back to
// a key after another), or none, minutes to hours apart.
std::vector<CoreEvent> ShuffledEvents(std::mt19937* random) {
  std::vector<CoreEvent> events(1 + (*random)() % 60);
  for (CoreEvent& event : events) {
    event.entity = "u" + std::to_string((*random)() % 4);
    event.ts_us = static_cast<int64_t>((*random)() % 240) * 60 * 1000000LL;
    if ((*random)() % 3 != 0) event.session_key = static_cast<int64_t>((*random)() % 3);
  }
  return events;
}

TEST(EventStoreBuilder, BoundsItsSessionsWhateverTheOrderOfItsEvents) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 500; ++trial) {
    EventStoreBuilder builder;
    for (const CoreEvent& event : ShuffledEvents(&random)) AddCore(&builder, event);
    const uint64_t bound = builder.sessions_at_most();
    const EventStore store = std::move(builder).Build();
    ASSERT_GE(bound, store.sessions.size()) << "trial " << trial;
  }
}

TEST(EventStoreBuilder, CountsSessionsExactlyWhenEachEntitysEventsComeInTimeOrder) {
  EventStoreBuilder builder;
  constexpr int64_t kMinute = 60 * 1000000LL;
  for (int64_t i = 0; i < 300; ++i) {
    // Users interleaved. u0 changes its key every 10 events; u1 has none and pauses 40 minutes
    // every 10 events (a new session), else 5; u2 has both kinds.
    const int64_t step = i / 3;
    AddCore(&builder, {"u0", step * kMinute, step / 10});
    AddCore(&builder, {"u1", step * 5 * kMinute + (step / 10) * 40 * kMinute, std::nullopt});
    AddCore(&builder, {"u2", step * kMinute, step % 2 ? std::optional<int64_t>(7) : std::nullopt});
  }
  const uint64_t bound = builder.sessions_at_most();
  const EventStore store = std::move(builder).Build();
  EXPECT_EQ(bound, store.sessions.size());
  EXPECT_GT(store.sessions.size(), 20u);
}

TEST(EventStoreBuilder, CountsTwoSessionsOfAUserExactlyWhateverTheOrderOfTheirEvents) {
  // Two sessions' events alternating (a shuffled export), then a third session's.
  EventStoreBuilder builder;
  for (int64_t i = 0; i < 100; ++i) AddCore(&builder, {"u", i, i % 2});
  EXPECT_EQ(builder.sessions_at_most(), 2u);
  AddCore(&builder, {"u", 200, 5});
  AddCore(&builder, {"u", 201, 0});  // no longer among the two latest: counted again
  EXPECT_EQ(builder.sessions_at_most(), 4u);
  const EventStore store = std::move(builder).Build();
  EXPECT_EQ(store.sessions.size(), 3u);
}

TEST(EventStoreBuilder, CountsOnAfterAnAppendFromTheLaterPartsLatestKeys) {
  EventStoreBuilder first;
  EventStoreBuilder later;
  AddCore(&first, {"u", 1, 10});
  AddCore(&later, {"u", 2, 20});
  AddCore(&later, {"u", 3, 30});
  ASSERT_TRUE(first.Append(std::move(later)));
  EXPECT_EQ(first.sessions_at_most(), 3u);
  AddCore(&first, {"u", 4, 20});  // among the latest two (30, 20): no new session
  AddCore(&first, {"u", 5, 30});
  EXPECT_EQ(first.sessions_at_most(), 3u);
}

TEST(EventStoreBuilder, PeakBytesToBuildBoundsAnIndexGrowingAtTheNextEvent) {
  // One user, one session, every event a context of its own: the contexts' index grows with
  // the events, past what building them needs. The event that grows it is metered.
  EventStoreBuilder builder;
  const uint32_t field = builder.FieldId("device.n");
  // The first event also sets up scratch buffers (append orders, keys): allowed on top.
  constexpr size_t kFirstUseBytes = size_t{64} << 10;
  size_t grown = 0;
  for (int64_t i = 0; i < 300000; ++i) {
    const size_t estimate = builder.PeakBytesToBuild() - builder.MemoryBytes();
    size_t peak = 0;
    {
      testing::AllocationMeter meter;
      builder.BeginEvent();
      builder.AddContextField(field, Value::Int(i));
      EventCore core;
      core.entity = "u";
      core.ts_us = i;
      core.event_name = "e";
      core.session_key = 1;
      ASSERT_TRUE(builder.EndEvent(core));
      peak = meter.peak_bytes();
    }
    ASSERT_LE(peak, estimate + (i == 0 ? kFirstUseBytes : 0)) << "event " << i;
    grown += peak > (size_t{4} << 20);
  }
  EXPECT_GE(grown, 2u) << "the index grew by over 4 MiB at an event twice";
}

TEST(EventStoreBuilder, KeepsNoSessionReserveWhenEventsArriveOutOfTimeOrder) {
  // One user's events a minute apart, newest first: one session, but every step is back in time.
  EventStoreBuilder builder;
  for (int64_t i = 10000; i > 0; --i) AddCore(&builder, {"u", i * 60 * 1000000LL, std::nullopt});
  EXPECT_EQ(builder.sessions_at_most(), 10000u);
  const EventStore store = std::move(builder).Build();
  ASSERT_EQ(store.sessions.size(), 1u);
  EXPECT_LE(store.sessions.entity.capacity() + store.sessions.start_us.capacity() +
                store.sessions.key.capacity(),
            3u * 8)
      << "the reserve for the bound is given back";
}

TEST(EventStoreBuilder, BoundsTheSessionsOfPartsAppendedOneToAnother) {
  std::mt19937 random(11);
  for (int trial = 0; trial < 300; ++trial) {
    const std::vector<CoreEvent> events = ShuffledEvents(&random);
    const size_t cut = random() % (events.size() + 1);
    EventStoreBuilder first;
    EventStoreBuilder later;
    for (size_t i = 0; i < events.size(); ++i) AddCore(i < cut ? &first : &later, events[i]);
    // Half the time the later part travels as bytes, as between two WebAssembly workers.
    if (trial % 2 == 1) {
      ByteWriter writer;
      later.EncodeStaged(&writer);
      const std::string bytes = std::move(writer).Take();
      ByteReader reader(bytes);
      later = EventStoreBuilder();
      ASSERT_TRUE(later.DecodeStaged(&reader));
    }
    ASSERT_TRUE(first.Append(std::move(later)));
    // Counting goes on after an append as if one builder had been fed everything.
    for (const CoreEvent& event : ShuffledEvents(&random)) {
      if (random() % 4 == 0) AddCore(&first, event);
    }
    const uint64_t bound = first.sessions_at_most();
    const EventStore store = std::move(first).Build();
    ASSERT_GE(bound, store.sessions.size()) << "trial " << trial;
  }
}

TEST(EventStoreBuilder, PeakBytesToBuildBoundsWhatBuildingAndResolvingTrafficAllocate) {
  // 150,000 events of 3,000 users interleaved: half with session keys and traffic fields, half
  // without either (each event a session of its own), params, revenue on some.
  EventStoreBuilder builder;
  const uint32_t source = builder.FieldId("collected_traffic_source.manual_source");
  const uint32_t medium = builder.FieldId("collected_traffic_source.manual_medium");
  const uint32_t page = builder.FieldId("param.page_location");
  const uint32_t engagement = builder.FieldId("param.engagement_time_msec");
  for (int64_t i = 0; i < 150000; ++i) {
    const int64_t user = i % 3000;
    const bool keyed = user % 2 == 0;
    builder.BeginEvent();
    if (keyed) {
      builder.AddEventField(source,
                            Value::String(builder.StringId("source" + std::to_string(i % 40))));
      builder.AddEventField(medium, Value::String(builder.StringId(i % 3 ? "cpc" : "organic")));
    }
    builder.AddEventField(page, Value::String(builder.StringId("/p/" + std::to_string(i % 5000))));
    builder.AddEventField(engagement, Value::Int(i));
    EventCore core;
    const std::string entity = "user" + std::to_string(user);
    core.entity = entity;
    core.ts_us = i * 20 * 1000000LL;
    core.event_name = i % 7 ? "page_view" : "purchase";
    if (keyed) core.session_key = i / 30000;
    if (i % 100 == 0) core.revenue = 9.5;
    ASSERT_TRUE(builder.EndEvent(core));
  }
  const size_t estimate = builder.PeakBytesToBuild() - builder.MemoryBytes();
  size_t peak = 0;
  {
    testing::AllocationMeter meter;
    EventStore store = std::move(builder).Build();
    ResolveSessionTraffic(&store);
    peak = meter.peak_bytes();
    ASSERT_EQ(store.sessions.size(), 1500u * 5 + 1500u * 50);
  }
  EXPECT_LE(peak, estimate);
  EXPECT_GE(peak * 2, estimate) << "a bound this loose would stop loads that fit";
}

TEST(EventStoreBuilder, SessionTrafficsTextsLeaveTheStringsIndexAsLoadingLeftIt) {
  // The strings' index full to its half (65,536 texts): unsealed, the texts session traffic
  // adds ("(direct)", "Direct", ...) would double it and its views, 4 MiB here; a month of GA4's
  // ~400 MB, at Build's peak.
  EventStoreBuilder builder;
  for (int64_t i = 0; i < 2000; ++i) {
    AddCore(&builder, {"u" + std::to_string(i % 50), i * 1000000, std::nullopt});
  }
  for (int i = 0; builder.strings().size() < 65536; ++i) builder.StringId("t" + std::to_string(i));
  size_t peak = 0;
  {
    testing::AllocationMeter meter;
    EventStore store = std::move(builder).Build();
    ResolveSessionTraffic(&store);
    peak = meter.peak_bytes();
    EXPECT_EQ(store.strings.Get(store.sessions.channel[0]), "Direct");
    EXPECT_EQ(store.strings.Get(store.sessions.source_medium[0]), "(direct) / (none)");
    EXPECT_EQ(store.strings.Find("t7"), store.strings.Find("t6") + 1);
  }
  EXPECT_LT(peak, size_t{1} << 20);
}

// What Build takes beyond what was staged, for 200,000 events of 2,000 users interleaved, each
// with `params` int fields; and how many bytes the store's fields take.
struct BuildPeak {
  size_t peak = 0;
  size_t fields_bytes = 0;
};
BuildPeak MeterBuildOfEvents(int params) {
  EventStoreBuilder builder;
  std::vector<uint32_t> fields;
  for (int param = 0; param < params; ++param) {
    fields.push_back(builder.FieldId("param.p" + std::to_string(param)));
  }
  for (int64_t i = 0; i < 200000; ++i) {
    builder.BeginEvent();
    for (int param = 0; param < params; ++param) {
      builder.AddEventField(fields[param], Value::Int((i * 7 + param) % 3000));
    }
    EventCore core;
    const std::string entity = "user" + std::to_string(i % 2000);
    core.entity = entity;
    core.ts_us = i * 1000000LL;
    core.event_name = "e";
    core.session_key = i % 2000;
    EXPECT_TRUE(builder.EndEvent(core));
  }
  BuildPeak result;
  testing::AllocationMeter meter;
  const EventStore store = std::move(builder).Build();
  result.peak = meter.peak_bytes();
  result.fields_bytes = store.event_fields.MemoryBytes();
  return result;
}

TEST(EventStoreBuilder, ReorderedFieldsTakeThePlaceTheStagedColumnsFreed) {
  // The permuted columns free 22 bytes an event of staged chunks before the fields are
  // reordered; four params take about 9. Fresh memory for them would be a WebAssembly heap's
  // growth at Build's peak.
  const BuildPeak with_fields = MeterBuildOfEvents(4);
  const BuildPeak without = MeterBuildOfEvents(0);
  ASSERT_GT(with_fields.fields_bytes, size_t{200000} * 8);
  EXPECT_LT(with_fields.peak, without.peak + with_fields.fields_bytes / 4)
      << "fields " << with_fields.fields_bytes << " bytes";
}

}  // namespace
}  // namespace touchpath
