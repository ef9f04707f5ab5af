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

}  // namespace
}  // namespace touchpath::testing
