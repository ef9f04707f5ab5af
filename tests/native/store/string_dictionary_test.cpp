// StringDictionary: dense ids in order of first appearance, and sealing, after which new texts
// go to a small table of their own and the index and views never grow again.
#include "core/store/string_dictionary.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/native/support/encoding.h"

namespace touchpath {
namespace {

TEST(StringDictionary, SealedKeepsItsIdsAndNumbersLaterTextsAfterThem) {
  StringDictionary dictionary;
  EXPECT_EQ(dictionary.Intern("a"), 0u);
  EXPECT_EQ(dictionary.Intern("b"), 1u);
  dictionary.Seal();
  EXPECT_EQ(dictionary.Intern("a"), 0u);
  EXPECT_EQ(dictionary.Intern("c"), 2u);
  EXPECT_EQ(dictionary.Intern(""), 3u);
  EXPECT_EQ(dictionary.Intern("c"), 2u);
  EXPECT_EQ(dictionary.size(), 4u);
  EXPECT_EQ(dictionary.Get(1), "b");
  EXPECT_EQ(dictionary.Get(2), "c");
  EXPECT_EQ(dictionary.Find("b"), 1u);
  EXPECT_EQ(dictionary.Find("c"), 2u);
  EXPECT_EQ(dictionary.Find("d"), kNoId);

  StringDictionary decoded;
  ASSERT_TRUE(testing::DecodeInto(testing::EncodedBytes(dictionary), &decoded));
  ASSERT_EQ(decoded.size(), 4u);
  for (uint32_t id = 0; id < 4; ++id) EXPECT_EQ(decoded.Get(id), dictionary.Get(id)) << id;
}

// 65,536 texts: the index (2^17 slots) is full to its half, so the next text doubles it.
StringDictionary DictionaryAtItsIndexLimit() {
  StringDictionary dictionary;
  for (int i = 0; i < 65536; ++i) dictionary.Intern("text" + std::to_string(i));
  return dictionary;
}

TEST(StringDictionary, SealedNeverGrowsItsIndexOrViews) {
  StringDictionary open = DictionaryAtItsIndexLimit();
  const size_t open_before = open.MemoryBytes();
  open.Intern("one more");
  ASSERT_GE(open.MemoryBytes() - open_before, size_t{1} << 20) << "the index doubled, unsealed";

  StringDictionary sealed = DictionaryAtItsIndexLimit();
  const size_t sealed_before = sealed.MemoryBytes();
  sealed.Seal();
  for (size_t i = 0; i < StringDictionary::kTextsAfterSeal; ++i) {
    ASSERT_EQ(sealed.Intern("later" + std::to_string(i)), 65536 + i);
  }
  EXPECT_LE(sealed.MemoryBytes() - sealed_before, StringDictionary::BytesToInternAfterSeal());
  EXPECT_EQ(sealed.Get(65536 + 7), "later7");
  EXPECT_EQ(sealed.Find("text7"), 7u);
}

}  // namespace
}  // namespace touchpath
