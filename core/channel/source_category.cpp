#include "core/channel/source_category.h"

#include <cstddef>
#include <iterator>

#include "core/channel/ascii_case.h"

namespace touchpath {
namespace {

constexpr SourceCategoryEntry kSourceCategories[] = {
#include "core/channel/source_categories_data.inc"
};

constexpr bool IsStrictlySortedLowerCase() {
  for (std::size_t i = 0; i < std::size(kSourceCategories); ++i) {
    const std::string_view source = kSourceCategories[i].source;
    for (char c : source) {
      if (c != ascii_case::ToLower(c)) return false;
    }
    if (i > 0 && !(kSourceCategories[i - 1].source < source)) return false;
  }
  return true;
}
static_assert(IsStrictlySortedLowerCase(),
              "source_categories_data.inc must be lower case, sorted and unique; "
              "regenerate it with tools/gen-source-categories.mjs");

}  // namespace

SourceCategory LookupSourceCategory(std::string_view source) {
  std::size_t low = 0;
  std::size_t high = std::size(kSourceCategories);
  while (low < high) {
    const std::size_t mid = low + (high - low) / 2;
    const int order = ascii_case::CompareLowered(source, kSourceCategories[mid].source);
    if (order == 0) return kSourceCategories[mid].category;
    if (order < 0) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return SourceCategory::kNone;
}

}  // namespace touchpath
