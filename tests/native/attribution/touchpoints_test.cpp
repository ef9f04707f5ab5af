#include "core/attribution/touchpoints.h"

#include <gtest/gtest.h>

#include "tests/native/attribution/attribution_fixtures.h"

namespace touchpath {
namespace {

using testing::kDayUs;
using testing::TinyStore;

PathTable Paths(const EventStore& store, TouchpointOptions options = {}) {
  const uint32_t purchase = store.event_names.Find("purchase");
  return BuildTouchpointPaths(store, options,
                              [&](uint64_t event) { return store.event[event] == purchase; });
}

TEST(BuildTouchpointPaths, PathHoldsSessionsWithinLookbackAndTheConvertingSession) {
  TinyStore events;
  events.Visit("u1", 0, "Email");
  events.Visit("u1", 20 * kDayUs, "Organic Search");
  events.Visit("u1", 40 * kDayUs, "Direct");
  events.Event(40 * kDayUs + 60, "purchase", 25);
  const PathTable table = Paths(events.Build());
  ASSERT_EQ(table.row_count(), 1u);
  EXPECT_EQ(PathText(table, 0), "Organic Search > Direct");
  EXPECT_EQ(table.conversions[0], 1);
  EXPECT_EQ(table.value[0], 25);
  EXPECT_EQ(table.touch_time_us, (std::vector<int64_t>{20 * kDayUs, 40 * kDayUs}));
  EXPECT_EQ(table.conversion_time_us, (std::vector<int64_t>{40 * kDayUs + 60}));
}

TEST(BuildTouchpointPaths, LookbackBoundaryIsInclusive) {
  TinyStore events;
  events.Visit("u1", 0, "Email");
  events.Visit("u1", 30 * kDayUs, "Direct");
  events.Event(30 * kDayUs, "purchase");
  EXPECT_EQ(PathText(Paths(events.Build()), 0), "Email > Direct");
}

TEST(BuildTouchpointPaths, NextPathStartsAfterThePreviousConversion) {
  TinyStore events;
  events.Visit("u1", 0, "A");
  events.Visit("u1", kDayUs, "B");
  events.Event(kDayUs + 5, "purchase");
  events.Visit("u1", 2 * kDayUs, "C");
  events.Visit("u1", 3 * kDayUs, "D");
  events.Event(3 * kDayUs + 5, "purchase");
  const PathTable table = Paths(events.Build());
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(PathText(table, 0), "A > B");
  EXPECT_EQ(PathText(table, 1), "C > D");
}

TEST(BuildTouchpointPaths, SecondConversionInSameSessionHasOnlyThatSession) {
  TinyStore events;
  events.Visit("u1", 0, "A");
  events.Visit("u1", kDayUs, "B");
  events.Event(kDayUs + 5, "purchase", 1);
  events.Event(kDayUs + 9, "purchase", 2);
  const PathTable table = Paths(events.Build());
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(PathText(table, 1), "B");
  EXPECT_EQ(table.value[1], 2);
}

TEST(BuildTouchpointPaths, SessionsAfterLastConversionFormNullPathWithinLookbackOfLastSession) {
  TinyStore events;
  events.Visit("u1", 0, "A");
  events.Event(5, "purchase");
  events.Visit("u1", 5 * kDayUs, "B");
  events.Visit("u1", 40 * kDayUs, "C");
  events.Visit("u1", 50 * kDayUs, "D");
  const PathTable table = Paths(events.Build());
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(PathText(table, 1), "C > D");
  EXPECT_EQ(table.nulls[1], 1);
  EXPECT_EQ(table.conversions[1], 0);
}

TEST(BuildTouchpointPaths, EntityWithoutConversionIsOneNullPath) {
  TinyStore events;
  events.Visit("u1", 0, "A");
  events.Visit("u2", 0, "B");
  events.Visit("u2", kDayUs, "B");
  const PathTable table = Paths(events.Build());
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(PathText(table, 0), "A");
  EXPECT_EQ(PathText(table, 1), "B > B");
  EXPECT_EQ(table.nulls, (std::vector<double>{1, 1}));
}

TEST(BuildTouchpointPaths, NoLookbackKeepsEverySession) {
  TinyStore events;
  events.Visit("u1", 0, "A");
  events.Visit("u1", 400 * kDayUs, "B");
  events.Event(400 * kDayUs, "purchase");
  TouchpointOptions options;
  options.lookback_us.reset();
  EXPECT_EQ(PathText(Paths(events.Build(), options), 0), "A > B");
}

TEST(BuildTouchpointPaths, TouchpointCanBeTheSource) {
  TinyStore events;
  events.Session("u1", 0, "Organic Search", "google");
  events.Event(0, "purchase");
  TouchpointOptions options;
  options.touchpoint = FieldRef{FieldKind::kSource, ""};
  EXPECT_EQ(PathText(Paths(events.Build(), options), 0), "google");
}

TEST(BuildTouchpointPaths, StoredFieldIsReadOnTheSessionsFirstEvent) {
  TinyStore events;
  events.Session("u1", 0, "Direct");
  events.Event(0, "page_view");
  events.Param("param.utm_content", "banner");
  events.Event(10, "page_view");
  events.Param("param.utm_content", "footer");
  events.Session("u1", kDayUs, "Direct");
  events.Event(kDayUs, "purchase");
  TouchpointOptions options;
  options.touchpoint = FieldRef{FieldKind::kStored, "param.utm_content"};
  EXPECT_EQ(PathText(Paths(events.Build(), options), 0), "banner > (not set)");
}

TEST(BuildTouchpointPaths, ValueFieldReplacesRevenue) {
  TinyStore events;
  events.Session("u1", 0, "Direct");
  events.Event(0, "purchase", 10);
  events.Param("param.value", "42.5");
  TouchpointOptions options;
  options.value_field = FieldRef{FieldKind::kStored, "param.value"};
  EXPECT_EQ(Paths(events.Build(), options).value, (std::vector<double>{42.5}));
}

TEST(BuildTouchpointPaths, MissingRevenueCountsZero) {
  TinyStore events;
  events.Session("u1", 0, "Direct");
  events.Event(0, "purchase");
  EXPECT_EQ(Paths(events.Build()).value, (std::vector<double>{0}));
}

}  // namespace
}  // namespace touchpath
