// A memory limit stops loading with a clear error naming the line, before finishing would
// need more than the limit (what keeps a browser tab's engine alive near 4 GiB).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/engine/session.h"
#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

constexpr const char* kSpec = R"({"analyses":[{"type":"funnel","id":"f",)"
                              R"("steps":[{"event":"page_view"},{"event":"purchase"}]}]})";

// 40,000 events of 4,000 users, with params: ~10 MiB when finished.
std::string LargeExport() {
  std::vector<std::string> rows;
  for (int i = 0; i < 40000; ++i) {
    rows.push_back(Ga4Row("user" + std::to_string(i % 4000), kT0 + i * 1000000LL,
                          i % 10 == 9 ? "purchase" : "page_view")
                       .SessionId(i % 4000)
                       .StringParam("page_location", "https://example.com/p/" + std::to_string(i))
                       .IntParam("engagement_time_msec", i)
                       .Json());
  }
  return Ndjson(rows);
}

Status FeedAll(Session* session, const std::string& bytes) {
  for (size_t begin = 0; begin < bytes.size(); begin += 1 << 20) {
    const Status status = session->Feed(std::string_view(bytes).substr(begin, 1 << 20));
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

TEST(SessionMemoryLimit, StopsWithAClearErrorNamingTheLineAndEveryLaterCallSaysSo) {
  const std::string bytes = LargeExport();
  SessionOptions options;
  options.memory_limit_bytes = 2 << 20;
  Session session(options);
  session.BeginInput("big.ndjson");
  const Status fed = FeedAll(&session, bytes);
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.code(), StatusCode::kOutOfMemory);
  const std::string& message = fed.message();
  EXPECT_NE(message.find("out of memory for this export: loading stopped at line "),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("limit of 2 MiB"), std::string::npos) << message;
  // The need is rounded up: it never reads as equal to the limit it passed.
  const size_t need = message.find("need about ");
  ASSERT_NE(need, std::string::npos) << message;
  EXPECT_GT(std::stoul(message.substr(need + 11)), 2u) << message;
  EXPECT_NE(message.find("4 GiB"), std::string::npos) << message;
  EXPECT_LT(session.events_loaded(), 40000u) << "it stopped early";
  EXPECT_GT(session.events_loaded(), 0u);
  EXPECT_EQ(session.Feed("more").message(), message);
  const Status finished = session.Finish();
  EXPECT_EQ(finished.code(), StatusCode::kOutOfMemory);
  EXPECT_EQ(finished.message(), message);
  std::string result;
  EXPECT_EQ(session.Run(kSpec, &result).message(), message);
}

TEST(SessionMemoryLimit, TheLastEventsSinceTheLastCheckAreCheckedWhenLoadingFinishes) {
  // 1,500 events: the limit is checked at the 1,024th while loading, and again at the end.
  std::vector<std::string> rows;
  for (int i = 0; i < 1500; ++i) {
    rows.push_back(Ga4Row("user" + std::to_string(i), kT0 + i * 1000000LL, "page_view")
                       .StringParam("page_location", "https://example.com/" + std::to_string(i))
                       .Json());
  }
  const std::string bytes = Ndjson(rows);
  Session unlimited;
  ASSERT_TRUE(FeedAll(&unlimited, bytes).ok());
  // A limit the whole load passes but its first 1,024 events do not.
  const size_t cut = bytes.find("user1024");
  Session first_rows;
  ASSERT_TRUE(FeedAll(&first_rows, bytes.substr(0, bytes.rfind('\n', cut) + 1)).ok());
  ASSERT_LT(first_rows.bytes_to_finish(), unlimited.bytes_to_finish());
  SessionOptions options;
  options.memory_limit_bytes = (first_rows.bytes_to_finish() + unlimited.bytes_to_finish()) / 2;
  Session limited(options);
  ASSERT_TRUE(FeedAll(&limited, bytes).ok());
  const Status finished = limited.Finish();
  EXPECT_EQ(finished.code(), StatusCode::kOutOfMemory);
  EXPECT_NE(finished.message().find("loading stopped at the end of the input after 1500 events"),
            std::string::npos)
      << finished.message();
}

TEST(SessionMemoryLimit, ALimitAboveWhatTheLoadNeedsChangesNothing) {
  const std::string bytes = LargeExport();
  SessionOptions limited;
  limited.memory_limit_bytes = size_t{256} << 20;
  std::string results[2];
  for (int i = 0; i < 2; ++i) {
    Session session(i == 0 ? limited : SessionOptions());
    ASSERT_TRUE(FeedAll(&session, bytes).ok());
    ASSERT_TRUE(session.Finish().ok());
    ASSERT_TRUE(session.Run(kSpec, &results[i]).ok());
  }
  EXPECT_EQ(results[0], results[1]);
  EXPECT_NE(results[0].find("\"events\":40000"), std::string::npos);
}

TEST(SessionMemoryLimit, BytesToFinishGrowsWithTheLoadAndIsWhatTheLimitIsCheckedAgainst) {
  const std::string bytes = LargeExport();
  const size_t middle = bytes.find('\n', bytes.size() / 2) + 1;
  const std::string_view first_half = std::string_view(bytes).substr(0, middle);
  const std::string_view second_half = std::string_view(bytes).substr(middle);
  Session unlimited;
  ASSERT_TRUE(FeedAll(&unlimited, std::string(first_half)).ok());
  const uint64_t half_need = unlimited.bytes_to_finish();
  ASSERT_TRUE(FeedAll(&unlimited, std::string(second_half)).ok());
  EXPECT_GT(half_need, 1u << 20);
  EXPECT_GT(unlimited.bytes_to_finish(), half_need + (1u << 20));

  // Limited to what half the export needs: the first half loads, the second stops.
  SessionOptions options;
  options.memory_limit_bytes = half_need;
  Session limited(options);
  ASSERT_TRUE(FeedAll(&limited, std::string(first_half)).ok());
  EXPECT_EQ(limited.bytes_to_finish(), half_need);
  EXPECT_EQ(FeedAll(&limited, std::string(second_half)).code(), StatusCode::kOutOfMemory);
}

TEST(SessionMemoryLimit, PathTablesStopAtTheByteThatPassesTheLimit) {
  std::string table = "path;total_conversions;total_conversion_value;total_null\n";
  while (table.size() < (3u << 20)) table += "google / cpc > email > direct;1;10;0\n";
  SessionOptions options;
  options.memory_limit_bytes = 2 << 20;
  Session session(options);
  const Status fed = FeedAll(&session, table);
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.code(), StatusCode::kOutOfMemory);
  EXPECT_NE(fed.message().find("out of memory for this export: loading stopped at byte "),
            std::string::npos)
      << fed.message();
  EXPECT_EQ(session.Finish().message(), fed.message());
}

}  // namespace
}  // namespace touchpath::testing
