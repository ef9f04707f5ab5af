#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/byte_scan.h"

namespace touchpath {

// Remembers, per position in a row, the last few texts seen there with what reading each one
// gave (the Payload). A user's consecutive GA4 rows repeat much of their text byte for byte at
// the same positions, and a text found again is passed over with one comparison instead of
// being read again. Used for runs of top-level members, and for event_params elements.
//
// Whether that pays depends on the export: where a user's rows follow one another (a quiet
// site's day table, the bench's export) most texts are found again; where many users' rows
// interleave (the public GA4 sample: 0.4% of rows follow a row of the same user) few are, and
// a miss costs a comparison and a copy. So each position measures itself: over a window of
// lookups, if fewer than `min_found_percent` found a text, the position rests (finds nothing,
// keeps nothing) for a while, then tries again.
template <typename Payload>
class RecentTextMemo {
 public:
  // Two: a row often follows a row of another user, whose texts differ; more cost more
  // comparisons than they save on user-grouped exports.
  static constexpr size_t kRecentPerPosition = 2;
  // Lookups a position is judged over, and how many it then rests for when it did not pay.
  static constexpr uint32_t kWindow = 64;
  static constexpr uint32_t kRest = 16 * kWindow;

  struct Entry {
    std::string text;
    Payload payload{};
  };

  // Texts longer than `max_text_bytes` are not remembered.
  RecentTextMemo(size_t max_text_bytes, uint32_t min_found_percent)
      : max_text_bytes_(max_text_bytes), min_found_percent_(min_found_percent) {}

  // A text remembered at `position` that `rest` starts with; nullptr if none (or if the
  // position rests). The caller knows where its texts end (a closing brace, the ',' before
  // the next member), so a remembered text that starts `rest` is the whole of what is there.
  const Entry* Find(size_t position, std::string_view rest) {
    if (position >= positions_.size()) return nullptr;
    Position& at = positions_[position];
    if (at.resting > 0) {
      --at.resting;
      return nullptr;
    }
    const Entry* found = nullptr;
    std::vector<Entry>& recent = at.recent;
    for (size_t i = 0; i < recent.size(); ++i) {
      const std::string& text = recent[i].text;
      if (text.size() <= rest.size() && byte_scan::BytesEqual(text.data(), rest.data(), text.size())) {
        std::rotate(recent.begin(), recent.begin() + i, recent.begin() + i + 1);
        found = &recent.front();
        ++at.found;
        break;
      }
    }
    if (++at.lookups == kWindow) {
      if (at.found * 100 < kWindow * min_found_percent_) at.resting = kRest;
      at.lookups = 0;
      at.found = 0;
    }
    return found;
  }

  // Remembers `text` at `position` as the most recent, dropping the least recent beyond
  // kRecentPerPosition, and returns its payload for the caller to set (it holds what the
  // dropped entry held: assigning reuses its memory). nullptr when the text is not kept: too
  // long, or the position rests.
  Payload* Add(size_t position, std::string_view text) {
    if (position >= kMaxPositions || text.size() > max_text_bytes_) return nullptr;
    if (position >= positions_.size()) positions_.resize(position + 1);
    Position& at = positions_[position];
    if (at.resting > 0) return nullptr;
    std::vector<Entry>& recent = at.recent;
    if (recent.size() < kRecentPerPosition) recent.emplace_back();
    std::rotate(recent.rbegin(), recent.rbegin() + 1, recent.rend());
    recent.front().text.assign(text);
    return &recent.front().payload;
  }

 private:
  static constexpr size_t kMaxPositions = 256;
  struct Position {
    std::vector<Entry> recent;  // most recent first
    uint32_t lookups = 0;       // in the current window
    uint32_t found = 0;         // of them
    uint32_t resting = 0;       // lookups left to rest for
  };
  size_t max_text_bytes_;
  uint32_t min_found_percent_;
  std::vector<Position> positions_;
};

}  // namespace touchpath
