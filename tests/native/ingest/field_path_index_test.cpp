// FieldPathIndex: (parent, key) to the field "parent.key", telling keys apart by their size and
// first and last words, and by their middle bytes past 16.
#include "core/ingest/field_path_index.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace touchpath::testing {
namespace {

// The key of `size` bytes 'k', with the byte at `changed` (if any) made 'j'.
std::string KeyWithByte(size_t size, size_t changed) {
  std::string key(size, 'k');
  if (changed < size) key[changed] = 'j';
  return key;
}

TEST(FieldPathIndex, KeysDifferingInAnyOneByteAreDifferentFields) {
  EventStoreBuilder builder;
  FieldPathIndex index(&builder);
  for (size_t size = 0; size <= 40; ++size) {
    // Each key lies inside a longer buffer, as keys lie inside their row.
    std::vector<std::string> rows;
    for (size_t changed = 0; changed <= size; ++changed) {
      rows.push_back("\"" + KeyWithByte(size, changed) + "\":1");
    }
    std::set<uint32_t> ids;
    for (const std::string& row : rows) {
      const std::string_view key = std::string_view(row).substr(1, size);
      const uint32_t id = index.Child(FieldPathIndex::kEventParams, key);
      EXPECT_EQ(builder.fields().Get(id), "param." + std::string(key)) << "size " << size;
      ids.insert(id);
    }
    EXPECT_EQ(ids.size(), rows.size()) << "size " << size;
    for (const std::string& row : rows) {
      const std::string_view key = std::string_view(row).substr(1, size);
      EXPECT_EQ(builder.fields().Get(index.Child(FieldPathIndex::kEventParams, key)),
                "param." + std::string(key))
          << "found again, size " << size;
    }
  }
}

TEST(FieldPathIndex, TheSameKeyUnderEachParentIsItsOwnField) {
  EventStoreBuilder builder;
  FieldPathIndex index(&builder);
  const uint32_t device = index.Child(FieldPathIndex::kTopLevel, "device");
  const uint32_t ids[] = {
      index.Child(FieldPathIndex::kTopLevel, "category"),
      index.Child(FieldPathIndex::kEventParams, "category"),
      index.Child(FieldPathIndex::kUserProperties, "category"),
      index.Child(device, "category"),
  };
  EXPECT_EQ(builder.fields().Get(ids[0]), "category");
  EXPECT_EQ(builder.fields().Get(ids[1]), "param.category");
  EXPECT_EQ(builder.fields().Get(ids[2]), "user.category");
  EXPECT_EQ(builder.fields().Get(ids[3]), "device.category");
  EXPECT_EQ(index.Child(device, "category"), ids[3]);
}

TEST(FieldPathIndex, AProjectionSkipsWhatItNeitherKeepsNorLeadsTo) {
  EventStoreBuilder builder;
  FieldProjection projection;
  projection.Add("param.currency");
  projection.Add("device.web_info.browser");
  FieldPathIndex index(&builder, projection);
  EXPECT_EQ(builder.fields().Get(index.Child(FieldPathIndex::kEventParams, "currency")),
            "param.currency");
  EXPECT_EQ(index.Child(FieldPathIndex::kEventParams, "page_title"), FieldPathIndex::kSkipped);
  EXPECT_EQ(index.Child(FieldPathIndex::kEventParams, "page_title"), FieldPathIndex::kSkipped)
      << "a skipped key found again";
  const uint32_t device = index.Child(FieldPathIndex::kTopLevel, "device");
  ASSERT_NE(device, FieldPathIndex::kSkipped) << "device leads to a kept field";
  EXPECT_EQ(index.Child(device, "category"), FieldPathIndex::kSkipped);
  const uint32_t web_info = index.Child(device, "web_info");
  EXPECT_EQ(builder.fields().Get(index.Child(web_info, "browser")), "device.web_info.browser");
  EXPECT_EQ(index.Child(FieldPathIndex::kTopLevel, "geo"), FieldPathIndex::kSkipped);
}

TEST(FieldPathIndex, KeepsEveryKeyAsItGrows) {
  EventStoreBuilder builder;
  FieldPathIndex index(&builder);
  std::vector<uint32_t> ids;
  for (int n = 0; n < 20000; ++n) {
    ids.push_back(index.Child(FieldPathIndex::kEventParams, "key_" + std::to_string(n)));
  }
  EXPECT_EQ(std::set<uint32_t>(ids.begin(), ids.end()).size(), ids.size());
  for (int n = 0; n < 20000; ++n) {
    ASSERT_EQ(index.Child(FieldPathIndex::kEventParams, "key_" + std::to_string(n)), ids[n])
        << "key_" << n;
  }
}

TEST(FieldPathIndex, LongKeysThatDifferOnlyInTheMiddleDoNotCrowdOneSlot) {
  // 500,000 keys sharing their first and last eight bytes: looked up by those words alone they
  // would all probe one cluster, each lookup past every key added before it (the suite's
  // 60-second limit fails it then). 24 bytes (a middle word) and 40 (a hashed middle).
  for (const int middle_digits : {8, 24}) {
    EventStoreBuilder builder;
    FieldPathIndex index(&builder);
    constexpr int kKeys = 500000;
    auto key = [&](int n) {
      const std::string digits = std::to_string(n);
      return "headhead" + std::string(middle_digits - digits.size(), '0') + digits + "tailtail";
    };
    std::set<uint32_t> ids;
    for (int n = 0; n < kKeys; ++n) ids.insert(index.Child(FieldPathIndex::kEventParams, key(n)));
    EXPECT_EQ(ids.size(), static_cast<size_t>(kKeys)) << middle_digits;
    EXPECT_EQ(builder.fields().Get(index.Child(FieldPathIndex::kEventParams, key(123456))),
              "param." + key(123456));
  }
}

}  // namespace
}  // namespace touchpath::testing
