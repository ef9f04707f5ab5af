// Time to convert and time between steps, from each unit's counted chain.
#include <gtest/gtest.h>

#include "core/analysis/summary_stats.h"
#include "tests/native/analysis/store_fixture.h"

namespace touchpath::testing {
namespace {

double QuantileOf(std::vector<double> values, double fraction) {
  return Quantile(&values, fraction);
}

TEST(Quantile, MedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues) {
  EXPECT_EQ(QuantileOf({10, 1, 3, 2}, 0.5), 2.5);
  EXPECT_EQ(QuantileOf({3, 1, 2}, 0.5), 2.0);
}

TEST(Quantile, InterpolatesBetweenClosestRanks) {
  EXPECT_EQ(QuantileOf({40, 0, 30, 10, 20}, 0.25), 10.0);
  EXPECT_DOUBLE_EQ(QuantileOf({30, 20, 10, 0}, 0.9), 27.0);
  EXPECT_EQ(QuantileOf({5}, 0.9), 5.0);
}

TEST(DurationSummary, EmptyHasNullStatistics) {
  const nlohmann::json summary = DurationSummary({});
  EXPECT_EQ(summary["count"], 0);
  EXPECT_TRUE(summary["median_seconds"].is_null());
  EXPECT_TRUE(summary["histogram"].empty());
}

TEST(DurationSummary, HistogramBucketsUpToTheLargestDuration) {
  const nlohmann::json summary = DurationSummary({30, 59, 60, 200, 4000});
  const nlohmann::json histogram = summary["histogram"];
  ASSERT_EQ(histogram.size(), 6u);  // 0-1m, 1-5m, 5-15m, 15-30m, 30m-1h, 1h-2h
  EXPECT_EQ(histogram[0]["count"], 2);
  EXPECT_EQ(histogram[1]["count"], 2);
  EXPECT_EQ(histogram[5]["count"], 1);
  EXPECT_EQ(histogram[5]["from_seconds"], 3600.0);
  EXPECT_EQ(histogram[5]["to_seconds"], 7200.0);
  EXPECT_EQ(summary["mean_seconds"], (30 + 59 + 60 + 200 + 4000) / 5.0);
}

TEST(FunnelTiming, TimeToConvertSummarisesCompletedChains) {
  const EventStore store = MakeStore({
      {"a", 0, "view"},
      {"a", 10, "buy"},
      {"b", 0, "view"},
      {"b", 20, "buy"},
      {"c", 0, "view"},
      {"c", 30, "buy"},
      {"d", 0, "view"},
      {"d", 100, "buy"},
      {"e", 0, "view"},  // did not convert: not part of the times
  });
  const nlohmann::json time = RunFunnel(store, R"({"steps": ["view", "buy"]})")["time_to_convert"];
  EXPECT_EQ(time["count"], 4);
  EXPECT_EQ(time["median_seconds"], 25.0);
  EXPECT_EQ(time["mean_seconds"], 40.0);
  EXPECT_EQ(time["p25"], 17.5);
  EXPECT_EQ(time["p75"], 47.5);
  EXPECT_DOUBLE_EQ(time["p90"].get<double>(), 79.0);
}

TEST(FunnelTiming, CountedChainCompletesAsEarlyAsPossible) {
  // view at 0, buy at 50 and at 80: the chain takes the first buy.
  const EventStore store = MakeStore({{"a", 0, "view"}, {"a", 50, "buy"}, {"a", 80, "buy"}});
  EXPECT_EQ(RunFunnel(store, R"({"steps": ["view", "buy"]})")["time_to_convert"]["median_seconds"],
            50.0);
}

TEST(FunnelTiming, CountedChainStartsAtTheEarliestStepOne) {
  // Two views before the buy: the earliest view starts the counted chain.
  const EventStore store = MakeStore({{"a", 0, "view"}, {"a", 40, "view"}, {"a", 50, "buy"}});
  EXPECT_EQ(RunFunnel(store, R"({"steps": ["view", "buy"]})")["time_to_convert"]["median_seconds"],
            50.0);
}

TEST(FunnelTiming, MedianSecondsFromPreviousPerStep) {
  const EventStore store = MakeStore({
      {"a", 0, "view"},
      {"a", 10, "cart"},
      {"a", 15, "buy"},
      {"b", 0, "view"},
      {"b", 30, "cart"},  // reaches cart: counts for the cart step only
  });
  const nlohmann::json steps = RunFunnel(store, R"({"steps": ["view", "cart", "buy"]})")["steps"];
  EXPECT_TRUE(steps[0]["median_seconds_from_previous"].is_null());
  EXPECT_EQ(steps[1]["median_seconds_from_previous"], 20.0);
  EXPECT_EQ(steps[2]["median_seconds_from_previous"], 5.0);
}

TEST(FunnelTiming, SubSecondTimesAreKept) {
  const EventStore store = MakeStore({{"a", 0, "view"}, {"a", 1, "buy"}});
  EXPECT_EQ(RunFunnel(store, R"({"steps": ["view", "buy"]})")["time_to_convert"]["median_seconds"],
            1.0);
}

}  // namespace
}  // namespace touchpath::testing
