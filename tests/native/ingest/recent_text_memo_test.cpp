// RecentTextMemo: texts remembered per position are found again only as a prefix of what
// follows, at their own position, and only the most recent few are kept.
#include "core/ingest/recent_text_memo.h"

#include <gtest/gtest.h>

#include <string>

namespace touchpath::testing {
namespace {

template <typename Payload>
void Remember(RecentTextMemo<Payload>* memo, size_t position, const std::string& text,
              Payload payload) {
  Payload* remembered = memo->Add(position, text);
  ASSERT_NE(remembered, nullptr) << text;
  *remembered = payload;
}

TEST(RecentTextMemo, FindsARememberedTextThatStartsTheRest) {
  RecentTextMemo<size_t> memo(1024);
  const std::string run = R"(,"geo":{"city":"Paris"},"platform":"WEB")";
  EXPECT_EQ(memo.Find(3, run + "}"), nullptr);
  Remember<size_t>(&memo, 3, run, 2);
  const RecentTextMemo<size_t>::Entry* found = memo.Find(3, run + R"(,"x":1})");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->payload, 2u);
  EXPECT_EQ(found->text, run);
  EXPECT_EQ(memo.Find(4, run + "}"), nullptr) << "texts are kept per position";
  EXPECT_EQ(memo.Find(3, R"(,"geo":{"city":"Lyon"},"platform":"WEB"})"), nullptr);
  EXPECT_EQ(memo.Find(3, run.substr(0, run.size() - 1)), nullptr) << "rest too short";
}

TEST(RecentTextMemo, KeepsTheMostRecentTextsOfAPosition) {
  constexpr int kKept = static_cast<int>(RecentTextMemo<int>::kRecentPerPosition);
  RecentTextMemo<int> memo(1024);
  auto run = [](int city) { return R"(,"geo":{"city":")" + std::to_string(city) + R"("},"p":1)"; };
  for (int city = 0; city <= kKept; ++city) Remember(&memo, 1, run(city), city);
  EXPECT_EQ(memo.Find(1, run(0)), nullptr) << "the oldest was dropped";
  for (int city = 1; city <= kKept; ++city) {
    ASSERT_NE(memo.Find(1, run(city)), nullptr) << city;
    EXPECT_EQ(memo.Find(1, run(city))->payload, city);
  }
  memo.Find(1, run(1));  // now the most recent: survives the next addition
  Remember(&memo, 1, run(99), 99);
  EXPECT_NE(memo.Find(1, run(1)), nullptr);
  EXPECT_EQ(memo.Find(1, run(kKept)), nullptr) << "the least recently found was dropped";
}

TEST(RecentTextMemo, TextsLongerThanItsLimitAreNotRemembered) {
  RecentTextMemo<int> memo(8);
  Remember(&memo, 0, "12345678", 1);
  EXPECT_EQ(memo.Add(1, "123456789"), nullptr);
  EXPECT_NE(memo.Find(0, "12345678,"), nullptr);
  EXPECT_EQ(memo.Find(1, "123456789,"), nullptr);
}

TEST(RecentTextMemo, APositionWhoseTextsNeverRepeatKeepsFewUntilOneIsFoundAgain) {
  constexpr size_t kTry = RecentTextMemo<int>::kTryEvery;
  RecentTextMemo<int> memo(1024);
  auto text = [](size_t i) { return "offset " + std::to_string(i); };
  size_t kept = 0;
  for (size_t i = 0; i < 4 * kTry; ++i) kept += memo.Add(5, text(i)) != nullptr;
  EXPECT_EQ(kept, kTry + 3) << "all until kTryEvery were not found, then one in kTryEvery";
  EXPECT_NE(memo.Add(6, text(0)), nullptr) << "other positions are not affected";
  // A text kept and found again: texts are kept at that position again.
  for (size_t i = 4 * kTry;; ++i) {
    if (int* kept_text = memo.Add(5, text(i))) {
      *kept_text = 1;
      ASSERT_NE(memo.Find(5, text(i)), nullptr);
      break;
    }
  }
  for (size_t i = 0; i < kTry; ++i) EXPECT_NE(memo.Add(5, "again " + std::to_string(i)), nullptr);
}

}  // namespace
}  // namespace touchpath::testing
