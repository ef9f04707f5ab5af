#include "core/channel/source_category.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

namespace touchpath {
namespace {

constexpr SourceCategoryEntry kGeneratedEntries[] = {
#include "core/channel/source_categories_data.inc"
};

const std::map<std::string, SourceCategory>& CsvCategoryNames() {
  static const std::map<std::string, SourceCategory> names = {
      {"SOURCE_CATEGORY_SEARCH", SourceCategory::kSearch},
      {"SOURCE_CATEGORY_SOCIAL", SourceCategory::kSocial},
      {"SOURCE_CATEGORY_VIDEO", SourceCategory::kVideo},
      {"SOURCE_CATEGORY_SHOPPING", SourceCategory::kShopping},
  };
  return names;
}

// The committed CSV, keyed by lower-cased source (the engine matches case-insensitively).
std::map<std::string, SourceCategory> ReadCommittedCsv() {
  std::ifstream csv(std::string(TOUCHPATH_SOURCE_DIR) + "/core/channel/ga4_source_categories.csv");
  std::map<std::string, SourceCategory> rows;
  std::string line;
  std::getline(csv, line);  // header
  while (std::getline(csv, line)) {
    if (line.empty()) continue;
    const std::size_t comma = line.find(',');
    std::string source = line.substr(0, comma);
    for (char& c : source) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    rows[source] = CsvCategoryNames().at(line.substr(comma + 1));
  }
  return rows;
}

TEST(SourceCategory, GeneratedTableMatchesCommittedCsv) {
  const std::map<std::string, SourceCategory> csv = ReadCommittedCsv();
  ASSERT_EQ(csv.size(), 819u);
  ASSERT_EQ(std::size(kGeneratedEntries), csv.size())
      << "regenerate with: node tools/gen-source-categories.mjs";
  auto row = csv.begin();
  for (const SourceCategoryEntry& entry : kGeneratedEntries) {
    EXPECT_EQ(entry.source, row->first);
    EXPECT_EQ(entry.category, row->second) << row->first;
    ++row;
  }
}

TEST(SourceCategory, EveryCsvSourceIsFound) {
  for (const auto& [source, category] : ReadCommittedCsv()) {
    EXPECT_EQ(LookupSourceCategory(source), category) << source;
  }
}

TEST(SourceCategory, KnownSources) {
  EXPECT_EQ(LookupSourceCategory("google"), SourceCategory::kSearch);
  EXPECT_EQ(LookupSourceCategory("t.co"), SourceCategory::kSocial);
  EXPECT_EQ(LookupSourceCategory("youtube.com"), SourceCategory::kVideo);
  EXPECT_EQ(LookupSourceCategory("amazon"), SourceCategory::kShopping);
}

TEST(SourceCategory, LookupIgnoresCase) {
  EXPECT_EQ(LookupSourceCategory("GOOGLE"), SourceCategory::kSearch);
  EXPECT_EQ(LookupSourceCategory("Google Shopping"), SourceCategory::kShopping);
  EXPECT_EQ(LookupSourceCategory("IGShopping"), SourceCategory::kShopping);
}

TEST(SourceCategory, UnlistedSourcesAreNone) {
  EXPECT_EQ(LookupSourceCategory(""), SourceCategory::kNone);
  EXPECT_EQ(LookupSourceCategory("(direct)"), SourceCategory::kNone);
  EXPECT_EQ(LookupSourceCategory("newsletter"), SourceCategory::kNone);
  EXPECT_EQ(LookupSourceCategory("www.google.com"), SourceCategory::kNone);  // exact match only
  EXPECT_EQ(LookupSourceCategory("googl"), SourceCategory::kNone);
  EXPECT_EQ(LookupSourceCategory("googlex"), SourceCategory::kNone);
}

}  // namespace
}  // namespace touchpath
