// Runs of top-level members that are skipped or only add to the context are remembered by their
// text and replayed when a later row repeats them: a projected load must give the results of a
// full one, and both must count the skipped rows.
#include <gtest/gtest.h>

#include <string>

#include "core/engine/session.h"
#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

// Rows of two users repeating long runs of members a projection skips, with changes inside a
// run, kept fields after one, user properties, and a row broken after a repeated run.
std::string ExportWithRepeatedRuns() {
  std::vector<std::string> rows;
  const char* const events[] = {"session_start", "view_item", "add_to_cart", "purchase"};
  for (const char* user : {"a", "b"}) {
    for (int i = 0; i < 12; ++i) {
      Ga4Row row(user, kT0 + i * 1000, events[i % 4]);
      row.SessionId(user[0] == 'a' ? 1 : 2).UserProperty("tier", i < 6 ? "gold" : "silver");
      row.Field("privacy_info", R"({"analytics_storage":"Yes"})")
          .Field("user_ltv", R"({"revenue":0,"currency":"USD"})")
          .Field("device", R"({"category":"mobile","web_info":{"browser":"Safari"}})")
          .Field("geo", i == 5 ? R"({"country":"France","city":"Lyon"})"
                               : R"({"country":"France","city":"Paris"})")
          .Field("traffic_source", R"({"source":"google","medium":"cpc","name":"brand"})")
          .Field("stream_id", R"("4178250397")")
          .Field("platform", R"("WEB")");
      if (i % 4 == 3) row.Field("ecommerce", R"({"purchase_revenue":)" + std::to_string(i) + "}");
      row.Field("items", "[]").Field("is_active_user", i == 7 ? "tru" : "true");
      rows.push_back(row);
    }
  }
  return Ndjson(rows);
}

std::string RunOn(const std::string& bytes, const std::string& spec, SessionOptions options) {
  Session session(options);
  session.BeginInput("export.ndjson");
  EXPECT_TRUE(session.Feed(bytes).ok());
  EXPECT_TRUE(session.Finish().ok());
  std::string result;
  const Status status = session.Run(spec, &result);
  EXPECT_TRUE(status.ok()) << status.message();
  return result;
}

TEST(ReplayableRuns, ProjectedLoadsOfRepeatedRunsGiveTheFullLoadsResults) {
  const std::string bytes = ExportWithRepeatedRuns();
  const char* const specs[] = {
      R"({"analyses":[{"type":"funnel","steps":[{"event":"view_item"},{"event":"purchase"}]}]})",
      R"({"analyses":[{"type":"funnel","steps":[{"event":"view_item"},{"event":"purchase"}],)"
      R"("breakdown":"geo.city"}]})",
      R"({"analyses":[{"type":"funnel","steps":[{"event":"view_item"},{"event":"purchase",)"
      R"("where":[{"field":"user.tier","op":"eq","value":"gold"}]}],"breakdown":"channel"}]})",
      R"({"analyses":[{"type":"attribution","touchpoint":"device.web_info.browser"}]})",
  };
  for (const char* spec : specs) {
    FieldProjection projection;
    ASSERT_TRUE(ProjectionForSpecs(spec, &projection).ok()) << spec;
    SessionOptions projected;
    projected.projection = projection;
    const std::string full_result = RunOn(bytes, spec, SessionOptions());
    EXPECT_EQ(RunOn(bytes, spec, projected), full_result) << spec;
    EXPECT_NE(full_result.find("\"skipped\":2"), std::string::npos) << full_result;
  }
}

}  // namespace
}  // namespace touchpath::testing
