// Ordered funnels (DESIGN.md "Funnel semantics"): steps in order, other events allowed
// between, a window measured from the chain's step-1 event, inclusive.
#include <gtest/gtest.h>

#include "tests/native/analysis/store_fixture.h"

namespace touchpath::testing {
namespace {

using Counts = std::vector<uint64_t>;
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;

const char* kThreeSteps =
    R"({"steps": [{"event": "view"}, {"event": "cart"}, {"event": "buy"}], "window": "1d"})";

TEST(OrderedFunnel, CountsUsersReachingEachStep) {
  const EventStore store = MakeStore({
      {"a", 0, "view"},
      {"a", 10, "cart"},
      {"a", 20, "buy"},
      {"b", 0, "view"},
      {"b", 10, "cart"},
      {"c", 0, "view"},
      {"d", 0, "cart"},
      {"d", 10, "buy"},  // never entered the funnel
  });
  EXPECT_EQ(StepCounts(RunFunnel(store, kThreeSteps)), (Counts{3, 2, 1}));
}

TEST(OrderedFunnel, OtherEventsBetweenStepsAreAllowed) {
  const EventStore store = MakeStore({
      {"a", 0, "view"},
      {"a", 5, "scroll"},
      {"a", 10, "cart"},
      {"a", 15, "view"},
      {"a", 20, "buy"},
  });
  EXPECT_EQ(StepCounts(RunFunnel(store, kThreeSteps)), (Counts{1, 1, 1}));
}

TEST(OrderedFunnel, StepsOutOfOrderDoNotCount) {
  const EventStore store = MakeStore({{"a", 0, "cart"}, {"a", 10, "view"}, {"a", 20, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(store, kThreeSteps)), (Counts{1, 0, 0}));
}

TEST(OrderedFunnel, RepeatedStepNeedsDistinctEvents) {
  const char* twice = R"({"steps": [{"event": "view"}, {"event": "view"}], "window": "1d"})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}}), twice)), (Counts{1, 0}));
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", 0, "view"}}), twice)),
            (Counts{1, 1}));
}

TEST(OrderedFunnel, EqualTimestampsKeepFileOrder) {
  const char* spec = R"({"steps": [{"event": "view"}, {"event": "cart"}], "window": "1d"})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 7, "view"}, {"a", 7, "cart"}}), spec)),
            (Counts{1, 1}));
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 7, "cart"}, {"a", 7, "view"}}), spec)),
            (Counts{1, 0}));
}

TEST(OrderedFunnel, InputOrderDoesNotMatterAcrossTimestamps) {
  // Events arrive out of time order; the store sorts them.
  const EventStore store = MakeStore({{"a", 20, "buy"}, {"a", 0, "view"}, {"a", 10, "cart"}});
  EXPECT_EQ(StepCounts(RunFunnel(store, kThreeSteps)), (Counts{1, 1, 1}));
}

TEST(OrderedFunnel, WindowIsInclusive) {
  const char* spec = R"({"steps": [{"event": "view"}, {"event": "buy"}], "window": "1h"})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", kHour, "buy"}}), spec)),
            (Counts{1, 1}));
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", kHour + 1, "buy"}}), spec)),
            (Counts{1, 0}));
}

TEST(OrderedFunnel, WindowIsMeasuredFromStepOne) {
  const char* spec =
      R"({"steps": [{"event": "view"}, {"event": "cart"}, {"event": "buy"}], "window": "1h"})";
  const EventStore store =
      MakeStore({{"a", 0, "view"}, {"a", 50 * 60, "cart"}, {"a", 70 * 60, "buy"}});
  EXPECT_EQ(StepCounts(RunFunnel(store, spec)), (Counts{1, 1, 0}));
}

TEST(OrderedFunnel, ALaterStartCanStillComplete) {
  const char* spec = R"({"steps": [{"event": "view"}, {"event": "buy"}], "window": "1d"})";
  const EventStore store =
      MakeStore({{"a", 0, "view"}, {"a", 10 * kDay, "view"}, {"a", 10 * kDay + kHour, "buy"}});
  const nlohmann::json result = RunFunnel(store, spec);
  EXPECT_EQ(StepCounts(result), (Counts{1, 1}));
  EXPECT_EQ(result["time_to_convert"]["median_seconds"], 3600.0);
}

TEST(OrderedFunnel, WindowNoneHasNoLimit) {
  const char* spec = R"({"steps": [{"event": "view"}, {"event": "buy"}], "window": "none"})";
  const EventStore store = MakeStore({{"a", 0, "view"}, {"a", 400 * kDay, "buy"}});
  const nlohmann::json result = RunFunnel(store, spec);
  EXPECT_EQ(StepCounts(result), (Counts{1, 1}));
  EXPECT_TRUE(result["window_seconds"].is_null());
}

TEST(OrderedFunnel, DefaultWindowIsThirtyDays) {
  const char* spec = R"({"steps": [{"event": "view"}, {"event": "buy"}]})";
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", 30 * kDay, "buy"}}), spec)),
            (Counts{1, 1}));
  EXPECT_EQ(StepCounts(RunFunnel(MakeStore({{"a", 0, "view"}, {"a", 30 * kDay + 1, "buy"}}), spec)),
            (Counts{1, 0}));
}

TEST(OrderedFunnel, DepthIsTheDeepestStepOverAllChains) {
  // The first start reaches step 2 only; the second start reaches step 3.
  const char* spec =
      R"({"steps": [{"event": "view"}, {"event": "cart"}, {"event": "buy"}], "window": "1h"})";
  const EventStore store = MakeStore({{"a", 0, "view"},
                                      {"a", 10, "cart"},
                                      {"a", 2 * kHour, "view"},
                                      {"a", 2 * kHour + 10, "cart"},
                                      {"a", 2 * kHour + 20, "buy"}});
  const nlohmann::json result = RunFunnel(store, spec);
  EXPECT_EQ(StepCounts(result), (Counts{1, 1, 1}));
  EXPECT_EQ(result["time_to_convert"]["median_seconds"], 20.0);
}

TEST(OrderedFunnel, ConversionRatesAndDropoff) {
  const EventStore store = MakeStore({
      {"a", 0, "view"},
      {"a", 1, "cart"},
      {"a", 2, "buy"},
      {"b", 0, "view"},
      {"b", 1, "cart"},
      {"c", 0, "view"},
      {"d", 0, "view"},
  });
  const nlohmann::json steps = RunFunnel(store, kThreeSteps)["steps"];
  EXPECT_EQ(steps[0]["conversion_from_start"], 1.0);
  EXPECT_EQ(steps[0]["dropoff"], 0);
  EXPECT_EQ(steps[1]["conversion_from_start"], 0.5);
  EXPECT_EQ(steps[1]["conversion_from_previous"], 0.5);
  EXPECT_EQ(steps[1]["dropoff"], 2);
  EXPECT_EQ(steps[1]["dropoff_rate"], 0.5);
  EXPECT_EQ(steps[2]["conversion_from_start"], 0.25);
  EXPECT_EQ(steps[2]["conversion_from_previous"], 0.5);
  EXPECT_EQ(steps[2]["dropoff"], 1);
  EXPECT_EQ(steps[2]["label"], "buy");
}

TEST(OrderedFunnel, NobodyEnteringGivesZeroRatesNotNaN) {
  const nlohmann::json steps = RunFunnel(MakeStore({{"a", 0, "other"}}), kThreeSteps)["steps"];
  EXPECT_EQ(steps[0]["count"], 0);
  EXPECT_EQ(steps[1]["conversion_from_start"], 0.0);
  EXPECT_EQ(steps[1]["conversion_from_previous"], 0.0);
  EXPECT_TRUE(steps[1]["median_seconds_from_previous"].is_null());
}

TEST(OrderedFunnel, StepMayNameSeveralEvents) {
  const char* spec =
      R"({"steps": [{"event": ["view", "search"]}, {"event": "buy"}], "window": "1d"})";
  const EventStore store = MakeStore({{"a", 0, "search"}, {"a", 5, "buy"}, {"b", 0, "view"}});
  const nlohmann::json result = RunFunnel(store, spec);
  EXPECT_EQ(StepCounts(result), (Counts{2, 1}));
  EXPECT_EQ(result["steps"][0]["label"], "view | search");
}

TEST(OrderedFunnel, SixtyFourStepsAreSupported) {
  std::vector<TestEvent> events;
  nlohmann::json steps = nlohmann::json::array();
  for (int step = 0; step < 64; ++step) {
    events.push_back({"a", step, "e" + std::to_string(step)});
    steps.push_back({{"event", "e" + std::to_string(step)}});
  }
  const nlohmann::json spec = {{"steps", steps}, {"window", "none"}};
  const Counts counts = StepCounts(RunFunnel(MakeStore(events), spec.dump()));
  EXPECT_EQ(counts, Counts(64, 1));
}

TEST(OrderedFunnel, ResultsAreDeterministic) {
  const EventStore store = MakeStore({
      {"a", 0, "view"},
      {"a", 10, "cart"},
      {"b", 0, "view"},
      {"b", 3, "cart"},
      {"b", 9, "buy"},
  });
  EXPECT_EQ(RunFunnel(store, kThreeSteps).dump(), RunFunnel(store, kThreeSteps).dump());
}

}  // namespace
}  // namespace touchpath::testing
