// Path tables through the Session door: detected from their header, attribution only.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/engine/session.h"

namespace touchpath {
namespace {

const char* kPathTable =
    "path;total_conversions;total_conversion_value;total_null\n"
    "C1 > C2 > C3;1;10;0\n"
    "C1;0;0;1\n"
    "C2 > C3;0;0;1\n";

const char* kAttribution =
    R"({"analyses": [{"type": "attribution", "models": ["first_touch", "markov"]}]})";

nlohmann::json RunOn(Session& session, const std::string& spec, Status* status) {
  std::string result;
  *status = session.Run(spec, &result);
  return status->ok() ? nlohmann::json::parse(result) : nlohmann::json();
}

TEST(SessionPathTable, DetectedFromTheHeaderAndAttributed) {
  Session session;
  ASSERT_TRUE(session.Feed(kPathTable).ok());
  Status status;
  const nlohmann::json result = RunOn(session, kAttribution, &status);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(result["input"]["format"], "path_table");
  EXPECT_EQ(result["input"]["paths"], 3);
  EXPECT_EQ(result["input"]["channels"], 3);
  EXPECT_EQ(result["results"][0]["conversions"], 1.0);
  const nlohmann::json& markov = result["results"][0]["models"]["markov"];
  ASSERT_EQ(markov.size(), 3u);
  EXPECT_NEAR(markov[0]["conversions"].get<double>(), 0.2, 1e-12);
  EXPECT_NEAR(markov[1]["conversions"].get<double>(), 0.4, 1e-12);
}

TEST(SessionPathTable, AProjectionForTheSpecReadsThePathTableWhole) {
  SessionOptions options;
  options.projection.emplace();
  ASSERT_TRUE(ProjectionForSpecs(kAttribution, &*options.projection).ok());
  Session projected(options);
  Session full;
  ASSERT_TRUE(projected.Feed(kPathTable).ok());
  ASSERT_TRUE(full.Feed(kPathTable).ok());
  Status status;
  EXPECT_EQ(RunOn(projected, kAttribution, &status), RunOn(full, kAttribution, &status));
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(nlohmann::json::parse(projected.Describe())["projected"], false);
}

TEST(SessionPathTable, BadRowsAreSkippedAndCountedInTheInputReport) {
  Session session;
  ASSERT_TRUE(session.Feed(std::string(kPathTable) + "C1 > C2;x;0;0\n").ok());
  Status status;
  const nlohmann::json result = RunOn(session, kAttribution, &status);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(result["input"]["skipped"], 1);
  EXPECT_EQ(result["input"]["errors"][0]["line"], 5);
}

TEST(SessionPathTable, FunnelOnAPathTableIsABadSpec) {
  Session session;
  ASSERT_TRUE(session.Feed(kPathTable).ok());
  Status status;
  RunOn(session, R"({"analyses": [{"type": "funnel", "steps": ["a"]}]})", &status);
  EXPECT_EQ(status.code(), StatusCode::kBadSpec);
  EXPECT_NE(status.message().find("analyses[0]: a funnel needs event data"), std::string::npos);
}

TEST(SessionPathTable, CannotBeMixedWithEventExports) {
  Session session;
  session.BeginInput("events.ndjson");
  ASSERT_TRUE(session
                  .Feed(R"({"event_name":"a","event_timestamp":"1","user_pseudo_id":"p"})"
                        "\n")
                  .ok());
  session.BeginInput("paths.csv");
  ASSERT_TRUE(session.Feed(kPathTable).ok());
  const Status finished = session.Finish();
  EXPECT_EQ(finished.code(), StatusCode::kBadInput);
  EXPECT_EQ(finished.message(), "paths.csv is a path table; it cannot be mixed with event exports");
}

TEST(SessionPathTable, FormatOptionForcesThePathTableReader) {
  Session session(SessionOptions{"path_table"});
  ASSERT_TRUE(session.Feed("{\"not\": \"a table\"}\n").ok());
  EXPECT_EQ(session.Finish().code(), StatusCode::kBadInput);
}

}  // namespace
}  // namespace touchpath
