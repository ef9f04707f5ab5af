#include "core/ingest/skipped_value_memo.h"

#include <algorithm>

#include "core/common/byte_scan.h"

namespace touchpath {

bool SkippedValueMemo::Skip(size_t position, std::string_view key, JsonCursor* cursor) {
  const JsonType type = cursor->Peek();
  const bool memoizable =
      type == JsonType::kObject || type == JsonType::kArray || type == JsonType::kString;
  if (!memoizable || position >= kMaxPositions) return cursor->SkipValue();
  if (position >= positions_.size()) positions_.resize(position + 1);
  Position& memo = positions_[position];
  if (memo.key != key) {
    memo.key.assign(key);
    memo.recent.clear();
  }
  const std::string_view rest = cursor->rest();
  for (size_t i = 0; i < memo.recent.size(); ++i) {
    const std::string& text = memo.recent[i];
    if (text.size() <= rest.size() &&
        byte_scan::BytesEqual(text.data(), rest.data(), text.size())) {
      cursor->SkipKnownValue(text.size());
      std::rotate(memo.recent.begin(), memo.recent.begin() + i, memo.recent.begin() + i + 1);
      return true;
    }
  }
  if (!cursor->SkipValue()) return false;
  const size_t size = rest.size() - cursor->rest().size();
  if (size > kMaxValueBytes) return true;
  if (memo.recent.size() < kRecentPerKey) memo.recent.emplace_back();
  std::rotate(memo.recent.rbegin(), memo.recent.rbegin() + 1, memo.recent.rend());
  memo.recent.front().assign(rest.substr(0, size));
  return true;
}

}  // namespace touchpath
