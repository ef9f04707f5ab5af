// Strict and any-order funnels, and counting sessions instead of users.
#include <gtest/gtest.h>

#include "tests/native/analysis/store_fixture.h"

namespace touchpath::testing {
namespace {

using Counts = std::vector<uint64_t>;

TEST(StrictFunnel, ConsecutiveStepsConvert) {
  const char* spec = R"({"steps": ["view", "cart", "buy"], "order": "strict", "window": "1d"})";
  const EventStore store = MakeStore({{"a", 0, "view"}, {"a", 1, "cart"}, {"a", 2, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(store, spec)), (Counts{1, 1, 1}));
}

TEST(StrictFunnel, AnyOtherEventBetweenStepsBreaksTheChain) {
  const char* spec = R"({"steps": ["view", "cart", "buy"], "order": "strict", "window": "1d"})";
  const EventStore store =
      MakeStore({{"a", 0, "view"}, {"a", 1, "cart"}, {"a", 2, "scroll"}, {"a", 3, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(store, spec)), (Counts{1, 1, 0}));
}

TEST(StrictFunnel, ALaterConsecutiveRunCounts) {
  const char* spec = R"({"steps": ["view", "cart"], "order": "strict", "window": "1d"})";
  const EventStore store =
      MakeStore({{"a", 0, "view"}, {"a", 1, "scroll"}, {"a", 2, "view"}, {"a", 3, "cart"}});
  const nlohmann::json result = RunFunnel(store, spec);
  EXPECT_EQ(StepCounts(result), (Counts{1, 1}));
  EXPECT_EQ(result["steps"][1]["median_seconds_from_previous"], 1.0);
}

TEST(StrictFunnel, WindowStillApplies) {
  const char* spec = R"({"steps": ["view", "cart"], "order": "strict", "window": "10s"})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", 11, "cart"}}), spec)),
            (Counts{1, 0}));
}

TEST(AnyOrderFunnel, StepsMayHappenInAnyOrder) {
  const char* spec = R"({"steps": ["view", "cart", "buy"], "order": "any", "window": "1d"})";
  const EventStore store = MakeStore({{"a", 0, "buy"}, {"a", 1, "view"}, {"a", 2, "cart"}});
  EXPECT_EQ(StepCounts(RunFunnel(store, spec)), (Counts{1, 1, 1}));
}

TEST(AnyOrderFunnel, DepthIsTheLongestPrefixOfStepsDone) {
  // cart and buy without view: step 1 never happened, so the user is not in the funnel.
  const char* spec = R"({"steps": ["view", "cart", "buy"], "order": "any", "window": "1d"})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "buy"}, {"a", 1, "cart"}}), spec)),
            (Counts{0, 0, 0}));
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "buy"}, {"a", 1, "view"}}), spec)),
            (Counts{1, 0, 0}));
}

TEST(AnyOrderFunnel, EachStepNeedsADistinctEvent) {
  const char* spec = R"({"steps": ["view", "view"], "order": "any", "window": "1d"})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}}), spec)), (Counts{1, 0}));
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", 5, "view"}}), spec)),
            (Counts{1, 1}));
}

TEST(AnyOrderFunnel, OverlappingStepsAreMatchedToDistinctEvents) {
  // Step 1 accepts view or cart, step 2 only view: one view and one cart satisfy both.
  const char* spec =
      R"({"steps": [{"event": ["view", "cart"]}, {"event": "view"}], "order": "any", "window": "1d"})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", 1, "cart"}}), spec)),
            (Counts{1, 1}));
}

TEST(AnyOrderFunnel, AllStepsMustFitInOneWindow) {
  const char* spec = R"({"steps": ["view", "buy"], "order": "any", "window": "1h"})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "buy"}, {"a", 3601, "view"}}), spec)),
            (Counts{1, 0}));
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "buy"}, {"a", 3600, "view"}}), spec)),
            (Counts{1, 1}));
}

TEST(AnyOrderFunnel, ALongUnitIsMatchedInOneSlidingPass) {
  // 60,000 events of one user, the last step only at the very end: every anchor's window
  // spans the rest of the unit, which a per-anchor rescan would make quadratic.
  std::vector<TestEvent> events;
  for (int i = 0; i < 60000; ++i) events.push_back({"bot", i, i % 2 == 0 ? "view" : "cart"});
  events.push_back({"bot", 60000, "buy"});
  const char* spec = R"({"steps": ["view", "cart", "buy"], "order": "any", "window": "none"})";
  const nlohmann::json result = RunFunnel(MakeStore(events), spec);
  EXPECT_EQ(StepCounts(result), (Counts{1, 1, 1}));
  EXPECT_EQ(result["time_to_convert"]["median_seconds"], 60000.0);
}

TEST(SessionFunnel, CountsSessionsNotUsers) {
  const char* spec = R"({"steps": ["view", "buy"], "count": "sessions", "window": "1d"})";
  const EventStore store = MakeStore({
      {"a", 0, "view", {}, 1},
      {"a", 10, "buy", {}, 1},
      {"a", 5000, "view", {}, 2},
      {"b", 0, "view", {}, 1},
  });
  const nlohmann::json result = RunFunnel(store, spec);
  EXPECT_EQ(StepCounts(result), (Counts{3, 1}));
  EXPECT_EQ(result["units"], 3);
  EXPECT_EQ(result["count"], "sessions");
}

TEST(SessionFunnel, WindowNeverCrossesASession) {
  const char* users = R"({"steps": ["view", "buy"], "window": "1d"})";
  const char* sessions = R"({"steps": ["view", "buy"], "count": "sessions", "window": "1d"})";
  const EventStore store = MakeStore({{"a", 0, "view", {}, 1}, {"a", 100, "buy", {}, 2}});
  EXPECT_EQ(StepCounts(RunFunnel(store, users)), (Counts{1, 1}));
  EXPECT_EQ(StepCounts(RunFunnel(store, sessions)), (Counts{1, 0}));
}

TEST(SessionFunnel, InterleavedSessionsKeepTheirOwnEvents) {
  // Two sessions of one user overlap in time (two devices): each is its own unit.
  const char* spec = R"({"steps": ["view", "cart", "buy"], "count": "sessions", "window": "1d"})";
  const EventStore store = MakeStore({
      {"a", 0, "view", {}, 1},
      {"a", 1, "view", {}, 2},
      {"a", 2, "cart", {}, 2},
      {"a", 3, "cart", {}, 1},
      {"a", 4, "buy", {}, 2},
  });
  EXPECT_EQ(StepCounts(RunFunnel(store, spec)), (Counts{2, 2, 1}));
}

TEST(SessionFunnel, SessionsWithoutIdSplitAfterThirtyIdleMinutes) {
  const char* spec = R"({"steps": ["view", "buy"], "count": "sessions", "window": "1d"})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", 1800, "buy"}}), spec)),
            (Counts{1, 1}));
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", 1801, "buy"}}), spec)),
            (Counts{1, 0}));
}

}  // namespace
}  // namespace touchpath::testing
