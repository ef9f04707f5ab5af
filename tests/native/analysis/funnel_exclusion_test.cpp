// Exclusions: a chain cannot go past step `from` to step `to` when an exclusion event lies
// strictly between its step-from and step-to events.
#include <gtest/gtest.h>

#include "tests/native/analysis/store_fixture.h"

namespace touchpath::testing {
namespace {

using Counts = std::vector<uint64_t>;

const char* kRefundBetweenCartAndBuy = R"({
  "steps": ["view", "cart", "buy"], "window": "1d",
  "exclusions": [{"event": "refund", "from_step": 2, "to_step": 3}]})";

TEST(FunnelExclusion, EventBetweenTheStepsBlocksTheChain) {
  const EventStore store =
      MakeStore({{"a", 0, "view"}, {"a", 1, "cart"}, {"a", 2, "refund"}, {"a", 3, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(store, kRefundBetweenCartAndBuy)), (Counts{1, 1, 0}));
}

TEST(FunnelExclusion, EventOutsideTheStepsDoesNotBlock) {
  const EventStore store =
      MakeStore({{"a", 0, "refund"}, {"a", 1, "view"}, {"a", 2, "cart"}, {"a", 3, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(store, kRefundBetweenCartAndBuy)), (Counts{1, 1, 1}));
  const EventStore between_view_and_cart =
      MakeStore({{"a", 0, "view"}, {"a", 1, "refund"}, {"a", 2, "cart"}, {"a", 3, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(between_view_and_cart, kRefundBetweenCartAndBuy)),
            (Counts{1, 1, 1}));
}

TEST(FunnelExclusion, ALaterStepFromEventAfterTheExclusionStillConverts) {
  // The earliest cart is spoiled by the refund; the second cart is not.
  const EventStore store = MakeStore(
      {{"a", 0, "view"}, {"a", 1, "cart"}, {"a", 2, "refund"}, {"a", 3, "cart"}, {"a", 4, "buy"}});
  const nlohmann::json result = RunFunnel(store, kRefundBetweenCartAndBuy);
  EXPECT_EQ(StepCounts(result), (Counts{1, 1, 1}));
  EXPECT_EQ(result["time_to_convert"]["median_seconds"], 4.0);
}

TEST(FunnelExclusion, DefaultsToTheWholeFunnel) {
  // From step 1 to the last step: the chain may still reach cart, never buy.
  const char* spec = R"({"steps": ["view", "cart", "buy"], "window": "1d",
                         "exclusions": [{"event": "refund"}]})";
  const EventStore store =
      MakeStore({{"a", 0, "view"}, {"a", 1, "refund"}, {"a", 2, "cart"}, {"a", 3, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(store, spec)), (Counts{1, 1, 0}));
}

TEST(FunnelExclusion, ExclusionFilterConditionsApply) {
  const char* spec = R"({"steps": ["view", "buy"], "window": "1d",
    "exclusions": [{"event": "refund", "where": [{"field": "param.full", "op": "eq", "value": "yes"}],
                    "from_step": 1, "to_step": 2}]})";
  const EventStore partial = MakeStore(
      {{"a", 0, "view"}, {"a", 1, "refund", {{"param.full", std::string("no")}}}, {"a", 2, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(partial, spec)), (Counts{1, 1}));
  const EventStore full = MakeStore({{"a", 0, "view"},
                                     {"a", 1, "refund", {{"param.full", std::string("yes")}}},
                                     {"a", 2, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(full, spec)), (Counts{1, 0}));
}

TEST(FunnelExclusion, ALongUnitWithExclusionsStaysLinear) {
  // 40,000 starts, no window limit, an exclusion after every cart: the depth pass finds that
  // the unit reaches step 2 only, so the counted chain is found at the first start instead of
  // every start scanning the rest of the unit.
  std::vector<TestEvent> events;
  for (int i = 0; i < 40000; ++i) {
    events.push_back({"bot", 3 * i, "view"});
    events.push_back({"bot", 3 * i + 1, "cart"});
    events.push_back({"bot", 3 * i + 2, "refund"});
  }
  const char* spec = R"({"steps": ["view", "cart", "buy"], "window": "none",
                         "exclusions": [{"event": "refund", "from_step": 2, "to_step": 3}]})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore(events), spec)), (Counts{1, 1, 0}));
}

TEST(FunnelExclusion, DepthPassAgreesWhenOnlyALateStartConverts) {
  // Early starts are spoiled by refunds between cart and buy; the last one is clean.
  std::vector<TestEvent> events;
  for (int i = 0; i < 50; ++i) {
    events.push_back({"a", 10 * i, "view"});
    events.push_back({"a", 10 * i + 1, "cart"});
    events.push_back({"a", 10 * i + 2, "refund"});
  }
  events.push_back({"a", 1000, "view"});
  events.push_back({"a", 1001, "cart"});
  events.push_back({"a", 1005, "buy"});
  const char* spec = R"({"steps": ["view", "cart", "buy"], "window": "none",
                         "exclusions": [{"event": "refund", "from_step": 2, "to_step": 3}]})";
  const nlohmann::json result = RunFunnel(MakeStore(events), spec);
  EXPECT_EQ(StepCounts(result), (Counts{1, 1, 1}));
  // The counted chain starts at the very first view: its cart is taken at 1001, after the last
  // refund, so nothing lies between its cart and its buy at 1005.
  EXPECT_EQ(result["time_to_convert"]["median_seconds"], 1005.0);
}

}  // namespace
}  // namespace touchpath::testing
