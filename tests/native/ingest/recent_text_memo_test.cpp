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
  RecentTextMemo<size_t> memo(1024, 0);
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
  RecentTextMemo<int> memo(1024, 0);
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
  RecentTextMemo<int> memo(8, 0);
  Remember(&memo, 0, "12345678", 1);
  EXPECT_EQ(memo.Add(1, "123456789"), nullptr);
  EXPECT_NE(memo.Find(0, "12345678,"), nullptr);
  EXPECT_EQ(memo.Find(1, "123456789,"), nullptr);
}

// A position where too few lookups find a text rests: it finds and keeps nothing for kRest
// lookups, then is judged again. Other positions, and positions that pay, go on.
TEST(RecentTextMemo, APositionThatFindsTooLittleRestsThenTriesAgain) {
  using Memo = RecentTextMemo<int>;
  Memo memo(1024, 25);
  const std::string repeated = "repeated";
  // Position 1: a quarter of its lookups find a text (pays). Position 2: an eighth (rests).
  for (uint32_t i = 0; i < Memo::kWindow; ++i) {
    for (uint32_t position : {1u, 2u}) {
      if (i % (4 * position) == 0) {
        Remember(&memo, position, repeated, 1);
        ASSERT_NE(memo.Find(position, repeated), nullptr);
      } else {
        ASSERT_EQ(memo.Find(position, "new " + std::to_string(i)), nullptr);
      }
    }
  }
  Remember(&memo, 1, repeated, 1);
  EXPECT_NE(memo.Find(1, repeated), nullptr) << "a position that paid goes on";
  EXPECT_EQ(memo.Add(2, repeated), nullptr) << "a position that did not pay keeps nothing";
  for (uint32_t i = 0; i < Memo::kRest; ++i) {
    ASSERT_EQ(memo.Find(2, repeated), nullptr) << "resting, lookup " << i;
  }
  Remember(&memo, 2, repeated, 7);
  const Memo::Entry* found = memo.Find(2, repeated);
  ASSERT_NE(found, nullptr) << "after its rest, the position is tried again";
  EXPECT_EQ(found->payload, 7);
}

}  // namespace
}  // namespace touchpath::testing
