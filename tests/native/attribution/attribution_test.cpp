#include "core/attribution/attribution.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/analysis/run_spec.h"
#include "tests/native/attribution/attribution_fixtures.h"
#include "tests/native/support/allocation_meter.h"

namespace touchpath {
namespace {

using testing::kDayUs;
using testing::MakePaths;

AttributionSpec Spec(const char* json) {
  AttributionSpec spec;
  const Status status = ParseAttributionSpec(nlohmann::json::parse(json), "analyses[0]", &spec);
  EXPECT_TRUE(status.ok()) << status.message();
  return spec;
}

double ModelSum(const nlohmann::json& result, const std::string& model, const char* key) {
  double sum = 0;
  for (const auto& row : result["models"][model]) sum += row[key].get<double>();
  return sum;
}

void ExpectEveryModelSumsToTotals(const nlohmann::json& result) {
  const double conversions = result["conversions"].get<double>();
  const double value = result["value"].get<double>();
  for (const auto& [model, rows] : result["models"].items()) {
    EXPECT_NEAR(ModelSum(result, model, "conversions"), conversions, 1e-9 * conversions) << model;
    EXPECT_NEAR(ModelSum(result, model, "value"), value, 1e-9 * value) << model;
  }
}

TEST(AnalyzeAttribution, PathTableResultShape) {
  const PathTable table =
      MakePaths({{"C1 > C2 > C3", 1, 10, 0}, {"C1", 0, 0, 1}, {"C2 > C3", 0, 0, 1}});
  nlohmann::json result;
  ASSERT_TRUE(
      AnalyzeAttribution(table, Spec(R"({"id": "a", "models": ["markov", "time_decay"]})"), &result)
          .ok());
  EXPECT_EQ(result["type"], "attribution");
  EXPECT_EQ(result["id"], "a");
  EXPECT_EQ(result["conversions"], 1.0);
  EXPECT_EQ(result["value"], 10.0);
  EXPECT_EQ(result["paths"], (nlohmann::json{{"converting", 1.0}, {"null", 2.0}}));
  EXPECT_EQ(result["models"]["markov"][0],
            (nlohmann::json{{"channel", "C1"}, {"conversions", 0.2}, {"value", 2.0}}));
  EXPECT_EQ(result["removal_effects"][0], (nlohmann::json{{"channel", "C1"}, {"effect", 0.5}}));
  EXPECT_TRUE(result["transition_matrix"].is_array());
  EXPECT_FALSE(result["models"].contains("time_decay"));
  EXPECT_TRUE(result["unavailable"]["time_decay"].is_string());
  EXPECT_EQ(result["skipped"], 0);
  EXPECT_EQ(result["errors"], nlohmann::json::array());
}

TEST(AnalyzeAttribution, WithoutTransformsThePathsAreNotCopied) {
  // 200,000 journeys of ten touches: 8 MB of touches and 6.4 MB of row columns. A copy made
  // for transforms that were not asked for took as much again, in a tab whose month of
  // journeys is hundreds of MB.
  PathTable table;
  table.channels = {"A", "B", "C"};
  for (uint32_t row = 0; row < 200000; ++row) {
    for (uint32_t touch = 0; touch < 10; ++touch) table.touch_channel.push_back((row + touch) % 3);
    table.row_begin.push_back(table.touch_channel.size());
    table.conversions.push_back(row % 7 == 0 ? 1 : 0);
    table.value.push_back(row % 7 == 0 ? 10 : 0);
    table.nulls.push_back(row % 7 == 0 ? 0 : 1);
  }
  const AttributionSpec spec = Spec(R"({"models": ["linear"]})");
  size_t peak = 0;
  {
    testing::AllocationMeter meter;
    nlohmann::json result;
    ASSERT_TRUE(AnalyzeAttribution(table, spec, &result).ok());
    peak = meter.peak_bytes();
    EXPECT_NEAR(ModelSum(result, "linear", "conversions"), result["conversions"].get<double>(),
                1e-6);
  }
  EXPECT_LT(peak, table.touch_channel.size() * sizeof(uint32_t) / 2);
}

TEST(AnalyzeAttribution, RefusesATouchpointOfMoreValuesThanItReports) {
  // One user's sessions, each from a channel of its own, then a purchase: one path of
  // kMaxAttributedTouchpoints + 1 distinct touchpoints.
  testing::TinyStore events;
  for (size_t i = 0; i <= kMaxAttributedTouchpoints; ++i) {
    events.Visit("u", static_cast<int64_t>(i) * 1000000, "channel " + std::to_string(i));
  }
  events.Event(static_cast<int64_t>(kMaxAttributedTouchpoints + 1) * 1000000, "purchase", 1);
  const EventStore store = events.Build();
  nlohmann::json result;
  const Status status = AnalyzeAttribution(store, Spec(R"({"models": ["linear"]})"), &result);
  EXPECT_EQ(status.code(), StatusCode::kBadSpec);
  EXPECT_EQ(status.message(),
            "100001 distinct touchpoint values, more than the 100000 attribution reports: "
            "attribute by one with fewer values, such as channel, source, medium, campaign or "
            "source_medium");
  EXPECT_TRUE(result.is_null()) << "no result";
}

TEST(AnalyzeAttribution, RefusesAPathTableOfMoreChannelsThanItReportsAsBadInput) {
  PathTable table;
  for (uint32_t channel = 0; channel <= kMaxAttributedTouchpoints; ++channel) {
    table.channels.push_back("c" + std::to_string(channel));
    table.touch_channel.push_back(channel);
    table.row_begin.push_back(table.touch_channel.size());
    table.conversions.push_back(1);
    table.value.push_back(0);
    table.nulls.push_back(0);
  }
  nlohmann::json results;
  const Status status = RunAnalyses(
      AnalysisInput{nullptr, &table},
      nlohmann::json::parse(R"({"analyses": [{"type": "attribution", "models": ["linear"]}]})"),
      &results);
  EXPECT_EQ(status.code(), StatusCode::kBadInput) << "the input, not the spec";
  EXPECT_EQ(status.message(),
            "analyses[0]: 100001 channels in the path table, more than the 100000 attribution "
            "reports");
  // One channel fewer is reported.
  table.channels.pop_back();
  table.touch_channel.pop_back();
  table.row_begin.pop_back();
  table.conversions.pop_back();
  table.value.pop_back();
  table.nulls.pop_back();
  nlohmann::json result;
  ASSERT_TRUE(AnalyzeAttribution(table, Spec(R"({"models": ["linear"]})"), &result).ok());
  EXPECT_EQ(result["models"]["linear"].size(), kMaxAttributedTouchpoints);
}

TEST(AnalyzeAttribution, PathTableReportsSkippedRows) {
  PathTable table;
  ASSERT_TRUE(ParsePathTable("path;total_conversions\na;1\nb;?\n", &table).ok());
  nlohmann::json result;
  ASSERT_TRUE(AnalyzeAttribution(table, Spec(R"({"models": ["linear"]})"), &result).ok());
  EXPECT_EQ(result["skipped"], 1);
  EXPECT_EQ(result["errors"][0]["line"], 3);
}

TEST(AnalyzeAttribution, TransformAppliesBeforeModels) {
  const PathTable table = MakePaths({{"A > A > B", 1, 0, 0}});
  nlohmann::json result;
  ASSERT_TRUE(
      AnalyzeAttribution(table, Spec(R"({"models": ["linear"], "transform": "exposure"})"), &result)
          .ok());
  EXPECT_DOUBLE_EQ(result["models"]["linear"][0]["conversions"].get<double>(), 0.5);
}

TEST(AnalyzeAttribution, FromEventsAggregatesPathsAndRunsTimeDecay) {
  testing::TinyStore events;
  for (const char* user : {"u1", "u2"}) {
    events.Visit(user, 0, "Email");
    events.Visit(user, 7 * kDayUs, "Direct");
    events.Event(7 * kDayUs + 1, "purchase", 30);
  }
  events.Visit("u3", 0, "Email");
  const EventStore store = events.Build();
  nlohmann::json result;
  ASSERT_TRUE(
      AnalyzeAttribution(
          store,
          Spec(R"({"conversion": {"event": "purchase"}, "models": ["time_decay", "linear"]})"),
          &result)
          .ok());
  EXPECT_EQ(result["conversions"], 2.0);
  EXPECT_EQ(result["value"], 60.0);
  EXPECT_EQ(result["paths"]["null"], 1.0);
  // Email is 7 days (one half-life) older than Direct: weights 1/2 : 1.
  EXPECT_NEAR(result["models"]["time_decay"][0]["conversions"].get<double>(), 2.0 / 3, 1e-9);
  EXPECT_EQ(result["models"]["linear"][0]["conversions"], 1.0);
  ExpectEveryModelSumsToTotals(result);
}

std::string ReadSharedFile(const std::string& name) {
  std::ifstream input(std::string(TOUCHPATH_SHARED_DATA_DIR) + "/" + name, std::ios::binary);
  if (!input) return std::string();
  std::stringstream bytes;
  bytes << input.rdbuf();
  return bytes.str();
}

TEST(AnalyzeAttribution, ChannelAttributionDataEveryModelSumsToTotals) {
  const std::string bytes = ReadSharedFile("channelattribution_paths.csv");
  if (bytes.empty()) GTEST_SKIP() << "reference data not found: channelattribution_paths.csv";
  PathTable table;
  ASSERT_TRUE(ParsePathTable(bytes, &table).ok());
  nlohmann::json result;
  ASSERT_TRUE(AnalyzeAttribution(table, Spec("{}"), &result).ok());
  for (const char* model : {"first_touch", "last_touch", "last_non_direct", "linear",
                            "position_based", "markov", "shapley", "shapley_rate"}) {
    EXPECT_TRUE(result["models"].contains(model)) << model;
  }
  ExpectEveryModelSumsToTotals(result);
  EXPECT_GT(result["conversion_probability"].get<double>(), 0);
}

TEST(AnalyzeAttribution, ChannelAttributionDataHigherOrderMarkovSumsToTotals) {
  const std::string bytes = ReadSharedFile("channelattribution_paths.csv");
  if (bytes.empty()) GTEST_SKIP() << "reference data not found: channelattribution_paths.csv";
  PathTable table;
  ASSERT_TRUE(ParsePathTable(bytes, &table).ok());
  nlohmann::json result;
  ASSERT_TRUE(
      AnalyzeAttribution(table, Spec(R"({"models": ["markov"], "markov_order": 2})"), &result)
          .ok());
  ASSERT_TRUE(result["models"].contains("markov")) << result["unavailable"];
  ExpectEveryModelSumsToTotals(result);
}

}  // namespace
}  // namespace touchpath
