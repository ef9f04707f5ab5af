// A later part read by another engine instance (the JS API's second WebAssembly worker) and
// handed over as bytes: the first session's results are those of one session reading it all,
// damaged bytes are refused with a clear error and leave the first session able to read the
// part's bytes itself, and a part that cannot be merged is said so.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/engine/session.h"
#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

constexpr char kSpec[] = R"({"analyses":[
  {"type":"funnel","id":"f","steps":[{"event":"view_item"},{"event":"purchase"}],"window":"1d",
   "breakdown":"device.category"},
  {"type":"funnel","id":"s","count":"sessions","steps":[{"event":"view_item"},{"event":"purchase"}],
   "breakdown":"channel"},
  {"type":"attribution","id":"a","conversion":{"event":"purchase"},"models":["last_touch","linear"]}]})";

// Rows of several users and sessions, a skipped line in the later half, and padding past the
// bytes format detection waits for.
std::string Export() {
  std::vector<std::string> rows;
  for (int i = 0; i < 40; ++i) {
    Ga4Row row("user" + std::to_string(i % 6), kT0 + i * 11 * kMinute,
               i % 5 == 4 ? "purchase" : "view_item");
    row.SessionId(1000 + i / 8)
        .StringParam("source", i % 2 ? "google" : "newsletter")
        .StringParam("medium", i % 2 ? "cpc" : "email")
        .StringParam("pad", std::string(300, static_cast<char>('a' + i % 26)))
        .Field("device", i % 3 ? R"({"category":"mobile"})" : R"({"category":"desktop"})");
    if (i % 5 == 4) row.DoubleParam("value", 10.0 + i);
    rows.push_back(row.Json());
    if (i == 30) rows.push_back("{broken");
  }
  return Ndjson(rows);
}

size_t HalfwayLineStart(const std::string& bytes) { return bytes.find('\n', bytes.size() / 2) + 1; }

std::string RunAll(Session* session) {
  std::string result;
  const Status status = session->Run(kSpec, &result);
  EXPECT_TRUE(status.ok()) << status.message();
  return result;
}

std::string OneSessionResult(const std::string& bytes) {
  Session session;
  session.BeginInput("export.ndjson");
  EXPECT_TRUE(session.Feed(bytes).ok());
  EXPECT_TRUE(session.Finish().ok());
  return RunAll(&session) + session.Describe();
}

std::string EncodedPart(std::string_view part_bytes) {
  Session part;
  part.BeginLaterPart("export.ndjson");
  EXPECT_TRUE(part.Feed(part_bytes).ok());
  return part.EncodeLaterPart();
}

TEST(SessionEncodedPart, AFirstSessionWithAnEncodedLaterPartEqualsOneSession) {
  const std::string bytes = Export();
  const size_t cut = HalfwayLineStart(bytes);
  Session first;
  first.BeginInput("export.ndjson");
  ASSERT_TRUE(first.Feed(bytes.substr(0, cut)).ok());
  ASSERT_TRUE(first.ReadsLines());
  bool appended = false;
  const Status status = first.AppendEncodedPart(EncodedPart(bytes.substr(cut)), &appended);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(appended);
  ASSERT_TRUE(first.Finish().ok());
  const std::string result = RunAll(&first) + first.Describe();
  EXPECT_EQ(result, OneSessionResult(bytes));
  EXPECT_NE(result.find("\"skipped\":1"), std::string::npos) << "the later part's bad line counts";
}

TEST(SessionEncodedPart, DamagedBytesAreRefusedAndTheFirstSessionReadsThePartItself) {
  const std::string bytes = Export();
  const size_t cut = HalfwayLineStart(bytes);
  const std::string encoded = EncodedPart(bytes.substr(cut));
  std::vector<std::string> damaged;
  for (size_t size = 0; size < encoded.size(); size += 1 + size / 16) {
    damaged.push_back(encoded.substr(0, size));  // cut short
  }
  for (size_t at = 0; at < encoded.size(); at += 1 + at / 16) {
    std::string flipped = encoded;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
    damaged.push_back(flipped);
  }
  damaged.push_back(encoded + "x");
  damaged.push_back("not a part at all");
  const std::string expected = OneSessionResult(bytes);
  for (const std::string& bad : damaged) {
    SCOPED_TRACE(std::to_string(bad.size()) + " bytes");
    Session first;
    first.BeginInput("export.ndjson");
    ASSERT_TRUE(first.Feed(bytes.substr(0, cut)).ok());
    bool appended = true;
    const Status status = first.AppendEncodedPart(bad, &appended);
    EXPECT_EQ(status.code(), StatusCode::kBadInput);
    EXPECT_NE(status.message().find("damaged"), std::string::npos) << status.message();
    EXPECT_FALSE(appended);
    ASSERT_TRUE(first.Feed(bytes.substr(cut)).ok());
    ASSERT_TRUE(first.Finish().ok());
    EXPECT_EQ(RunAll(&first) + first.Describe(), expected);
  }
}

TEST(SessionEncodedPart, APartIsNotAppendedWhereTheInputIsNotReadInLines) {
  const std::string lines = Export();
  const std::string array = "[" + lines.substr(0, lines.size() / 2);  // a JSON array export
  Session first;
  first.BeginInput("export.json");
  ASSERT_TRUE(first.Feed(array).ok());
  EXPECT_FALSE(first.ReadsLines());
  bool appended = true;
  EXPECT_TRUE(first.AppendEncodedPart(EncodedPart(lines.substr(HalfwayLineStart(lines))),
                                      &appended).ok());
  EXPECT_FALSE(appended);
}

}  // namespace
}  // namespace touchpath::testing
