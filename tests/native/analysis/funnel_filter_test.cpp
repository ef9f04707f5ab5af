// Step filters (`where`) and the breakdown.
#include <gtest/gtest.h>

#include <map>

#include "tests/native/analysis/store_fixture.h"

namespace touchpath::testing {
namespace {

using Counts = std::vector<uint64_t>;

// Users a..f each buy once with a different currency / value / page.
EventStore Purchases() {
  return MakeStore({
      {"a", 0, "buy", {{"param.currency", std::string("EUR")}, {"param.value", 10.5}}},
      {"b", 0, "buy", {{"param.currency", std::string("USD")}, {"param.value", int64_t{20}}}},
      {"c", 0, "buy", {{"param.currency", std::string("eur")}, {"param.value", std::string("30")}}},
      {"d", 0, "buy", {{"param.page", std::string("https://shop.example/checkout?step=2")}}},
      {"e", 0, "buy", {{"user.tier", std::string("gold")}}},
      {"f", 0, "buy"},
  });
}

uint64_t Matching(const std::string& condition) {
  const std::string spec = R"({"steps": [{"event": "buy", "where": [)" + condition + "]}]}";
  return StepCounts(RunFunnel(Purchases(), spec))[0];
}

TEST(StepFilter, EqComparesTextCaseSensitively) {
  EXPECT_EQ(Matching(R"({"field": "param.currency", "op": "eq", "value": "EUR"})"), 1u);
}

TEST(StepFilter, OpDefaultsToEq) {
  EXPECT_EQ(Matching(R"({"field": "param.currency", "value": "USD"})"), 1u);
}

TEST(StepFilter, NeMatchesOtherValuesAndMissingFields) {
  EXPECT_EQ(Matching(R"({"field": "param.currency", "op": "ne", "value": "EUR"})"), 5u);
}

TEST(StepFilter, InMatchesAnyListedValue) {
  EXPECT_EQ(Matching(R"({"field": "param.currency", "op": "in", "value": ["EUR", "eur"]})"), 2u);
}

TEST(StepFilter, NumbersCompareNumericallyWhateverTheStoredType) {
  // 10.5 (double), 20 (int), "30" (string) all compare as numbers.
  EXPECT_EQ(Matching(R"({"field": "param.value", "op": "gt", "value": 10})"), 3u);
  EXPECT_EQ(Matching(R"({"field": "param.value", "op": "gte", "value": 20})"), 2u);
  EXPECT_EQ(Matching(R"({"field": "param.value", "op": "lt", "value": 20})"), 1u);
  EXPECT_EQ(Matching(R"({"field": "param.value", "op": "lte", "value": 20})"), 2u);
  EXPECT_EQ(Matching(R"({"field": "param.value", "op": "eq", "value": 30})"), 1u);
}

TEST(StepFilter, TextOperators) {
  EXPECT_EQ(Matching(R"({"field": "param.page", "op": "contains", "value": "checkout"})"), 1u);
  EXPECT_EQ(Matching(R"({"field": "param.page", "op": "starts_with", "value": "https://"})"), 1u);
  EXPECT_EQ(Matching(R"({"field": "param.page", "op": "ends_with", "value": "step=2"})"), 1u);
  EXPECT_EQ(Matching(R"({"field": "param.page", "op": "ends_with", "value": "step=3"})"), 0u);
}

TEST(StepFilter, ExistsAndUserProperties) {
  EXPECT_EQ(Matching(R"({"field": "param.currency", "op": "exists"})"), 3u);
  EXPECT_EQ(Matching(R"({"field": "user.tier", "op": "eq", "value": "gold"})"), 1u);
}

TEST(StepFilter, UnknownFieldMatchesNothing) {
  EXPECT_EQ(Matching(R"({"field": "param.nope", "op": "eq", "value": "x"})"), 0u);
}

TEST(StepFilter, AllConditionsMustHold) {
  EXPECT_EQ(Matching(R"({"field": "param.currency", "op": "exists"},
                        {"field": "param.value", "op": "lt", "value": 25})"),
            2u);
}

TEST(StepFilter, DerivedChannelField) {
  const EventStore store = MakeStore({
      {"a",
       0,
       "buy",
       {{"param.source", std::string("google")}, {"param.medium", std::string("cpc")}}},
      {"b",
       0,
       "buy",
       {{"param.source", std::string("google")}, {"param.medium", std::string("organic")}}},
      {"c", 0, "buy"},
  });
  auto count = [&](const char* channel) {
    const std::string spec =
        std::string(R"({"steps": [{"event": "buy", "where": [{"field": "channel", "value": ")") +
        channel + R"("}]}]})";
    return StepCounts(RunFunnel(store, spec))[0];
  };
  EXPECT_EQ(count("Paid Search"), 1u);
  EXPECT_EQ(count("Organic Search"), 1u);
  EXPECT_EQ(count("Direct"), 1u);
}

TEST(FunnelBreakdown, GroupsByTheCountedChainsStepOneValue) {
  const EventStore store = MakeStore({
      {"a", 0, "view", {{"param.page", std::string("home")}}},
      {"a", 1, "buy"},
      {"b", 0, "view", {{"param.page", std::string("home")}}},
      {"c", 0, "view", {{"param.page", std::string("sale")}}},
      {"c", 1, "buy"},
      {"d", 0, "view"},
  });
  const nlohmann::json result =
      RunFunnel(store, R"({"steps": ["view", "buy"], "window": "1d", "breakdown": "param.page"})");
  const nlohmann::json expected = nlohmann::json::parse(R"json([
      {"value": "home", "counts": [2, 1]},
      {"value": "(not set)", "counts": [1, 0]},
      {"value": "sale", "counts": [1, 1]}])json");
  EXPECT_EQ(result["breakdown"], expected);
}

TEST(FunnelBreakdown, UsesTheEarliestChainReachingTheDepth) {
  // The first view (page "first") never converts within the window; the second does.
  const EventStore store = MakeStore({
      {"a", 0, "view", {{"param.page", std::string("first")}}},
      {"a", 100000, "view", {{"param.page", std::string("second")}}},
      {"a", 100001, "buy"},
  });
  const nlohmann::json result =
      RunFunnel(store, R"({"steps": ["view", "buy"], "window": "1d", "breakdown": "param.page"})");
  EXPECT_EQ(result["breakdown"][0]["value"], "second");
}

TEST(FunnelBreakdown, ByEventNameAndNumbersAsText) {
  const EventStore store = MakeStore({
      {"a", 0, "view", {{"param.n", int64_t{7}}}},
      {"b", 0, "view", {{"param.n", 2.5}}},
  });
  const nlohmann::json result = RunFunnel(store, R"({"steps": ["view"], "breakdown": "param.n"})");
  EXPECT_EQ(result["breakdown"][0]["value"], "2.5");
  EXPECT_EQ(result["breakdown"][1]["value"], "7");
}

TEST(FunnelBreakdown, ValuesOfOtherKindsThatReadTheSameAreOneRow) {
  const EventStore store = MakeStore({
      {"a", 0, "view", {{"param.n", int64_t{1}}}},
      {"b", 0, "view", {{"param.n", std::string("1")}}},
      {"c", 0, "view", {{"param.n", 1.5}}},
  });
  const nlohmann::json result = RunFunnel(store, R"({"steps": ["view"], "breakdown": "param.n"})");
  const nlohmann::json expected = nlohmann::json::parse(R"json([
      {"value": "1", "counts": [2]}, {"value": "1.5", "counts": [1]}])json");
  EXPECT_EQ(result["breakdown"], expected);
}

TEST(FunnelBreakdown, ByAFieldOfTheContextAndOfTheEventsOwn) {
  // device.category shared as the events' context, and on one event its own field, which wins;
  // param.page only ever the events' own.
  const EventStore store = MakeStore({
      {"a", 0, "view", {}, -1, {{"device.category", std::string("mobile")}}},
      {"b", 0, "view", {}, -1, {{"device.category", std::string("desktop")}}},
      {"c", 0, "view", {{"device.category", std::string("tablet")}}, -1,
       {{"device.category", std::string("mobile")}}},
      {"d", 0, "view", {{"param.page", std::string("home")}}},
  });
  auto rows = [&](const std::string& field) {
    std::map<std::string, uint64_t> counts;
    const nlohmann::json result =
        RunFunnel(store, R"({"steps": ["view"], "breakdown": ")" + field + "\"}");
    for (const auto& row : result["breakdown"]) counts[row["value"]] = row["counts"][0];
    return counts;
  };
  EXPECT_EQ(rows("device.category"), (std::map<std::string, uint64_t>{
                                         {"mobile", 1}, {"desktop", 1}, {"tablet", 1},
                                         {"(not set)", 1}}));
  EXPECT_EQ(rows("param.page"),
            (std::map<std::string, uint64_t>{{"home", 1}, {"(not set)", 3}}));
}

}  // namespace
}  // namespace touchpath::testing
