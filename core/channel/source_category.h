#pragma once

#include <cstdint>
#include <string_view>

namespace touchpath {

// Google's classification of traffic sources, used by GA4's default channel group rules.
enum class SourceCategory : std::uint8_t { kNone, kSearch, kSocial, kVideo, kShopping };

struct SourceCategoryEntry {
  std::string_view source;  // lower case; the table is sorted by byte order
  SourceCategory category;
};

// Case-insensitive exact match against Google's list (core/channel/ga4_source_categories.csv);
// kNone when the source is not listed.
SourceCategory LookupSourceCategory(std::string_view source);

}  // namespace touchpath
