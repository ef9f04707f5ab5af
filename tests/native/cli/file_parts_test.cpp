// The native CLI reads a large plain file on several threads (cli/file_parts.cpp): cut at line
// starts, each part read by its own session, appended in order. The result must be the bytes
// one thread gives.
#include "cli/file_parts.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

constexpr const char* kSpec =
    R"({"analyses":[{"type":"funnel","id":"checkout","breakdown":"device.category",)"
    R"("steps":[{"event":"view_item"},{"event":"add_to_cart"},{"event":"purchase"}]},)"
    R"({"type":"attribution","models":["linear","last_touch"]}]})";

// A temporary file holding `bytes`, removed with the object.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& bytes) {
    char name[] = "/tmp/touchpath-parts-XXXXXX";
    fd_ = mkstemp(name);
    path_ = name;
    EXPECT_EQ(write(fd_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  ~TemporaryFile() {
    close(fd_);
    std::remove(path_.c_str());
  }
  int fd() const { return fd_; }

 private:
  int fd_;
  std::string path_;
};

// About `bytes` of GA4 lines, users spread over the whole file, a line that is not JSON every
// 5,000 rows (so every part holds errors).
std::string LargeExport(size_t bytes) {
  static const char* const kEvents[] = {"page_view", "view_item", "add_to_cart", "purchase"};
  static const char* const kDevices[] = {R"({"category":"mobile"})", R"({"category":"desktop"})"};
  std::string text;
  for (int64_t row = 0; text.size() < bytes; ++row) {
    if (row % 5000 == 4999) text += "not json\n";
    Ga4Row line("user" + std::to_string(row % 997), kT0 + row * kMinute, kEvents[row % 4]);
    line.SessionId(row / 40)
        .StringParam("page_location", "https://shop.example/item/" + std::to_string(row % 311))
        .Field("device", kDevices[row % 7 % 2])
        .Field("traffic_source", row % 3 ? R"({"source":"google","medium":"cpc"})"
                                         : R"({"source":"newsletter","medium":"email"})");
    if (row % 4 == 3)
      line.Field("ecommerce", R"({"purchase_revenue":)" + std::to_string(row % 50) + "}");
    text += line.Json() + "\n";
  }
  return text;
}

// The result and Describe after reading the file on up to `threads` threads.
std::string RunAfterReading(const TemporaryFile& file, unsigned threads,
                            unsigned expected_parts_appended) {
  Session session;
  session.BeginInput("large.ndjson");
  const uint64_t size = static_cast<uint64_t>(lseek(file.fd(), 0, SEEK_END));
  unsigned parts_appended = 0;
  const Status status =
      cli::FeedFileInParts(file.fd(), 0, size, threads, session, "large.ndjson", &parts_appended);
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(parts_appended, expected_parts_appended) << threads << " threads";
  std::string result;
  EXPECT_TRUE(session.Run(kSpec, &result).ok());
  return result + "\n" + session.Describe();
}

TEST(FileParts, CutsFallJustAfterNewlinesAndKeepPartsLarge) {
  const std::string bytes = LargeExport(3 * cli::kMinPartBytes + 1000);
  TemporaryFile file(bytes);
  for (unsigned parts : {2u, 3u, 8u}) {
    std::vector<uint64_t> cuts;
    ASSERT_TRUE(cli::LineStartCuts(file.fd(), 0, bytes.size(), parts, "f", &cuts).ok());
    ASSERT_EQ(cuts.size(), std::min(parts, 3u) - 1) << parts << " parts";
    uint64_t previous = 0;
    for (uint64_t cut : cuts) {
      EXPECT_EQ(bytes[cut - 1], '\n');
      EXPECT_GE(cut - previous, cli::kMinPartBytes);
      previous = cut;
    }
  }
}

TEST(FileParts, AFileUnderTwoPartsIsNotCut) {
  const std::string bytes = LargeExport(2 * cli::kMinPartBytes - 4096);
  TemporaryFile file(bytes);
  std::vector<uint64_t> cuts;
  ASSERT_TRUE(cli::LineStartCuts(file.fd(), 0, bytes.size(), 4, "f", &cuts).ok());
  EXPECT_TRUE(cuts.empty());
}

TEST(FileParts, ReadingInPartsGivesTheResultOfOneThread) {
  TemporaryFile file(LargeExport(2 * cli::kMinPartBytes + 4 * 1000 * 1000));
  const std::string one_thread = RunAfterReading(file, 1, 0);
  const nlohmann::json input =
      nlohmann::json::parse(one_thread.substr(0, one_thread.find('\n')))["input"];
  EXPECT_GE(input["skipped"].get<int>(), 6) << "errors in every part";
  EXPECT_EQ(RunAfterReading(file, 2, 1), one_thread);
  EXPECT_EQ(RunAfterReading(file, 3, 1), one_thread) << "two parts: no room for a third";
}

}  // namespace
}  // namespace touchpath::testing
