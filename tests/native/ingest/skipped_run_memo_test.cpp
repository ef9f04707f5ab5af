// Runs of skipped top-level members are remembered by their text and passed over whole when a
// later row repeats them (SkippedRunMemo); a projected load must give the results of a full one.
#include "core/ingest/skipped_run_memo.h"

#include <gtest/gtest.h>

#include <string>

#include "core/engine/session.h"
#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

TEST(SkippedRunMemo, FindsARememberedRunThatStartsTheRest) {
  SkippedRunMemo memo;
  const std::string run = R"(,"geo":{"city":"Paris"},"platform":"WEB")";
  EXPECT_EQ(memo.Find(3, run + "}").members, 0u);
  memo.Add(3, run, 2);
  const SkippedRunMemo::Match match = memo.Find(3, run + R"(,"x":1})");
  EXPECT_EQ(match.members, 2u);
  EXPECT_EQ(match.bytes, run.size());
  EXPECT_EQ(memo.Find(4, run + "}").members, 0u) << "runs are kept per position";
  EXPECT_EQ(memo.Find(3, R"(,"geo":{"city":"Lyon"},"platform":"WEB"})").members, 0u);
  EXPECT_EQ(memo.Find(3, run.substr(0, run.size() - 1)).members, 0u) << "rest too short";
}

TEST(SkippedRunMemo, KeepsTheMostRecentRunsOfAPosition) {
  constexpr int kKept = static_cast<int>(SkippedRunMemo::kRecentPerPosition);
  SkippedRunMemo memo;
  auto run = [](int city) { return R"(,"geo":{"city":")" + std::to_string(city) + R"("},"p":1)"; };
  for (int city = 0; city <= kKept; ++city) memo.Add(1, run(city), 2);
  EXPECT_EQ(memo.Find(1, run(0)).members, 0u) << "the oldest was dropped";
  for (int city = 1; city <= kKept; ++city) {
    EXPECT_EQ(memo.Find(1, run(city)).members, 2u) << city;
  }
  memo.Find(1, run(1));  // now the most recent: survives the next addition
  memo.Add(1, run(99), 2);
  EXPECT_EQ(memo.Find(1, run(1)).members, 2u);
  EXPECT_EQ(memo.Find(1, run(kKept)).members, 0u) << "the least recently found was dropped";
}

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

TEST(SkippedRunMemo, ProjectedLoadsOfRepeatedRunsGiveTheFullLoadsResults) {
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
