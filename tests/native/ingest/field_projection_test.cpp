// Projected loads (the specs are known before loading): only the fields they read are parsed
// and stored, and what is kept reads exactly as in a full load.
#include "core/ingest/field_projection.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/ingest/ingestor.h"
#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

constexpr const char* kDevice = R"({"category":"mobile","web_info":{"browser":"Safari"}})";
constexpr const char* kGeo = R"({"country":"France","city":"Paris"})";

FieldProjection Projection(std::vector<std::string> paths, bool session_traffic = false) {
  FieldProjection projection;
  for (const std::string& path : paths) projection.Add(path);
  projection.session_traffic = session_traffic;
  return projection;
}

EventStore LoadProjected(std::string_view bytes, const FieldProjection& projection) {
  Ingestor ingestor("auto", projection);
  EXPECT_TRUE(ingestor.Feed(bytes).ok());
  LoadedData data;
  const Status status = ingestor.Finish(&data);
  EXPECT_TRUE(status.ok()) << status.message();
  return status.ok() ? std::move(*data.events) : EventStore();
}

bool HasField(const EventStore& store, std::string_view path) {
  return store.fields.Find(path) != kNoId;
}

std::string Rows() {
  return Ndjson({
      Ga4Row("a", kT0, "page_view")
          .SessionId(1)
          .StringParam("page_title", "Home")
          .Field("device", kDevice)
          .Field("geo", kGeo),
      Ga4Row("a", kT0 + 10, "purchase")
          .SessionId(1)
          .StringParam("currency", "EUR")
          .DoubleParam("value", 20)
          .UserProperty("tier", "gold")
          .Field("device", kDevice)
          .Field("geo", kGeo),
      Ga4Row("b", kT0 + 5, "page_view")
          .SessionId(7)
          .Field("device", R"({"category":"desktop"})")
          .Field("ecommerce", R"({"purchase_revenue":12.5})"),
  });
}

TEST(FieldProjection, KeepsAPathAndEverythingBelowIt) {
  const FieldProjection projection = Projection({"geo", "param.currency"});
  EXPECT_TRUE(projection.Keeps("geo"));
  EXPECT_TRUE(projection.Keeps("geo.city"));
  EXPECT_TRUE(projection.Keeps("param.currency"));
  EXPECT_FALSE(projection.Keeps("geography"));
  EXPECT_FALSE(projection.Keeps("param"));
  EXPECT_FALSE(projection.Keeps("param.currency_code"));
}

TEST(FieldProjection, LeadsToTheRecordsAboveAKeptPath) {
  const FieldProjection projection = Projection({"device.web_info.browser"});
  EXPECT_TRUE(projection.LeadsTo("device"));
  EXPECT_TRUE(projection.LeadsTo("device.web_info"));
  EXPECT_FALSE(projection.LeadsTo("device.web_info.browser"));
  EXPECT_FALSE(projection.LeadsTo("dev"));
  EXPECT_FALSE(projection.LeadsTo("geo"));
}

TEST(FieldProjection, MissingNamesTheFirstDroppedNeed) {
  const FieldProjection kept = Projection({"geo"});
  EXPECT_EQ(kept.Missing(Projection({"geo.city"})), "");
  EXPECT_EQ(kept.Missing(Projection({"geo.city", "param.currency"})), "param.currency");
  EXPECT_EQ(kept.Missing(Projection({}, /*session_traffic=*/true)),
            "channel, source, medium and campaign");
  EXPECT_EQ(Projection({}, true).Missing(Projection({}, true)), "");
}

TEST(FieldProjection, AddKeepsEachPathOnce) {
  FieldProjection projection = Projection({"geo.city"});
  projection.Merge(Projection({"geo.city", "param.x"}, true));
  EXPECT_EQ(projection.paths, (std::vector<std::string>{"geo.city", "param.x"}));
  EXPECT_TRUE(projection.session_traffic);
}

TEST(ProjectedLoad, StoresOnlyTheKeptFieldsAndNeverInternsTheOthers) {
  const EventStore store = LoadProjected(Rows(), Projection({"param.currency", "device.category"}));
  ASSERT_EQ(store.event_count(), 3u);
  EXPECT_EQ(FieldTextOf(store, 1, "param.currency"), "EUR");
  EXPECT_EQ(FieldTextOf(store, 0, "device.category"), "mobile");
  EXPECT_EQ(FieldTextOf(store, 2, "device.category"), "desktop");
  for (const char* dropped : {"param.page_title", "user.tier", "geo", "geo.country",
                              "device.web_info", "device.web_info.browser", "event_date"}) {
    EXPECT_FALSE(HasField(store, dropped)) << dropped;
  }
  for (uint32_t string = 0; string < store.strings.size(); ++string) {
    EXPECT_NE(store.strings.Get(string), "Home");
    EXPECT_NE(store.strings.Get(string), "Paris");
  }
}

TEST(ProjectedLoad, KeepsEveryFieldBelowAKeptRecord) {
  const EventStore store = LoadProjected(Rows(), Projection({"device"}));
  EXPECT_EQ(FieldTextOf(store, 0, "device.web_info.browser"), "Safari");
  EXPECT_FALSE(HasField(store, "geo.city"));
}

// Revenue, which every load keeps too, is compared through attribution values in
// tests/native/engine/session_projection_test.cpp.
TEST(ProjectedLoad, EventsEntitiesAndSessionsMatchTheFullLoad) {
  const LoadedInput full = Load(Rows());
  ASSERT_TRUE(full.status.ok());
  const EventStore projected = LoadProjected(Rows(), Projection({}));
  EXPECT_EQ(EventNames(projected), EventNames(full.store));
  EXPECT_EQ(projected.entity_begin, full.store.entity_begin);
  EXPECT_EQ(projected.ts_us, full.store.ts_us);
  EXPECT_EQ(projected.session, full.store.session);
  EXPECT_EQ(projected.sessions.size(), 2u);
  EXPECT_EQ(FieldTextOf(projected, 1, "param.ga_session_id"), "1");
}

TEST(ProjectedLoad, TrafficInputsResolveEverySessionAsTheFullLoadDoes) {
  const std::string rows = Ndjson({
      Ga4Row("p", kT0, "session_start")
          .SessionId(1)
          .StringParam("source", "param_source")
          .StringParam("medium", "param_medium")
          .Field("collected_traffic_source",
                 R"({"manual_source":"facebook","manual_medium":"social"})"),
      Ga4Row("p", kT0 + 1, "page_view")
          .SessionId(1)
          .Field("session_traffic_source_last_click",
                 R"({"cross_channel_campaign":{"source":"newsletter","medium":"email",)"
                 R"("campaign_name":"spring","default_channel_group":"Cross-network"}})"),
      Ga4Row("p", kT0 + 2, "page_view")
          .SessionId(2)
          .Field("session_traffic_source_last_click",
                 R"({"manual_campaign":{"source":"bing","medium":"cpc","campaign_name":"b"}})"),
      Ga4Row("p", kT0 + 3, "page_view")
          .SessionId(3)
          .Field("collected_traffic_source", R"({"gclid":"Cj0"})"),
      Ga4Row("p", kT0 + 4, "page_view").SessionId(4).StringParam("gclid", "Cj1"),
      Ga4Row("p", kT0 + 5, "page_view")
          .SessionId(5)
          .StringParam("campaign", "c")
          .StringParam("source", "s"),
      Ga4Row("p", kT0 + 6, "page_view")
          .SessionId(6)
          .Field("traffic_source", R"({"source":"google"})"),
  });
  const LoadedInput full = Load(rows);
  ASSERT_TRUE(full.status.ok());
  const EventStore projected = LoadProjected(rows, Projection({}, /*session_traffic=*/true));
  ASSERT_EQ(projected.event_count(), full.store.event_count());
  for (uint64_t event = 0; event < projected.event_count(); ++event) {
    EXPECT_EQ(TrafficOf(projected, event), TrafficOf(full.store, event)) << event;
  }
  EXPECT_FALSE(HasField(projected, "traffic_source.source"));
}

TEST(ProjectedLoad, WithoutTrafficEverySessionIsDirect) {
  const EventStore store = LoadProjected(
      Ndjson({Ga4Row("p", kT0, "page_view").SessionId(1).StringParam("source", "google")}),
      Projection({}));
  EXPECT_EQ(TrafficOf(store, 0), "(direct) / (none) / (direct) / Direct");
}

TEST(ProjectedLoad, RowsWithDifferentlyOrderedKeysReadTheSame) {
  // Skipped values are remembered per key position; a row whose keys shift must not reuse them.
  const std::string rows = Ndjson(
      {Ga4Row("a", kT0, "x").Field("geo", kGeo).Field("device", kDevice),
       Ga4Row("a", kT0 + 1, "y").Field("device", kDevice).Field("geo", kGeo),
       Ga4Row("a", kT0 + 2, "z").Field("geo", kGeo).Field("device", R"({"category":"tv"})")});
  const EventStore store = LoadProjected(rows, Projection({"device.category"}));
  ASSERT_EQ(store.event_count(), 3u);
  EXPECT_EQ(FieldTextOf(store, 0, "device.category"), "mobile");
  EXPECT_EQ(FieldTextOf(store, 1, "device.category"), "mobile");
  EXPECT_EQ(FieldTextOf(store, 2, "device.category"), "tv");
}

TEST(ProjectedLoad, BrokenJsonInADroppedRecordStillSkipsTheRow) {
  const std::string rows = Ndjson({Ga4Row("a", kT0, "x").Field("geo", kGeo),
                                   Ga4Row("a", kT0 + 1, "y").Field("geo", R"({"city":"Par)")});
  Ingestor ingestor("auto", Projection({}));
  ASSERT_TRUE(ingestor.Feed(rows).ok());
  LoadedData data;
  ASSERT_TRUE(ingestor.Finish(&data).ok());
  EXPECT_EQ(ingestor.stats().events, 1u);
  EXPECT_EQ(ingestor.stats().skipped, 1u);
}

}  // namespace
}  // namespace touchpath::testing
