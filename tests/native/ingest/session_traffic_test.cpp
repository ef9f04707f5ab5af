// Session-scoped source / medium / campaign / channel from GA4 export rows: the evidence tiers
// of DESIGN.md in order, never the user-scoped traffic_source.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

constexpr const char* kCrossChannel =
    R"({"cross_channel_campaign":{"source":"newsletter","medium":"email",)"
    R"("campaign_name":"spring","default_channel_group":"Cross-network"},)"
    R"("manual_campaign":{"source":"manual","medium":"cpc","campaign_name":"m"}})";
constexpr const char* kManualOnly =
    R"({"manual_campaign":{"source":"bing","medium":"cpc","campaign_name":"brand"},)"
    R"("cross_channel_campaign":{}})";
constexpr const char* kCollected =
    R"({"manual_source":"facebook","manual_medium":"social","manual_campaign_name":"launch",)"
    R"("gclid":null})";
constexpr const char* kCollectedGclidOnly = R"({"gclid":"Cj0KCQ","manual_source":null})";
constexpr const char* kUserFirstSource =
    R"json({"source":"google","medium":"organic","name":"(organic)"})json";

// Loads the rows (user "p", session 1 unless a row sets another) and returns the traffic of
// each event in store order.
std::vector<std::string> TrafficOfEvents(const std::vector<std::string>& rows) {
  const LoadedInput loaded = Load(Ndjson(rows));
  EXPECT_TRUE(loaded.status.ok()) << loaded.status.message();
  std::vector<std::string> traffic;
  for (uint64_t event = 0; event < loaded.store.event_count(); ++event) {
    traffic.push_back(TrafficOf(loaded.store, event));
  }
  return traffic;
}

std::string TrafficOfOneSession(const std::vector<std::string>& rows) {
  const std::vector<std::string> traffic = TrafficOfEvents(rows);
  for (const std::string& each : traffic) EXPECT_EQ(each, traffic.front());
  return traffic.empty() ? std::string() : traffic.front();
}

Ga4Row Event(int64_t offset, const char* name = "page_view") {
  return std::move(Ga4Row("p", kT0 + offset, name).SessionId(1));
}

TEST(SessionTraffic, LastClickCrossChannelCampaignWinsWithItsChannelGroup) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0, "session_start")
                    .StringParam("source", "param_source")
                    .StringParam("medium", "param_medium")
                    .Field("collected_traffic_source", kCollected),
                Event(1).Field("session_traffic_source_last_click", kCrossChannel),
            }),
            "newsletter / email / spring / Cross-network");
}

TEST(SessionTraffic, LastClickManualCampaignWhenNoCrossChannelCampaign) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0).Field("collected_traffic_source", kCollected),
                Event(1).Field("session_traffic_source_last_click", kManualOnly),
            }),
            "bing / cpc / brand / Paid Search");
}

// A session decided early by a lower tier still reads its later events, up to the first one
// with a cross-channel campaign; after that, nothing changes it.
TEST(SessionTraffic, ACrossChannelCampaignOnALaterEventOutranksAnEarlierManualOne) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0).Field("session_traffic_source_last_click", kManualOnly),
                Event(1).Field("session_traffic_source_last_click", kCrossChannel),
                Event(2).Field("session_traffic_source_last_click", kManualOnly),
            }),
            "newsletter / email / spring / Cross-network");
}

TEST(SessionTraffic, CollectedManualFieldsWhenNoLastClick) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0).StringParam("source", "param_source").StringParam("medium", "x"),
                Event(1).Field("collected_traffic_source", kCollected),
            }),
            "facebook / social / launch / Organic Social");
}

TEST(SessionTraffic, GclidAloneIsGoogleCpc) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0).Field("collected_traffic_source", kCollectedGclidOnly),
                Event(1).StringParam("source", "bing").StringParam("medium", "organic"),
            }),
            "google / cpc / (not set) / Paid Search");
}

TEST(SessionTraffic, CollectedManualFieldsBeatAGclidOnAnotherEvent) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0).Field("collected_traffic_source", kCollectedGclidOnly),
                Event(1).Field("collected_traffic_source", kCollected),
            }),
            "facebook / social / launch / Organic Social");
}

TEST(SessionTraffic, GclidBesideManualFieldsOnOneEventLeavesThemAlone) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0).Field("collected_traffic_source",
                               R"({"manual_source":"partner","manual_medium":"affiliate",)"
                               R"("gclid":"Cj0KCQ"})"),
            }),
            "partner / affiliate / (not set) / Affiliates");
}

TEST(SessionTraffic, EventParamsWhenNothingElse) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0, "session_start"),
                Event(1).StringParam("source", "google").StringParam("medium", "organic"),
                Event(2)
                    .StringParam("source", "later")
                    .StringParam("medium", "referral")
                    .StringParam("campaign", "c"),
            }),
            "google / organic / (not set) / Organic Search");
}

TEST(SessionTraffic, EventParamsCampaignComesFromTheDecidingEvent) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0)
                    .StringParam("source", "newsletter")
                    .StringParam("medium", "email")
                    .StringParam("campaign", "winter_sale"),
            }),
            "newsletter / email / winter_sale / Email");
}

TEST(SessionTraffic, DirectWhenThereIsNoEvidence) {
  EXPECT_EQ(TrafficOfOneSession({Event(0, "session_start"), Event(1)}),
            "(direct) / (none) / (direct) / Direct");
}

TEST(SessionTraffic, UserScopedTrafficSourceIsNeverUsed) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0, "first_visit").Field("traffic_source", kUserFirstSource),
                Event(1).Field("traffic_source", kUserFirstSource),
            }),
            "(direct) / (none) / (direct) / Direct");
}

TEST(SessionTraffic, EvidenceOnALaterEventAppliesToTheWholeSession) {
  EXPECT_EQ(TrafficOfEvents({
                Event(0, "session_start"),
                Event(5).StringParam("source", "google").StringParam("medium", "cpc"),
                Event(9, "purchase"),
            }),
            std::vector<std::string>(3, "google / cpc / (not set) / Paid Search"));
}

TEST(SessionTraffic, TheEarliestEventOfTheBestTierDecidesNotFileOrder) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(9).StringParam("source", "bing").StringParam("medium", "organic"),
                Event(2).StringParam("source", "google").StringParam("medium", "organic"),
            }),
            "google / organic / (not set) / Organic Search");
}

TEST(SessionTraffic, EmptyStringsAreNoEvidence) {
  EXPECT_EQ(TrafficOfOneSession({
                Event(0).Field("collected_traffic_source",
                               R"({"manual_source":"","manual_medium":"","gclid":""})"),
                Event(1).StringParam("source", "t.co").StringParam("medium", "referral"),
            }),
            "t.co / referral / (not set) / Organic Social");
}

TEST(SessionTraffic, MissingSourceOrMediumIsNotSet) {
  EXPECT_EQ(TrafficOfOneSession({Event(0).StringParam("medium", "email")}),
            "(not set) / email / (not set) / Email");
  EXPECT_EQ(TrafficOfOneSession({Event(0).StringParam("source", "example.com")}),
            "example.com / (not set) / (not set) / Unassigned");
}

TEST(SessionTraffic, CampaignAloneDecidesNothing) {
  EXPECT_EQ(TrafficOfOneSession({Event(0).StringParam("campaign", "lonely")}),
            "(direct) / (none) / (direct) / Direct");
}

TEST(SessionTraffic, EachSessionResolvesItsOwnTraffic) {
  EXPECT_EQ(
      TrafficOfEvents({
          Ga4Row("p", kT0, "a")
              .SessionId(1)
              .StringParam("source", "google")
              .StringParam("medium", "organic"),
          Ga4Row("p", kT0 + 10, "b").SessionId(2),
          Ga4Row("q", kT0, "c").SessionId(1),
          Ga4Row("p", kT0 + 20, "d")
              .SessionId(3)
              .Field("collected_traffic_source", kCollectedGclidOnly),
      }),
      (std::vector<std::string>{
          "google / organic / (not set) / Organic Search", "(direct) / (none) / (direct) / Direct",
          "google / cpc / (not set) / Paid Search", "(direct) / (none) / (direct) / Direct"}));
}

TEST(SessionTraffic, SessionsBesideADecidedOneStayDirect) {
  auto bare = [](int64_t offset, int64_t session) {
    return std::move(Ga4Row("p", kT0 + offset, "page_view").SessionId(session));
  };
  const std::string direct = "(direct) / (none) / (direct) / Direct";
  EXPECT_EQ(TrafficOfEvents({
                bare(0, 1),
                bare(10, 2),
                Ga4Row("p", kT0 + 20, "page_view")
                    .SessionId(3)
                    .StringParam("source", "google")
                    .StringParam("medium", "organic"),
                bare(30, 4),
                bare(40, 5),
            }),
            (std::vector<std::string>{
                direct, direct, "google / organic / (not set) / Organic Search", direct, direct}));
}

// Sessions are worked out once for each set of deciding values and tier: a later session with
// the same values gets the same traffic, and one whose values differ, or are numbers, its own.
TEST(SessionTraffic, SessionsDecidingOnTheSameValuesShareTheirTraffic) {
  auto from = [](int64_t session, const char* source, const char* medium) {
    return std::move(Ga4Row("p", kT0 + session * 10, "page_view")
                         .SessionId(session)
                         .StringParam("source", source)
                         .StringParam("medium", medium));
  };
  auto clicked = [](int64_t session, const char* gclid) {
    return std::move(Ga4Row("p", kT0 + session * 10, "page_view")
                         .SessionId(session)
                         .StringParam("gclid", gclid));
  };
  EXPECT_EQ(TrafficOfEvents({
                from(1, "newsletter", "email"),
                from(2, "google", "organic"),
                from(3, "newsletter", "email"),
                clicked(4, "Cj0KCQ-a"),
                clicked(5, "Cj0KCQ-b"),
                std::move(Ga4Row("p", kT0 + 60, "page_view")
                              .SessionId(6)
                              .IntParam("source", 42)
                              .StringParam("medium", "email")),
                from(7, "newsletter", "email"),
            }),
            (std::vector<std::string>{
                "newsletter / email / (not set) / Email",
                "google / organic / (not set) / Organic Search",
                "newsletter / email / (not set) / Email",
                "google / cpc / (not set) / Paid Search",
                "google / cpc / (not set) / Paid Search",
                "42 / email / (not set) / Email",
                "newsletter / email / (not set) / Email",
            }));
}

// Consecutive sessions with the same traffic share its ids; one that differs in any part,
// the channel alone included, gets its own.
TEST(SessionTraffic, ConsecutiveSessionsSharingTrafficStillDifferWhereTheyDiffer) {
  auto newsletter = [](int64_t offset, int64_t session) {
    return std::move(Ga4Row("p", kT0 + offset, "page_view")
                         .SessionId(session)
                         .StringParam("source", "newsletter")
                         .StringParam("medium", "email")
                         .StringParam("campaign", "spring"));
  };
  const LoadedInput loaded = Load(Ndjson({
      newsletter(0, 1),
      newsletter(10, 2),
      // The same source, medium and campaign, from a cross-channel campaign with its own group.
      Ga4Row("p", kT0 + 20, "page_view")
          .SessionId(3)
          .Field("session_traffic_source_last_click", kCrossChannel),
      Ga4Row("p", kT0 + 30, "page_view")
          .SessionId(4)
          .StringParam("source", "newsletter")
          .StringParam("medium", "cpc")
          .StringParam("campaign", "spring"),
      newsletter(40, 5),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  const EventStore& store = loaded.store;
  std::vector<std::string> traffic;
  for (uint64_t event = 0; event < store.event_count(); ++event) {
    const uint32_t session = store.session[event];
    traffic.push_back(TrafficOf(store, event) + " | " +
                      std::string(store.strings.Get(store.sessions.source_medium[session])));
  }
  EXPECT_EQ(traffic, (std::vector<std::string>{
                         "newsletter / email / spring / Email | newsletter / email",
                         "newsletter / email / spring / Email | newsletter / email",
                         "newsletter / email / spring / Cross-network | newsletter / email",
                         "newsletter / cpc / spring / Paid Other | newsletter / cpc",
                         "newsletter / email / spring / Email | newsletter / email",
                     }));
}

TEST(SessionTraffic, SessionsWithoutGaSessionIdUseTheInactivityRule) {
  constexpr int64_t kHour = 3600LL * 1000000;
  EXPECT_EQ(
      TrafficOfEvents({
          Ga4Row("p", kT0, "a").StringParam("source", "google").StringParam("medium", "organic"),
          Ga4Row("p", kT0 + 1, "b"),
          Ga4Row("p", kT0 + kHour, "c"),
      }),
      (std::vector<std::string>{"google / organic / (not set) / Organic Search",
                                "google / organic / (not set) / Organic Search",
                                "(direct) / (none) / (direct) / Direct"}));
}

}  // namespace
}  // namespace touchpath::testing
