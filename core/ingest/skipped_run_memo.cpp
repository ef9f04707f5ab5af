#include "core/ingest/skipped_run_memo.h"

#include <algorithm>

#include "core/common/byte_scan.h"

namespace touchpath {

SkippedRunMemo::Match SkippedRunMemo::Find(size_t position, std::string_view rest) {
  if (position >= positions_.size()) return Match();
  std::vector<Run>& recent = positions_[position];
  for (size_t i = 0; i < recent.size(); ++i) {
    const Run& run = recent[i];
    if (run.text.size() <= rest.size() &&
        byte_scan::BytesEqual(run.text.data(), rest.data(), run.text.size())) {
      std::rotate(recent.begin(), recent.begin() + i, recent.begin() + i + 1);
      return Match{recent.front().members, recent.front().text.size()};
    }
  }
  return Match();
}

void SkippedRunMemo::Add(size_t position, std::string_view text, size_t members) {
  if (position >= kMaxPositions || text.size() > kMaxRunBytes) return;
  if (position >= positions_.size()) positions_.resize(position + 1);
  std::vector<Run>& recent = positions_[position];
  if (recent.size() < kRecentPerPosition) recent.emplace_back();
  std::rotate(recent.rbegin(), recent.rbegin() + 1, recent.rend());
  recent.front().text.assign(text);
  recent.front().members = members;
}

}  // namespace touchpath
