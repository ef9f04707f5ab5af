// SessionKeyColumn: staged session keys in 4 bytes an event, any int64 key (or none) read back
// as it was pushed, across chunks, appended from another column and through its encoding.
#include "core/store/session_key_column.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tests/native/support/encoding.h"

namespace touchpath {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Keys as exports have them (Unix seconds a session, repeated, or none) with, here and there,
// keys far from the rest: the extremes, and just inside and outside 2^31 of a chunk's first.
std::vector<std::optional<int64_t>> MixedKeys(size_t count) {
  std::mt19937_64 random(5);
  std::vector<std::optional<int64_t>> keys;
  for (size_t i = 0; i < count; ++i) {
    switch (random() % 16) {
      case 0:
        keys.push_back(std::nullopt);
        break;
      case 1:
        keys.push_back(random() % 2 ? kMin : kMax);
        break;
      case 2:
        keys.push_back(static_cast<int64_t>(random()));
        break;
      default:
        keys.push_back(1700000000 + static_cast<int64_t>(i / 7));
    }
  }
  return keys;
}

std::vector<std::optional<int64_t>> ReadAll(const SessionKeyColumn& column) {
  std::vector<std::optional<int64_t>> keys;
  for (size_t i = 0; i < column.size(); ++i) keys.push_back(column[i]);
  return keys;
}

TEST(SessionKeyColumn, ReadsBackEveryKeyAsPushedAcrossChunks) {
  const std::vector<std::optional<int64_t>> keys = MixedKeys(200000);
  SessionKeyColumn column;
  for (const auto& key : keys) column.push_back(key);
  EXPECT_EQ(ReadAll(column), keys);
}

TEST(SessionKeyColumn, KeysAtTheEdgesOfAChunksRangeReadBackAsPushed) {
  const int64_t base = 1700000000;
  const std::vector<std::optional<int64_t>> keys = {
      base,           base + (int64_t{1} << 31) - 2, base - (int64_t{1} << 31) + 1,
      base + (int64_t{1} << 31) - 1, base - (int64_t{1} << 31), std::nullopt, kMin, kMax, 0};
  SessionKeyColumn column;
  for (const auto& key : keys) column.push_back(key);
  EXPECT_EQ(ReadAll(column), keys);
}

TEST(SessionKeyColumn, TakesFourBytesAKeyNearItsChunksFirst) {
  SessionKeyColumn column;
  for (int64_t i = 0; i < 300000; ++i) column.push_back(1700000000 + i / 10);
  EXPECT_LE(column.MemoryBytes(), size_t{300000} * 4 + (size_t{1} << 20));
}

TEST(SessionKeyColumn, AppendsAnotherColumnAsIfItsKeysHadBeenPushed) {
  const std::vector<std::optional<int64_t>> keys = MixedKeys(150000);
  for (const size_t cut : {size_t{0}, size_t{1}, size_t{65536}, size_t{70001}, keys.size()}) {
    SessionKeyColumn first;
    SessionKeyColumn later;
    for (size_t i = 0; i < keys.size(); ++i) (i < cut ? first : later).push_back(keys[i]);
    first.AppendDraining(std::move(later));
    EXPECT_EQ(ReadAll(first), keys) << "cut at " << cut;
    EXPECT_EQ(later.size(), 0u);
  }
}

TEST(SessionKeyColumn, RoundTripsThroughItsEncodingAndRefusesItCutShort) {
  const std::vector<std::optional<int64_t>> keys = MixedKeys(100000);
  SessionKeyColumn column;
  for (const auto& key : keys) column.push_back(key);
  const std::string bytes = testing::EncodedBytes(column);
  SessionKeyColumn decoded;
  ASSERT_TRUE(testing::DecodeInto(bytes, &decoded));
  EXPECT_EQ(ReadAll(decoded), keys);
  for (const size_t cut : {size_t{0}, bytes.size() / 2, bytes.size() - 1}) {
    SessionKeyColumn cut_short;
    EXPECT_FALSE(testing::DecodeInto(std::string_view(bytes).substr(0, cut), &cut_short))
        << "cut at " << cut;
  }
}

}  // namespace
}  // namespace touchpath
