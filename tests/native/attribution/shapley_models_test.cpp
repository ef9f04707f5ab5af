#include "core/attribution/models/shapley_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "tests/native/attribution/attribution_fixtures.h"

namespace touchpath {
namespace {

using testing::Conversions;
using testing::MakePaths;

TEST(ShapleyModel, PublishedExampleSplitsOverDistinctChannels) {
  // A>B>A>B>B>A, A>B>B>A>A, A>A: 1/2 + 1/2 + 1 for A, 1/2 + 1/2 for B.
  const PathTable table = MakePaths(
      {{"A > B > A > B > B > A", 1, 0, 0}, {"A > B > B > A > A", 1, 0, 0}, {"A > A", 1, 0, 0}});
  const ModelCredit credit = ShapleyModel(table);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 2);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "B"), 1);
}

TEST(ShapleyModel, ValueFollowsTheSameSplit) {
  const PathTable table = MakePaths({{"A > B > C > A", 3, 12, 0}, {"C", 0, 0, 5}});
  const ModelCredit credit = ShapleyModel(table);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 1);
  EXPECT_DOUBLE_EQ(testing::Value(table, credit, "C"), 4);
}

// rate({A}) = 1/2, rate({A,B}) = 1/4, rate({B}) = 0: phi_A = 1/2 + 1/8, phi_B = 1/8, so the two
// conversions split 5/3 : 1/3.
PathTable RateExample() {
  return MakePaths({{"A", 1, 3, 1}, {"A > B", 1, 9, 3}, {"B > B", 0, 0, 2}});
}

TEST(ShapleyRateModel, HandCheckedExample) {
  const PathTable table = RateExample();
  const ModelCredit credit = ShapleyRateModel(table);
  ASSERT_TRUE(credit.available());
  EXPECT_NEAR(Conversions(table, credit, "A"), 5.0 / 3, 1e-15);
  EXPECT_NEAR(Conversions(table, credit, "B"), 1.0 / 3, 1e-15);
  EXPECT_NEAR(testing::Value(table, credit, "A"), 10, 1e-13);
}

// Shapley values by definition: sum over coalitions S without c of
// |S|! (n - |S| - 1)! / n! * (v(S + c) - v(S)), with v(S) = sum of rate(T) for observed T in S.
std::vector<double> BruteForceShapley(const PathTable& table) {
  const size_t n = table.channel_count();
  std::map<uint32_t, std::pair<double, double>> counts;  // set -> (conversions, journeys)
  for (size_t row = 0; row < table.row_count(); ++row) {
    uint32_t set = 0;
    for (const uint32_t* touch = table.path_begin(row); touch != table.path_end(row); ++touch) {
      set |= 1u << *touch;
    }
    counts[set].first += table.conversions[row];
    counts[set].second += table.conversions[row] + table.nulls[row];
  }
  auto worth = [&](uint32_t coalition) {
    double v = 0;
    for (const auto& [set, numbers] : counts) {
      if ((set & ~coalition) == 0 && numbers.second > 0) v += numbers.first / numbers.second;
    }
    return v;
  };
  std::vector<double> phi(n, 0.0);
  for (size_t c = 0; c < n; ++c) {
    for (uint32_t coalition = 0; coalition < (1u << n); ++coalition) {
      if (coalition >> c & 1u) continue;
      const int size = __builtin_popcount(coalition);
      const double weight = std::tgamma(size + 1) * std::tgamma(n - size) / std::tgamma(n + 1);
      phi[c] += weight * (worth(coalition | 1u << c) - worth(coalition));
    }
  }
  return phi;
}

TEST(ShapleyRateModel, MatchesCoalitionEnumeration) {
  const PathTable table = MakePaths({{"A > B > C", 2, 0, 3},
                                     {"A", 1, 0, 1},
                                     {"B > D", 1, 0, 6},
                                     {"C > A > D", 3, 0, 0},
                                     {"D", 0, 0, 4}});
  const ModelCredit credit = ShapleyRateModel(table);
  const std::vector<double> phi = BruteForceShapley(table);
  const double phi_sum = testing::Sum(phi);
  for (uint32_t channel = 0; channel < table.channel_count(); ++channel) {
    EXPECT_NEAR(credit.conversions[channel], 7 * phi[channel] / phi_sum, 1e-12);
  }
}

TEST(ShapleyRateModel, RefusesAboveTwentyChannels) {
  PathTable table;
  PathTableBuilder builder(&table);
  for (int channel = 0; channel < 21; ++channel) {
    builder.AddTouch(builder.ChannelId("c" + std::to_string(channel)));
    builder.EndRow(1, 0, 0);
  }
  const ModelCredit credit = ShapleyRateModel(table);
  EXPECT_FALSE(credit.available());
  EXPECT_NE(credit.unavailable.find("21"), std::string::npos);
  EXPECT_NE(credit.unavailable.find("'shapley'"), std::string::npos);
}

TEST(ShapleyRateModel, SumsToTotals) {
  const ModelCredit credit = ShapleyRateModel(RateExample());
  EXPECT_NEAR(testing::Sum(credit.conversions), 2, 2e-9);
  EXPECT_NEAR(testing::Sum(credit.value), 12, 12e-9);
}

}  // namespace
}  // namespace touchpath
