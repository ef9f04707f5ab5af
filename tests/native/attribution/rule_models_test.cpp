#include "core/attribution/models/rule_models.h"

#include <gtest/gtest.h>

#include "tests/native/attribution/attribution_fixtures.h"

namespace touchpath {
namespace {

using testing::Conversions;
using testing::MakePaths;
using testing::Value;

// Two converting paths and a null one: A > B > C (2 conversions, 10), B (1, 4), C > C (3 nulls).
PathTable ThreePaths() {
  return MakePaths({{"A > B > C", 2, 10, 0}, {"B", 1, 4, 0}, {"C > C", 0, 0, 3}});
}

TEST(FirstTouchModel, CreditsTheFirstTouch) {
  const PathTable table = ThreePaths();
  const ModelCredit credit = FirstTouchModel(table);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 2);
  EXPECT_DOUBLE_EQ(Value(table, credit, "A"), 10);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "B"), 1);
  EXPECT_DOUBLE_EQ(Value(table, credit, "B"), 4);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "C"), 0);
}

TEST(LastTouchModel, CreditsTheLastTouch) {
  const PathTable table = ThreePaths();
  const ModelCredit credit = LastTouchModel(table);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "C"), 2);
  EXPECT_DOUBLE_EQ(Value(table, credit, "C"), 10);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "B"), 1);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 0);
}

TEST(LastNonDirectModel, SkipsTrailingDirectTouches) {
  const PathTable table = MakePaths({{"A > Direct > Direct", 1, 5, 0}, {"B > (direct)", 1, 7, 0}});
  const ModelCredit credit = LastNonDirectModel(table);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 1);
  EXPECT_DOUBLE_EQ(Value(table, credit, "B"), 7);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "Direct"), 0);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "(direct)"), 0);
}

TEST(LastNonDirectModel, AllDirectPathCreditsDirect) {
  const PathTable table = MakePaths({{"Direct > Direct", 3, 9, 0}});
  const ModelCredit credit = LastNonDirectModel(table);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "Direct"), 3);
  EXPECT_DOUBLE_EQ(Value(table, credit, "Direct"), 9);
}

TEST(LinearModel, SplitsEquallyOverTouches) {
  const PathTable table = ThreePaths();
  const ModelCredit credit = LinearModel(table);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "B"), 2.0 / 3 + 1);
  EXPECT_DOUBLE_EQ(Value(table, credit, "C"), 10.0 / 3);
}

TEST(LinearModel, RepeatedChannelGetsOneSharePerTouch) {
  const PathTable table = MakePaths({{"A > B > A > A", 4, 8, 0}});
  const ModelCredit credit = LinearModel(table);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 3);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "B"), 1);
  EXPECT_DOUBLE_EQ(Value(table, credit, "A"), 6);
}

TEST(PositionBasedModel, FortyTwentyFortyWithMiddleSplit) {
  const PathTable table = MakePaths({{"A > B > C > D", 1, 100, 0}});
  const ModelCredit credit = PositionBasedModel(table, PositionWeights{});
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 0.4);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "B"), 0.1);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "C"), 0.1);
  EXPECT_DOUBLE_EQ(Value(table, credit, "D"), 40);
}

TEST(PositionBasedModel, TwoTouchesSplitFiftyFifty) {
  const PathTable table = MakePaths({{"A > B", 1, 10, 0}});
  const ModelCredit credit = PositionBasedModel(table, PositionWeights{});
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 0.5);
  EXPECT_DOUBLE_EQ(Value(table, credit, "B"), 5);
}

TEST(PositionBasedModel, SingleTouchTakesAll) {
  const PathTable table = MakePaths({{"A", 2, 10, 0}});
  EXPECT_DOUBLE_EQ(Conversions(table, PositionBasedModel(table, PositionWeights{}), "A"), 2);
}

TEST(PositionBasedModel, CustomWeightsAreUsed) {
  const PathTable table = MakePaths({{"A > B > C", 1, 0, 0}, {"A > C", 1, 0, 0}});
  const ModelCredit credit = PositionBasedModel(table, PositionWeights{0.3, 0.4, 0.3});
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 0.3 + 0.5);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "B"), 0.4);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "C"), 0.3 + 0.5);
}

TEST(TimeDecayModel, HalvesPerHalfLifeBeforeConversion) {
  PathTable table;
  PathTableBuilder builder(&table);
  const int64_t day = testing::kDayUs;
  builder.AddTouch(builder.ChannelId("A"), 0);
  builder.AddTouch(builder.ChannelId("B"), 7 * day);
  builder.AddTouch(builder.ChannelId("C"), 14 * day);
  builder.EndTimedRow(1, 70, 0, 14 * day);
  const ModelCredit credit = TimeDecayModel(table, 7 * day);
  ASSERT_TRUE(credit.available());
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "A"), 1.0 / 7);
  EXPECT_DOUBLE_EQ(Conversions(table, credit, "B"), 2.0 / 7);
  EXPECT_DOUBLE_EQ(Value(table, credit, "C"), 40);
}

TEST(TimeDecayModel, UnavailableWithoutTimes) {
  const ModelCredit credit = TimeDecayModel(ThreePaths(), 7 * testing::kDayUs);
  EXPECT_FALSE(credit.available());
  EXPECT_NE(credit.unavailable.find("time"), std::string::npos);
}

TEST(RuleModels, NullOnlyRowsEarnNothing) {
  const PathTable table = MakePaths({{"A", 0, 0, 5}});
  EXPECT_DOUBLE_EQ(testing::Sum(LinearModel(table).conversions), 0);
  EXPECT_DOUBLE_EQ(testing::Sum(FirstTouchModel(table).value), 0);
}

}  // namespace
}  // namespace touchpath
