// Runs of top-level members that are skipped or only add to the context are remembered by their
// text and replayed when a later row repeats them: a projected load must give the results of a
// full one, and both must count the skipped rows.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

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

// The same rows, grouped by user (the memos find their texts and stay open) and interleaved
// (they find nothing, rest, and the parser takes its plain paths), build the same store.
std::vector<std::string> UserRows(int user, int events) {
  const std::string id = "u" + std::to_string(user);
  const std::string device = R"({"category":")" + std::string(user % 3 == 0 ? "mobile" : "desktop") +
                             R"(","web_info":{"browser":"B)" + std::to_string(user % 5) + R"("}})";
  const std::string geo = R"({"country":"C)" + std::to_string(user % 7) + R"(","city":"Par\u00eds"})";
  std::vector<std::string> rows;
  for (int i = 0; i < events; ++i) {
    Ga4Row row(id, kT0 + int64_t{user} * kMinute + i * 1000, i % 4 == 3 ? "purchase" : "page_view");
    row.SessionId(user * 10 + i / 20)
        .StringParam("page_location", "https://example.com/?a=1&b=" + std::to_string(i % 3))
        .StringParam("page_title", "Caf\xC3\xA9 \"menu\"")
        .IntParam("engagement_time_msec", i * 37)
        .UserProperty("tier", user % 2 == 0 ? "gold" : "silver");
    row.Field("privacy_info", R"({"analytics_storage":"Yes"})")
        .Field("device", device)
        .Field("geo", geo)
        .Field("stream_id", R"("4178250397")")
        .Field("platform", R"("WEB")");
    if (i % 4 == 3) row.Field("ecommerce", R"({"purchase_revenue":)" + std::to_string(i) + "}");
    row.Field("items", "[]");
    rows.push_back(row);
  }
  return rows;
}

TEST(ReplayableRuns, GroupedAndInterleavedUsersBuildTheSameStore) {
  constexpr int kUsers = 60;
  constexpr int kEvents = 80;  // 4,800 rows: a trial, a rest and another trial
  std::vector<std::vector<std::string>> users;
  for (int user = 0; user < kUsers; ++user) users.push_back(UserRows(user, kEvents));
  std::vector<std::string> grouped;
  std::vector<std::string> interleaved;
  for (const auto& rows : users) grouped.insert(grouped.end(), rows.begin(), rows.end());
  for (int i = 0; i < kEvents; ++i) {
    for (const auto& rows : users) interleaved.push_back(rows[static_cast<size_t>(i)]);
  }
  for (bool projected : {false, true}) {
    std::optional<FieldProjection> options;
    if (projected) {
      const char* const spec =
          R"({"analyses":[{"type":"funnel","steps":[{"event":"page_view"},{"event":"purchase"}],)"
          R"("breakdown":"device.category"}]})";
      FieldProjection projection;
      ASSERT_TRUE(ProjectionForSpecs(spec, &projection).ok());
      options = projection;
    }
    const LoadedInput by_user = Load(Ndjson(grouped), kWholeInput, options);
    const LoadedInput mixed = Load(Ndjson(interleaved), kWholeInput, options);
    ASSERT_TRUE(by_user.status.ok()) << by_user.status.message();
    ASSERT_TRUE(mixed.status.ok()) << mixed.status.message();
    EXPECT_EQ(by_user.store.event_count(), size_t{kUsers * kEvents});
    EXPECT_EQ(Digest(by_user.store), Digest(mixed.store)) << "projected " << projected;
    EXPECT_EQ(by_user.stats.replaced_invalid_utf8, mixed.stats.replaced_invalid_utf8);
  }
}

}  // namespace
}  // namespace touchpath::testing
