// Sessions given their specs before loading keep only the fields those specs read: the results
// are those of a full load, Describe says the load is projected, and Run refuses specs that
// read what was skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/engine/session.h"
#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

constexpr int64_t kHour = 3600000000;

std::string Device(const char* category) {
  return std::string(R"({"category":")") + category + R"(","web_info":{"browser":"Safari"}})";
}

// Three users over several sessions with traffic evidence, devices, params and revenue.
std::string Export() {
  return Ndjson({
      Ga4Row("a", kT0, "session_start")
          .SessionId(1)
          .StringParam("source", "google")
          .StringParam("medium", "cpc")
          .Field("device", Device("mobile"))
          .Field("geo", R"({"country":"France"})"),
      Ga4Row("a", kT0 + 10, "view_item")
          .SessionId(1)
          .StringParam("currency", "EUR")
          .Field("device", Device("mobile")),
      Ga4Row("a", kT0 + 20, "add_to_cart").SessionId(1).Field("device", Device("mobile")),
      Ga4Row("a", kT0 + 30, "purchase")
          .SessionId(1)
          .StringParam("currency", "EUR")
          .DoubleParam("value", 40)
          .Field("device", Device("mobile")),
      Ga4Row("b", kT0 + 5, "session_start")
          .SessionId(2)
          .Field("collected_traffic_source",
                 R"({"manual_source":"newsletter","manual_medium":"email"})")
          .Field("device", Device("desktop")),
      Ga4Row("b", kT0 + 15, "view_item")
          .SessionId(2)
          .StringParam("currency", "USD")
          .Field("device", Device("desktop")),
      Ga4Row("b", kT0 + 2 * kHour, "session_start").SessionId(3).Field("device", Device("desktop")),
      Ga4Row("b", kT0 + 2 * kHour + 5, "add_to_cart").SessionId(3).UserProperty("tier", "gold"),
      Ga4Row("b", kT0 + 2 * kHour + 9, "purchase")
          .SessionId(3)
          .Field("ecommerce", R"({"purchase_revenue":12.5})")
          .Field("device", Device("desktop")),
      Ga4Row("c", kT0 + 7, "view_item")
          .SessionId(4)
          .StringParam("gclid", "Cj0")
          .Field("device", Device("tablet")),
      Ga4Row("c", kT0 + 8, "refund").SessionId(4),
      Ga4Row("c", kT0 + 9, "add_to_cart").SessionId(4),
  });
}

const char* const kSpecs[] = {
    R"({"analyses":[{"type":"funnel","steps":[{"event":"view_item"},{"event":"add_to_cart"},)"
    R"({"event":"purchase"}]}]})",
    R"({"analyses":[{"type":"funnel","steps":[{"event":"view_item","where":[{"field":)"
    R"("param.currency","op":"eq","value":"EUR"}]},{"event":"purchase"}],)"
    R"("breakdown":"device.category"}]})",
    R"({"analyses":[{"type":"funnel","count":"sessions","window":"1h","steps":[)"
    R"({"event":"view_item"},{"event":"add_to_cart"}],"breakdown":"channel",)"
    R"("exclusions":[{"event":"refund","from_step":1,"to_step":2,"where":[{"field":)"
    R"("user.tier","op":"exists"}]}]}]})",
    R"({"analyses":[{"type":"attribution","models":["first_touch","linear"]}]})",
    R"({"analyses":[{"type":"attribution","touchpoint":"device.category","value_field":)"
    R"("param.value","conversion":{"event":"purchase"}},{"type":"funnel","steps":[)"
    R"({"event":"session_start"},{"event":"purchase"}],"breakdown":"geo.country"}]})",
};

std::string RunLoaded(Session* session, const std::string& spec) {
  session->BeginInput("export.ndjson");
  EXPECT_TRUE(session->Feed(Export()).ok());
  EXPECT_TRUE(session->Finish().ok());
  std::string result;
  const Status status = session->Run(spec, &result);
  EXPECT_TRUE(status.ok()) << status.message();
  return result;
}

SessionOptions ProjectedFor(const std::string& specs) {
  FieldProjection projection;
  const Status status = ProjectionForSpecs(specs, &projection);
  EXPECT_TRUE(status.ok()) << status.message();
  SessionOptions options;
  options.projection = projection;
  return options;
}

std::vector<std::string> Fields(const Session& session) {
  return nlohmann::json::parse(session.Describe())["fields"].get<std::vector<std::string>>();
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(SessionProjection, EachSpecGivesTheResultOfAFullLoad) {
  for (const char* spec : kSpecs) {
    Session full;
    Session projected(ProjectedFor(spec));
    EXPECT_EQ(RunLoaded(&projected, spec), RunLoaded(&full, spec)) << spec;
  }
}

TEST(SessionProjection, SeveralSpecsShareOneProjectedLoad) {
  std::string specs = "[";
  for (const char* spec : kSpecs) specs += std::string(specs.size() > 1 ? "," : "") + spec;
  specs += "]";
  Session full;
  Session projected(ProjectedFor(specs));
  RunLoaded(&full, kSpecs[0]);
  RunLoaded(&projected, kSpecs[0]);
  for (const char* spec : kSpecs) {
    std::string full_result, projected_result;
    ASSERT_TRUE(full.Run(spec, &full_result).ok());
    ASSERT_TRUE(projected.Run(spec, &projected_result).ok()) << spec;
    EXPECT_EQ(projected_result, full_result) << spec;
  }
}

TEST(SessionProjection, RunRefusesAFieldTheLoadSkipped) {
  Session session(ProjectedFor(kSpecs[0]));
  RunLoaded(&session, kSpecs[0]);
  std::string result;
  const Status status = session.Run(kSpecs[1], &result);
  EXPECT_EQ(status.code(), StatusCode::kBadSpec);
  EXPECT_NE(status.message().find("param.currency"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("skipped"), std::string::npos) << status.message();
}

TEST(SessionProjection, RunRefusesChannelsWhenTheLoadSkippedTraffic) {
  Session session(ProjectedFor(kSpecs[0]));
  RunLoaded(&session, kSpecs[0]);
  std::string result;
  const Status status = session.Run(kSpecs[3], &result);
  EXPECT_EQ(status.code(), StatusCode::kBadSpec);
  EXPECT_NE(status.message().find("channel"), std::string::npos) << status.message();
}

TEST(SessionProjection, DescribeSaysProjectedAndListsOnlyKeptFields) {
  Session session(ProjectedFor(kSpecs[1]));
  RunLoaded(&session, kSpecs[1]);
  const nlohmann::json description = nlohmann::json::parse(session.Describe());
  EXPECT_EQ(description["projected"], true);
  const std::vector<std::string> fields = Fields(session);
  for (const char* kept : {"event", "session", "param.currency", "device.category"}) {
    EXPECT_TRUE(Contains(fields, kept)) << kept;
  }
  for (const char* dropped :
       {"channel", "source", "medium", "source_medium", "campaign", "device",
        "device.web_info.browser", "geo.country", "user.tier", "event_date"}) {
    EXPECT_FALSE(Contains(fields, dropped)) << dropped;
  }
}

TEST(SessionProjection, DescribeOfATrafficSpecOffersChannels) {
  Session session(ProjectedFor(kSpecs[3]));
  RunLoaded(&session, kSpecs[3]);
  for (const char* field : {"channel", "source", "medium", "source_medium", "campaign"}) {
    EXPECT_TRUE(Contains(Fields(session), field)) << field;
  }
}

TEST(SessionProjection, DescribeOfAFullLoadSaysNotProjected) {
  Session session;
  RunLoaded(&session, kSpecs[0]);
  EXPECT_EQ(nlohmann::json::parse(session.Describe())["projected"], false);
  EXPECT_TRUE(Contains(Fields(session), "geo.country"));
}

TEST(SessionProjection, ProjectionForSpecsNamesTheBadSpec) {
  FieldProjection projection;
  const Status status = ProjectionForSpecs(
      std::string("[") + kSpecs[0] + R"(,{"analyses":[{"type":"funnel"}]}])", &projection);
  EXPECT_EQ(status.code(), StatusCode::kBadSpec);
  EXPECT_EQ(status.message().rfind("specs[1]: analyses[0]", 0), 0u) << status.message();
  EXPECT_EQ(ProjectionForSpecs("{", &projection).code(), StatusCode::kBadSpec);
}

TEST(SessionProjection, ProjectionForSpecsCollectsEveryFieldRead) {
  FieldProjection projection;
  ASSERT_TRUE(ProjectionForSpecs(kSpecs[2], &projection).ok());
  EXPECT_EQ(projection.paths, std::vector<std::string>{"user.tier"});
  EXPECT_TRUE(projection.session_traffic);
  ASSERT_TRUE(ProjectionForSpecs(kSpecs[4], &projection).ok());
  EXPECT_EQ(projection.paths,
            (std::vector<std::string>{"device.category", "param.value", "geo.country"}));
  EXPECT_FALSE(projection.session_traffic);
}

}  // namespace
}  // namespace touchpath::testing
