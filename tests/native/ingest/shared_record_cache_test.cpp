// Shared records (device, geo, ...) seen before are replayed from a cache: the store must be
// exactly what parsing every row would give.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

TEST(SharedRecordCache, RepeatedRecordsGiveTheSameFieldsAsParsing) {
  const std::string mobile = R"({"category":"mobile","web_info":{"browser":"Chrome"}})";
  const std::string desktop = R"({"category":"desktop","web_info":{"browser":"Firefox"}})";
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("a", kT0, "e1").Field("device", mobile),
      Ga4Row("b", kT0 + 1, "e2").Field("device", desktop),
      Ga4Row("c", kT0 + 2, "e3").Field("device", mobile),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  const EventStore& store = loaded.store;
  ASSERT_EQ(store.event_count(), 3u);
  EXPECT_EQ(FieldTextOf(store, 0, "device.category"), "mobile");
  EXPECT_EQ(FieldTextOf(store, 1, "device.web_info.browser"), "Firefox");
  EXPECT_EQ(FieldTextOf(store, 2, "device.category"), "mobile");
  EXPECT_EQ(FieldTextOf(store, 2, "device.web_info.browser"), "Chrome");
  EXPECT_EQ(store.context[0], store.context[2]) << "identical records share one context";
}

TEST(SharedRecordCache, InvalidRecordSkipsTheRowEachTimeWithItsName) {
  const std::string broken = R"({"category": tru})";
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("a", kT0, "e1").Field("device", broken),
      Ga4Row("b", kT0, "e2").Field("device", broken),
      Ga4Row("c", kT0, "e3"),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.events, 1u);
  EXPECT_EQ(loaded.stats.skipped, 2u);
  ASSERT_EQ(loaded.stats.errors.size(), 2u);
  EXPECT_EQ(loaded.stats.errors[1].line, 2u);
  EXPECT_NE(loaded.stats.errors[1].message.find("device record"), std::string::npos)
      << loaded.stats.errors[1].message;
}

TEST(SharedRecordCache, ARecentRecordIsMatchedOnlyAsAWholeValue) {
  const std::string mobile = R"({"category":"mobile"})";
  std::string garbage_after = Ga4Row("b", kT0, "e2").Field("device", mobile).Json();
  garbage_after.insert(garbage_after.find(mobile) + mobile.size(), "x");
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("a", kT0, "e1").Field("device", mobile),
      garbage_after,
      Ga4Row("c", kT0, "e3").Field("device", R"({"category":"mobile","model":"x"})"),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.skipped, 1u);
  EXPECT_EQ(loaded.stats.errors[0].line, 2u);
  ASSERT_EQ(loaded.store.event_count(), 2u);
  EXPECT_EQ(FieldTextOf(loaded.store, 1, "device.model"), "x");
}

TEST(SharedRecordCache, RecentRecordsSharingTheirStartOrTheirEndStayApart) {
  // b ends as a does, c starts as a does; d and e are shorter than a word.
  const std::string a = R"({"category":"mobile","web_info":{"hostname":"shop.example.com"}})";
  const std::string b = R"({"category":"tablet","web_info":{"hostname":"shop.example.com"}})";
  const std::string c = R"({"category":"mobile","web_info":{"hostname":"shop.example.org"}})";
  const std::string d = R"({"a":1})";
  const std::string e = R"({"a":2})";
  const std::vector<std::string> records = {a, b, c, a, b, c, d, e, d, e};
  std::vector<std::string> rows;
  for (size_t row = 0; row < records.size(); ++row) {
    rows.push_back(
        Ga4Row("u" + std::to_string(row), kT0, "e").Field("device", records[row]).Json());
  }
  const LoadedInput loaded = Load(Ndjson(rows));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  ASSERT_EQ(loaded.store.event_count(), records.size());
  const EventStore& store = loaded.store;
  // Row r is the one event of user "u<r>".
  std::vector<std::string> seen(records.size());
  for (uint32_t user = 0; user < store.entity_count(); ++user) {
    const uint64_t event = store.entity_begin[user];
    auto text = [&](const char* path) { return FieldTextOf(store, event, path).value_or(""); };
    seen[std::stoul(std::string(store.entities.Get(user).substr(1)))] =
        text("device.category") + "|" + text("device.web_info.hostname") + "|" + text("device.a");
  }
  const std::string mobile_com = "mobile|shop.example.com|";
  const std::string tablet_com = "tablet|shop.example.com|";
  const std::string mobile_org = "mobile|shop.example.org|";
  EXPECT_EQ(seen, (std::vector<std::string>{mobile_com, tablet_com, mobile_org, mobile_com,
                                            tablet_com, mobile_org, "||1", "||2", "||1", "||2"}));
}

TEST(SharedRecordCache, ReplacedUtf8IsCountedForEveryRow) {
  const std::string bad_utf8 = "{\"category\":\"mob\xFFile\"}";
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("a", kT0, "e1").Field("device", bad_utf8),
      Ga4Row("b", kT0, "e2").Field("device", bad_utf8),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.replaced_invalid_utf8, 2u);
}

// Per-event records (ecommerce, collected_traffic_source, ...) are replayed from their own
// cache too: the store must be the one parsing each row gives, revenue included.
TEST(SharedRecordCache, RepeatedEventRecordsGiveTheSameStoreAsParsing) {
  const std::string ecommerce = R"({"purchase_revenue":12.5,"transaction_id":"T1"})";
  const std::string collected = R"({"manual_source":"news","manual_medium":"email"})";
  auto rows = [&](const std::string& second_ecommerce, const std::string& second_collected) {
    return Ndjson({
        Ga4Row("a", kT0, "purchase")
            .Field("ecommerce", ecommerce)
            .Field("collected_traffic_source", collected),
        Ga4Row("a", kT0 + 1, "purchase")
            .Field("ecommerce", second_ecommerce)
            .Field("collected_traffic_source", second_collected),
        Ga4Row("b", kT0 + 2, "purchase").Field("ecommerce", ecommerce),
    });
  };
  // A space makes the text differ, so those rows are parsed rather than replayed.
  const LoadedInput replayed = Load(rows(ecommerce, collected));
  const LoadedInput parsed = Load(rows(" " + ecommerce, " " + collected));
  ASSERT_TRUE(replayed.status.ok()) << replayed.status.message();
  ASSERT_TRUE(parsed.status.ok()) << parsed.status.message();
  EXPECT_EQ(Digest(replayed.store), Digest(parsed.store));
  for (uint64_t event = 0; event < 3; ++event) {
    EXPECT_EQ(replayed.store.Revenue(event), std::optional<double>(12.5)) << event;
    EXPECT_EQ(FieldTextOf(replayed.store, event, "ecommerce.transaction_id"), "T1") << event;
  }
  EXPECT_EQ(FieldTextOf(replayed.store, 1, "collected_traffic_source.manual_source"), "news");
}

TEST(SharedRecordCache, InvalidEventRecordSkipsTheRowEachTimeWithItsName) {
  const std::string broken = R"({"purchase_revenue": tru})";
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("a", kT0, "purchase").Field("ecommerce", broken),
      Ga4Row("b", kT0, "purchase").Field("ecommerce", broken),
      Ga4Row("c", kT0, "purchase"),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.events, 1u);
  ASSERT_EQ(loaded.stats.errors.size(), 2u);
  for (const LoadError& error : loaded.stats.errors) {
    EXPECT_NE(error.message.find("ecommerce record"), std::string::npos) << error.message;
  }
}

}  // namespace
}  // namespace touchpath::testing
