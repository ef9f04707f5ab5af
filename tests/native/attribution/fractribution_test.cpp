// The Snowplow fractribution package's integration data (30-day lookback, exposure transform):
// its expected sessions and conversions become an EventStore; the paths and the last-touch
// attribution must match its published outputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/attribution/attribution.h"
#include "core/attribution/path_transform.h"
#include "core/attribution/touchpoints.h"
#include "tests/native/attribution/attribution_fixtures.h"

namespace touchpath {
namespace {

const std::string kDir = std::string(TOUCHPATH_SHARED_DATA_DIR) + "/fractribution_snowplow/";

// Rows of a simple CSV (no quoted cells), header first.
std::vector<std::vector<std::string>> ReadCsv(const std::string& name) {
  std::ifstream input(kDir + name);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(input, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream cells_in(line);
    std::string cell;
    while (std::getline(cells_in, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

// "2022-06-03 05:44:32[.000]" as microseconds since the epoch (UTC).
int64_t TimestampUs(const std::string& text) {
  const int year = std::stoi(text.substr(0, 4));
  const unsigned month = std::stoi(text.substr(5, 2));
  const unsigned day = std::stoi(text.substr(8, 2));
  // Howard Hinnant's days_from_civil.
  const int y = year - (month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
  const int64_t seconds = days * 86400 + std::stoi(text.substr(11, 2)) * 3600 +
                          std::stoi(text.substr(14, 2)) * 60 + std::stoi(text.substr(17, 2));
  return seconds * 1000000;
}

struct Fixture {
  EventStore store;
  bool loaded = false;
};

Fixture LoadFixture() {
  Fixture fixture;
  const auto sessions = ReadCsv("snowplow_fractribution_sessions_by_customer_id_expected.csv");
  const auto conversions =
      ReadCsv("snowplow_fractribution_conversions_by_customer_id_expected.csv");
  if (sessions.size() < 2 || conversions.size() < 2) return fixture;
  struct Item {
    int64_t ts_us;
    bool conversion;
    std::string channel;
    double revenue;
  };
  std::map<std::string, std::vector<Item>> by_customer;
  for (size_t row = 1; row < sessions.size(); ++row) {
    by_customer[sessions[row][0]].push_back(
        {TimestampUs(sessions[row][1]), false, sessions[row][2], 0});
  }
  for (size_t row = 1; row < conversions.size(); ++row) {
    by_customer[conversions[row][0]].push_back(
        {TimestampUs(conversions[row][1]), true, "", std::stod(conversions[row][2])});
  }
  testing::TinyStore events;
  for (auto& [customer, items] : by_customer) {
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.ts_us < b.ts_us; });
    for (const Item& item : items) {
      if (item.conversion) {
        events.Event(item.ts_us, "purchase", item.revenue);
      } else {
        events.Visit(customer, item.ts_us, item.channel);
      }
    }
  }
  fixture.store = events.Build();
  fixture.loaded = true;
  return fixture;
}

PathTable ExposedPaths(const EventStore& store) {
  const uint32_t purchase = store.event_names.Find("purchase");
  const PathTable journeys = BuildTouchpointPaths(
      store, TouchpointOptions{}, [&](uint64_t event) { return store.event[event] == purchase; });
  return ApplyPathTransform(journeys, PathTransform::kExposure);
}

std::vector<std::string> SortedPaths(const PathTable& table, bool converting) {
  std::vector<std::string> paths;
  for (size_t row = 0; row < table.row_count(); ++row) {
    if ((table.conversions[row] > 0) == converting) paths.push_back(PathText(table, row));
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<std::string> SortedColumn(const std::string& file, size_t column) {
  std::vector<std::string> values;
  const auto rows = ReadCsv(file);
  for (size_t row = 1; row < rows.size(); ++row) values.push_back(rows[row].at(column));
  std::sort(values.begin(), values.end());
  return values;
}

TEST(Fractribution, PathsToConversionMatch) {
  const Fixture fixture = LoadFixture();
  if (!fixture.loaded) GTEST_SKIP() << "reference data not found in " << kDir;
  EXPECT_EQ(SortedPaths(ExposedPaths(fixture.store), true),
            SortedColumn("snowplow_fractribution_paths_to_conversion_expected.csv", 4));
}

TEST(Fractribution, PathsToNonConversionMatchPlusPostConversionSessions) {
  const Fixture fixture = LoadFixture();
  if (!fixture.loaded) GTEST_SKIP() << "reference data not found in " << kDir;
  std::vector<std::string> expected =
      SortedColumn("snowplow_fractribution_paths_to_non_conversion_expected.csv", 2);
  // fractribution drops converters' later sessions; DESIGN.md makes them null paths: three
  // customers came back after converting.
  for (const char* extra : {"Direct", "Direct", "Organic_Search"}) expected.push_back(extra);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(SortedPaths(ExposedPaths(fixture.store), false), expected);
}

double Credit(const nlohmann::json& result, const char* model, const char* channel,
              const char* key) {
  for (const auto& row : result["models"][model]) {
    if (row["channel"] == channel) return row[key].get<double>();
  }
  return -1;
}

TEST(Fractribution, LastTouchMatchesAtFourDecimals) {
  const Fixture fixture = LoadFixture();
  if (!fixture.loaded) GTEST_SKIP() << "reference data not found in " << kDir;
  AttributionSpec spec;
  ASSERT_TRUE(ParseAttributionSpec(
                  nlohmann::json::parse(R"({"transform": "exposure", "models": ["last_touch"]})"),
                  "analyses[0]", &spec)
                  .ok());
  nlohmann::json result;
  ASSERT_TRUE(AnalyzeAttribution(fixture.store, spec, &result).ok());
  EXPECT_NEAR(Credit(result, "last_touch", "Direct", "conversions"), 4, 5e-5);
  EXPECT_NEAR(Credit(result, "last_touch", "Direct", "value"), 234.42, 5e-5);
  EXPECT_NEAR(Credit(result, "last_touch", "Organic_Search", "value"), 66.5, 5e-5);
  EXPECT_NEAR(Credit(result, "last_touch", "Video", "conversions"), 1, 5e-5);
  EXPECT_NEAR(Credit(result, "last_touch", "Referral", "conversions"), 0, 5e-5);
}

TEST(Fractribution, SimplifiedShapleySplitsTheTwoChannelPathEqually) {
  // fractribution's own "shapley" gives Organic_Search > Direct 0.459 / 0.541 (leave-one-out
  // rates); DESIGN.md's shapley (Zhao et al. simplified) splits it 1/2 : 1/2.
  const Fixture fixture = LoadFixture();
  if (!fixture.loaded) GTEST_SKIP() << "reference data not found in " << kDir;
  AttributionSpec spec;
  ASSERT_TRUE(ParseAttributionSpec(
                  nlohmann::json::parse(R"({"transform": "exposure", "models": ["shapley"]})"),
                  "analyses[0]", &spec)
                  .ok());
  nlohmann::json result;
  ASSERT_TRUE(AnalyzeAttribution(fixture.store, spec, &result).ok());
  EXPECT_NEAR(Credit(result, "shapley", "Direct", "conversions"), 3.5, 1e-12);
  EXPECT_NEAR(Credit(result, "shapley", "Direct", "value"), 94.42 + 70, 1e-9);
  EXPECT_NEAR(Credit(result, "shapley", "Organic_Search", "conversions"), 1.5, 1e-12);
  EXPECT_NEAR(Credit(result, "shapley", "Video", "value"), 200, 1e-12);
}

}  // namespace
}  // namespace touchpath
