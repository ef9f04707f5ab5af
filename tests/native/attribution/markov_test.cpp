#include "core/attribution/models/markov.h"

#include <gtest/gtest.h>

#include "tests/native/attribution/attribution_fixtures.h"

namespace touchpath {
namespace {

using testing::Conversions;
using testing::MakePaths;

double Effect(const PathTable& table, const MarkovResult& result, std::string_view channel) {
  return result.removal_effects.at(testing::ChannelOf(table, channel));
}

// The published example (ChannelAttribution / Anderl et al.).
PathTable PublishedExample() {
  return MakePaths({{"C1 > C2 > C3", 1, 0, 0}, {"C1", 0, 0, 1}, {"C2 > C3", 0, 0, 1}});
}

TEST(MarkovModel, PublishedExampleConversionProbability) {
  EXPECT_NEAR(MarkovModel(PublishedExample(), 1).conversion_probability, 1.0 / 3, 1e-15);
}

TEST(MarkovModel, PublishedExampleRemovalEffects) {
  const PathTable table = PublishedExample();
  const MarkovResult result = MarkovModel(table, 1);
  EXPECT_NEAR(Effect(table, result, "C1"), 0.5, 1e-15);
  EXPECT_NEAR(Effect(table, result, "C2"), 1.0, 1e-15);
  EXPECT_NEAR(Effect(table, result, "C3"), 1.0, 1e-15);
}

TEST(MarkovModel, PublishedExampleCredit) {
  const PathTable table = PublishedExample();
  const MarkovResult result = MarkovModel(table, 1);
  EXPECT_NEAR(Conversions(table, result.credit, "C1"), 0.2, 1e-15);
  EXPECT_NEAR(Conversions(table, result.credit, "C2"), 0.4, 1e-15);
  EXPECT_NEAR(Conversions(table, result.credit, "C3"), 0.4, 1e-15);
}

TEST(MarkovModel, RepeatsCollapseAtOrderOne) {
  // A>B>A>B>B>A, A>B>B>A>A and A>A become A>B>A>B>A, A>B>A and A: P(A -> conversion) = 1/2,
  // so removing B halves the conversions (effect 1/2) and removing A loses all (effect 1).
  const PathTable table = MakePaths(
      {{"A > B > A > B > B > A", 1, 3, 0}, {"A > B > B > A > A", 1, 3, 0}, {"A > A", 1, 3, 0}});
  const MarkovResult result = MarkovModel(table, 1);
  EXPECT_NEAR(Conversions(table, result.credit, "A"), 2, 1e-12);
  EXPECT_NEAR(Conversions(table, result.credit, "B"), 1, 1e-12);
  EXPECT_NEAR(testing::Value(table, result.credit, "A"), 6, 1e-12);
}

TEST(MarkovModel, TransitionsAreRowNormalisedCounts) {
  const PathTable table = PublishedExample();
  const MarkovResult result = MarkovModel(table, 1);
  double start_to_c1 = -1, c1_to_null = -1;
  for (const MarkovTransition& transition : result.transitions) {
    const std::string& from = result.state_labels[transition.from];
    const std::string& to = result.state_labels[transition.to];
    if (from == "(start)" && to == "C1") start_to_c1 = transition.probability;
    if (from == "C1" && to == "(null)") c1_to_null = transition.probability;
  }
  EXPECT_DOUBLE_EQ(start_to_c1, 2.0 / 3);
  EXPECT_DOUBLE_EQ(c1_to_null, 0.5);
}

TEST(MarkovModel, OrderTwoUsesPairStates) {
  // States AB -> BC -> (conversion) and AB -> BD -> (null): removing D changes nothing.
  const PathTable table = MakePaths({{"A > B > C", 1, 0, 0}, {"A > B > D", 0, 0, 1}});
  const MarkovResult result = MarkovModel(table, 2);
  EXPECT_NEAR(result.conversion_probability, 0.5, 1e-15);
  EXPECT_NEAR(Effect(table, result, "A"), 1, 1e-15);
  EXPECT_NEAR(Effect(table, result, "C"), 1, 1e-15);
  EXPECT_NEAR(Effect(table, result, "D"), 0, 1e-15);
  EXPECT_NEAR(Conversions(table, result.credit, "B"), 1.0 / 3, 1e-15);
  // (start), A > B, B > C, B > D, (conversion), (null)
  EXPECT_EQ(result.state_labels.size(), 6u);
}

TEST(MarkovModel, OrderTwoPathShorterThanOrderIsOneState) {
  const PathTable table = MakePaths({{"A", 1, 0, 0}, {"A > B", 0, 0, 1}});
  const MarkovResult result = MarkovModel(table, 2);
  EXPECT_NEAR(result.conversion_probability, 0.5, 1e-15);
  EXPECT_NEAR(Effect(table, result, "A"), 1, 1e-15);
  EXPECT_NEAR(Effect(table, result, "B"), 0, 1e-15);
}

// Value iteration on the same chain, to check the LU-based removal formula on a chain with
// cycles: x <- Q x + r with the removed channel's state leading to (null).
double IteratedConversionProbability(const PathTable& table, uint32_t removed) {
  const size_t n = table.channel_count();
  std::vector<double> weight((n + 1) * (n + 2), 0.0);  // from start/state, to state/conv/null
  for (size_t row = 0; row < table.row_count(); ++row) {
    size_t from = 0;
    uint32_t previous = kNoId;
    for (const uint32_t* touch = table.path_begin(row); touch != table.path_end(row); ++touch) {
      if (*touch == previous) continue;
      weight[from * (n + 2) + *touch] += table.conversions[row] + table.nulls[row];
      from = 1 + *touch;
      previous = *touch;
    }
    weight[from * (n + 2) + n] += table.conversions[row];
    weight[from * (n + 2) + n + 1] += table.nulls[row];
  }
  std::vector<double> x(n, 0.0);
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::vector<double> next(n, 0.0);
    for (size_t s = 0; s < n; ++s) {
      if (s == removed) continue;
      double out = 0, sum = 0;
      for (size_t to = 0; to < n + 2; ++to) out += weight[(1 + s) * (n + 2) + to];
      for (size_t to = 0; to < n; ++to) sum += weight[(1 + s) * (n + 2) + to] * x[to];
      next[s] = (sum + weight[(1 + s) * (n + 2) + n]) / out;
    }
    x = next;
  }
  double out = 0, p = 0;
  for (size_t to = 0; to < n; ++to) out += weight[to];
  for (size_t to = 0; to < n; ++to) p += weight[to] * x[to];
  return p / out;
}

TEST(MarkovModel, RemovalEffectsMatchValueIterationOnCyclicChain) {
  const PathTable table = MakePaths({{"A > B > C > A", 3, 0, 2},
                                     {"B > A > B", 1, 0, 4},
                                     {"C > B > C > A > D", 2, 0, 1},
                                     {"D > C", 0, 0, 3},
                                     {"A > D > B", 1, 0, 0}});
  const MarkovResult result = MarkovModel(table, 1);
  const double p = IteratedConversionProbability(table, kNoId);
  EXPECT_NEAR(result.conversion_probability, p, 1e-12);
  for (uint32_t channel = 0; channel < table.channel_count(); ++channel) {
    const double expected = 1 - IteratedConversionProbability(table, channel) / p;
    EXPECT_NEAR(result.removal_effects[channel], expected, 1e-12) << table.channels[channel];
  }
}

TEST(MarkovModel, CreditSumsToTotals) {
  const PathTable table =
      MakePaths({{"A > B > C > A", 3, 30.5, 2}, {"B > A > B", 1, 7.25, 4}, {"C > D", 2, 1, 1}});
  const MarkovResult result = MarkovModel(table, 1);
  EXPECT_NEAR(testing::Sum(result.credit.conversions), 6, 6e-9);
  EXPECT_NEAR(testing::Sum(result.credit.value), 38.75, 38.75e-9);
}

TEST(MarkovModel, NoConversionsGivesZeroCredit) {
  const PathTable table = MakePaths({{"A > B", 0, 0, 2}});
  const MarkovResult result = MarkovModel(table, 1);
  EXPECT_TRUE(result.credit.available());
  EXPECT_DOUBLE_EQ(testing::Sum(result.credit.conversions), 0);
}

TEST(MarkovModel, TooManyStatesIsUnavailable) {
  PathTable table;
  PathTableBuilder builder(&table);
  for (int row = 0; row < 1600; ++row) {
    builder.AddTouch(builder.ChannelId("c" + std::to_string(row % 60)));
    builder.AddTouch(builder.ChannelId("c" + std::to_string(row / 60)));
    builder.AddTouch(builder.ChannelId("c" + std::to_string((row * 7) % 60)));
    builder.EndRow(1, 0, 0);
  }
  const MarkovResult result = MarkovModel(table, 3);
  EXPECT_FALSE(result.credit.available());
  EXPECT_NE(result.credit.unavailable.find("markov_order"), std::string::npos);
}

}  // namespace
}  // namespace touchpath
