// The engine's one door (CLI, WASM and JS all use it): BeginInput / Feed / Finish / Run /
// Describe over GA4 export bytes.
#include "core/engine/session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

constexpr const char* kFunnelSpec = R"({"analyses":[{"type":"funnel","id":"checkout",)"
                                    R"("steps":[{"event":"page_view"},{"event":"purchase"}]}]})";

std::string Export() {
  return Ndjson({
      Ga4Row("a", kT0, "page_view").SessionId(1),
      Ga4Row("a", kT0 + 10, "purchase").SessionId(1).DoubleParam("value", 20),
      "{\"event_name\":\"page_view\"}",
      Ga4Row("b", kT0, "page_view").SessionId(7).Field("device", R"({"category":"mobile"})"),
      Ga4Row("b", kT0 + 5, "page_view").SessionId(7),
  });
}

void FeedInChunks(Session* session, const std::string& bytes, size_t chunk_size) {
  for (size_t begin = 0; begin < bytes.size(); begin += chunk_size) {
    ASSERT_TRUE(session->Feed(std::string_view(bytes).substr(begin, chunk_size)).ok());
  }
}

nlohmann::json RunOk(Session* session, const char* spec = kFunnelSpec) {
  std::string result;
  const Status status = session->Run(spec, &result);
  EXPECT_TRUE(status.ok()) << status.message();
  return status.ok() ? nlohmann::json::parse(result) : nlohmann::json();
}

TEST(Session, RunReportsTheInputAndOneResultPerAnalysis) {
  Session session;
  session.BeginInput("export.ndjson");
  FeedInChunks(&session, Export(), 13);
  ASSERT_TRUE(session.Finish().ok());
  const nlohmann::json result = RunOk(&session);
  const nlohmann::json& input = result["input"];
  EXPECT_EQ(input["format"], "ga4");
  EXPECT_EQ(input["bytes"], Export().size());
  EXPECT_EQ(input["rows"], 5);
  EXPECT_EQ(input["events"], 4);
  EXPECT_EQ(input["entities"], 2);
  EXPECT_EQ(input["sessions"], 2);
  EXPECT_EQ(input["skipped"], 1);
  EXPECT_EQ(input["replaced_invalid_utf8"], 0);
  EXPECT_EQ(input["errors"],
            nlohmann::json::parse(R"([{"line":3,"message":"event_timestamp is missing"}])"));
  ASSERT_EQ(result["results"].size(), 1u);
  EXPECT_EQ(result["results"][0]["id"], "checkout");
  EXPECT_EQ(result["results"][0]["steps"][0]["count"], 2);
  EXPECT_EQ(result["results"][0]["steps"][1]["count"], 1);
}

TEST(Session, ChunkSizeDoesNotChangeTheResult) {
  Session whole;
  ASSERT_TRUE(whole.Feed(Export()).ok());
  const nlohmann::json expected = RunOk(&whole);
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{64}, size_t{511}, size_t{512}}) {
    Session session;
    FeedInChunks(&session, Export(), chunk);
    EXPECT_EQ(RunOk(&session), expected) << "chunk " << chunk;
  }
}

TEST(Session, RunFinishesLoadingFirst) {
  Session session;
  ASSERT_TRUE(session.Feed(Export()).ok());
  EXPECT_EQ(RunOk(&session)["input"]["events"], 4);
  EXPECT_EQ(session.Feed(Export()).code(), StatusCode::kBadInput);
}

TEST(Session, RunIsRepeatable) {
  Session session;
  ASSERT_TRUE(session.Feed(Export()).ok());
  std::string first, second;
  ASSERT_TRUE(session.Run(kFunnelSpec, &first).ok());
  ASSERT_TRUE(session.Run(kFunnelSpec, &second).ok());
  EXPECT_EQ(first, second);
}

TEST(Session, FeedAfterFinishIsBadInput) {
  Session session;
  ASSERT_TRUE(session.Feed(Export()).ok());
  ASSERT_TRUE(session.Finish().ok());
  session.BeginInput("late.ndjson");
  const Status status = session.Feed(Export());
  EXPECT_EQ(status.code(), StatusCode::kBadInput);
  EXPECT_EQ(status.message(), "loading has finished; start a new session");
  EXPECT_EQ(RunOk(&session)["input"]["events"], 4);
}

TEST(Session, EmptyInputFailsFinishAndRunWithTheSameMessage) {
  Session session;
  session.BeginInput("empty.ndjson");
  const Status finished = session.Finish();
  EXPECT_EQ(finished.code(), StatusCode::kBadInput);
  EXPECT_EQ(finished.message(), "the input holds no rows (it is empty or blank)");
  std::string result = "untouched";
  const Status ran = session.Run(kFunnelSpec, &result);
  EXPECT_EQ(ran.code(), StatusCode::kBadInput);
  EXPECT_EQ(ran.message(), finished.message());
  EXPECT_EQ(result, "untouched");
  EXPECT_EQ(session.Finish().message(), finished.message());
}

TEST(Session, UnusableInputFailsFeedOnceRecognised) {
  std::string csv = "user_id,event_name,event_timestamp\n";
  while (csv.size() < 5000) csv += "u1,page_view,1700000000\n";
  Session session;
  session.BeginInput("table.csv");
  const Status fed = session.Feed(csv);
  EXPECT_EQ(fed.code(), StatusCode::kBadInput);
  EXPECT_EQ(fed.message(),
            "table.csv is not a GA4 BigQuery export (expected JSON objects, one per line, or a "
            "JSON array) nor a path table (path;total_conversions;...); it starts with "
            "\"user_id,event_name,event\"");
  EXPECT_EQ(session.Feed(Export()).message(), fed.message()) << "the failure sticks";
  EXPECT_EQ(session.Finish().message(), fed.message());
}

TEST(Session, EventsLoadedCountsRowsWhileFeeding) {
  std::vector<std::string> rows;
  for (int i = 0; i < 200; ++i) rows.push_back(Ga4Row("u" + std::to_string(i), kT0 + i, "e"));
  const std::string bytes = Ndjson(rows);
  Session session;
  ASSERT_TRUE(session.Feed(std::string_view(bytes).substr(0, bytes.size() / 2)).ok());
  const uint64_t midway = session.events_loaded();
  EXPECT_GT(midway, 0u);
  EXPECT_LT(midway, 200u);
  ASSERT_TRUE(session.Feed(std::string_view(bytes).substr(bytes.size() / 2)).ok());
  ASSERT_TRUE(session.Finish().ok());
  EXPECT_EQ(session.events_loaded(), 200u);
}

TEST(Session, UnsupportedFormatOptionIsBadInput) {
  Session session(SessionOptions{"csv"});
  ASSERT_TRUE(session.Feed("a,b\n").ok());
  const Status finished = session.Finish();
  EXPECT_EQ(finished.code(), StatusCode::kBadInput);
  EXPECT_EQ(finished.message(), "format 'csv' is not supported (use auto, ga4 or path_table)");
}

TEST(Session, BadSpecIsBadSpecAndKeepsTheLoadedData) {
  Session session;
  ASSERT_TRUE(session.Feed(Export()).ok());
  std::string result;
  EXPECT_EQ(session.Run("{", &result).code(), StatusCode::kBadSpec);
  EXPECT_EQ(session.Run(R"({"analyses":[]})", &result).code(), StatusCode::kBadSpec);
  EXPECT_EQ(RunOk(&session)["results"][0]["steps"][1]["count"], 1);
}

TEST(Session, SeveralInputsNameTheirErrors) {
  Session session;
  session.BeginInput("day1.ndjson");
  ASSERT_TRUE(session.Feed(Export()).ok());
  session.BeginInput("day2.ndjson");
  ASSERT_TRUE(session.Feed("\n{}\n" + Ga4Row("c", kT0, "page_view").Json()).ok());
  const nlohmann::json input = RunOk(&session)["input"];
  EXPECT_EQ(input["events"], 5);
  EXPECT_EQ(input["entities"], 3);
  EXPECT_EQ(input["errors"], nlohmann::json::parse(R"([
      {"line":3,"message":"day1.ndjson: event_timestamp is missing"},
      {"line":2,"message":"day2.ndjson: event_name is missing"}])"));
}

TEST(Session, DescribeListsEventsByCountFieldsAndTimeRange) {
  Session session;
  ASSERT_TRUE(session.Feed(Export()).ok());
  ASSERT_TRUE(session.Finish().ok());
  const nlohmann::json description = nlohmann::json::parse(session.Describe());
  EXPECT_EQ(description["events"], nlohmann::json::parse(R"([
      {"name":"page_view","count":3},{"name":"purchase","count":1}])"));
  const nlohmann::json& fields = description["fields"];
  for (const char* field :
       {"event", "channel", "source", "medium", "campaign", "session", "device.category",
        "param.ga_session_id", "param.value", "event_date"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end()) << field;
  }
  EXPECT_EQ(description["time_range_us"], nlohmann::json::parse("[1700000000000000,"
                                                                "1700000000000010]"));
  EXPECT_EQ(description["input"]["events"], 4);
}

TEST(Session, DescribeBeforeLoadingSaysSo) {
  Session session;
  EXPECT_EQ(nlohmann::json::parse(session.Describe()),
            nlohmann::json::parse(R"({"error":"no data loaded"})"));
}

}  // namespace
}  // namespace touchpath::testing
