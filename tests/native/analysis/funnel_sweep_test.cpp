// The ordered funnel's fast path (OrderedChainSweep) against the general one
// (FunnelChainFinder): the same counted chain for every unit, the same result for a store.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/analysis/funnel.h"
#include "core/analysis/funnel_chain.h"
#include "core/analysis/funnel_spec.h"
#include "core/analysis/ordered_sweep.h"
#include "tests/native/analysis/store_fixture.h"

namespace touchpath::testing {
namespace {

FunnelSpec SpecWithSteps(int step_count, std::optional<int64_t> window_us) {
  FunnelSpec spec;
  spec.steps.resize(static_cast<size_t>(step_count));
  spec.window_us = window_us;
  return spec;
}

TEST(OrderedChainSweep, ServesOrderedFunnelsWithoutExclusionsConditionsOrSharedNames) {
  const std::vector<uint64_t> one_step_per_name = {0b01, 0b10, 0};
  FunnelSpec spec = SpecWithSteps(2, 60);
  EXPECT_TRUE(OrderedChainSweep::Serves(spec, one_step_per_name));
  EXPECT_FALSE(OrderedChainSweep::Serves(spec, {0b11, 0}));  // one name, two steps

  FunnelSpec strict = spec;
  strict.order = FunnelOrder::kStrict;
  EXPECT_FALSE(OrderedChainSweep::Serves(strict, one_step_per_name));
  FunnelSpec excluding = spec;
  excluding.exclusions.push_back({EventFilterSpec{}, 0, 1});
  EXPECT_FALSE(OrderedChainSweep::Serves(excluding, one_step_per_name));
  FunnelSpec filtered = spec;
  filtered.steps[1].where.push_back(ConditionSpec{});
  EXPECT_FALSE(OrderedChainSweep::Serves(filtered, one_step_per_name));
}

TEST(OrderedChainSweep, CountedChainIsTheEarliestStartReachingTheDepth) {
  // Names 0, 1, 2 are steps 1, 2, 3; the window is 10. The start at 0 reaches step 3 only at
  // 12, too late; the starts at 5 and 6 both reach it, and the one at 5 is counted.
  const FunnelSpec spec = SpecWithSteps(3, 10);
  OrderedChainSweep sweep(spec, {0b001, 0b010, 0b100});
  const std::vector<int64_t> ts = {0, 1, 5, 6, 8, 12};
  const std::vector<EventNameId> event = {0, 1, 0, 0, 1, 2};
  const ChainMatch chain = sweep.Find(ts.data(), event.data(), 6);
  EXPECT_EQ(chain.depth, 3);
  EXPECT_EQ(chain.start_position, 2u);
  EXPECT_EQ(chain.step_ts_us[0], 5);
  EXPECT_EQ(chain.step_ts_us[1], 8);
  EXPECT_EQ(chain.step_ts_us[2], 12);
}

TEST(OrderedChainSweep, UnitWithoutStepOneHasDepthZero) {
  const FunnelSpec spec = SpecWithSteps(2, std::nullopt);
  OrderedChainSweep sweep(spec, {0b01, 0b10, 0});
  const std::vector<int64_t> ts = {0, 1, 2};
  const std::vector<EventNameId> event = {1, 2, 1};
  EXPECT_EQ(sweep.Find(ts.data(), event.data(), 3).depth, 0);
}

TEST(OrderedChainSweep, RepeatedStepOneKeepsTheEarliestStartAtTheSameDepth) {
  const FunnelSpec spec = SpecWithSteps(2, 100);
  OrderedChainSweep sweep(spec, {0b01, 0b10});
  const std::vector<int64_t> ts = {0, 10, 20, 30};
  const std::vector<EventNameId> event = {0, 0, 1, 0};
  const ChainMatch chain = sweep.Find(ts.data(), event.data(), 4);
  EXPECT_EQ(chain.depth, 2);
  EXPECT_EQ(chain.start_position, 0u);
  EXPECT_EQ(chain.step_ts_us[0], 0);
  EXPECT_EQ(chain.step_ts_us[1], 20);
}

// Random units with many ties and short windows, where the counted chain is easy to get wrong:
// the sweep must give FunnelChainFinder's depth, start and step times on every one.
TEST(OrderedChainSweep, AgreesWithTheChainFinderOnRandomUnits) {
  std::mt19937_64 random(7);
  const std::optional<int64_t> windows[] = {0, 1, 3, 8, 20, std::nullopt};
  int deep_units = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const int step_count = 1 + static_cast<int>(random() % 10);
    const FunnelSpec spec = SpecWithSteps(step_count, windows[random() % std::size(windows)]);
    // Names 0..step_count-1 match their step; two more names match nothing, and one more
    // matches a random step too (a step naming several events).
    const uint32_t name_count = static_cast<uint32_t>(step_count) + 3;
    std::vector<uint64_t> steps_by_name(name_count, 0);
    for (int step = 0; step < step_count; ++step) steps_by_name[step] = uint64_t{1} << step;
    steps_by_name[name_count - 1] = uint64_t{1} << (random() % step_count);

    const auto size = static_cast<uint32_t>(random() % 40);
    std::vector<int64_t> ts(size);
    std::vector<EventNameId> event(size);
    std::vector<uint64_t> step_mask(size);
    int64_t now = static_cast<int64_t>(random() % 5) - 2;
    for (uint32_t i = 0; i < size; ++i) {
      now += static_cast<int64_t>(random() % 4);
      ts[i] = now;
      event[i] = static_cast<uint32_t>(random() % name_count);
      step_mask[i] = steps_by_name[event[i]];
    }
    const std::vector<uint8_t> no_exclusions(size, 0);

    FunnelChainFinder finder(spec);
    OrderedChainSweep sweep(spec, steps_by_name);
    const bool enters = std::any_of(step_mask.begin(), step_mask.end(),
                                    [](uint64_t mask) { return (mask & 1u) != 0; });
    const ChainMatch expected =
        enters ? finder.Find({ts.data(), step_mask.data(), no_exclusions.data(), size})
               : ChainMatch();
    const ChainMatch actual = sweep.Find(ts.data(), event.data(), size);
    ASSERT_EQ(actual.depth, expected.depth) << "trial " << trial;
    if (expected.depth == 0) continue;
    deep_units += expected.depth > 2;
    ASSERT_EQ(actual.start_position, expected.start_position) << "trial " << trial;
    for (int step = 0; step < expected.depth; ++step) {
      ASSERT_EQ(actual.step_ts_us[step], expected.step_ts_us[step])
          << "trial " << trial << " step " << step;
    }
  }
  EXPECT_GT(deep_units, 1000);  // the trials do exercise long chains
}

// AnalyzeFunnel takes the sweep for a plain ordered user funnel; an exclusion that never
// matches changes nothing but sends it down the general path. Both results must be equal.
TEST(OrderedChainSweep, AnalyzeFunnelGivesTheGeneralPathsResult) {
  std::mt19937_64 random(11);
  const char* names[] = {"view", "cart", "checkout", "buy", "scroll"};
  const char* pages[] = {"home", "shop", "blog"};
  std::vector<TestEvent> events;
  for (int user = 0; user < 300; ++user) {
    int64_t seconds = static_cast<int64_t>(random() % 1000);
    const int count = static_cast<int>(random() % 30);
    for (int i = 0; i < count; ++i) {
      seconds += static_cast<int64_t>(random() % 900);
      events.push_back({"u" + std::to_string(user),
                        seconds,
                        names[random() % 5],
                        {{"param.page", std::string(pages[random() % 3])}}});
    }
  }
  const EventStore store = MakeStore(events);
  for (const std::string window : {"10m", "1h", "none"}) {
    const std::string steps =
        R"("steps": ["view", {"event": ["cart", "checkout"]}, "buy"], "breakdown": "param.page",)"
        R"( "window": ")" +
        window + R"(")";
    const nlohmann::json fast = RunFunnel(store, "{" + steps + "}");
    const nlohmann::json general = RunFunnel(
        store,
        "{" + steps + R"(, "exclusions": [{"event": "never", "from_step": 1, "to_step": 2}]})");
    EXPECT_EQ(fast, general) << "window " << window;
    EXPECT_GT(fast["steps"][2]["count"].get<uint64_t>(), 0u);
  }
}

}  // namespace
}  // namespace touchpath::testing
