#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/byte_scan.h"

namespace touchpath {

// Remembers, per position in a row, the last few texts seen there with what reading each one
// gave (the Payload). A user's consecutive GA4 rows repeat much of their text byte for byte at
// the same positions, and a text found again is passed over with one comparison instead of
// being read again. Used for runs of top-level members a projection skips, and for
// event_params elements.
template <typename Payload>
class RecentTextMemo {
 public:
  // Two: a row often follows a row of another user, whose texts differ; more cost more
  // comparisons than they save on user-grouped exports.
  static constexpr size_t kRecentPerPosition = 2;
  // At a position whose texts are not found again, only one text in this many is kept.
  static constexpr size_t kTryEvery = 32;

  struct Entry {
    std::string text;
    Payload payload{};
  };

  // Texts longer than `max_text_bytes` are not remembered.
  explicit RecentTextMemo(size_t max_text_bytes) : max_text_bytes_(max_text_bytes) {}

  // A text remembered at `position` that `rest` starts with; nullptr if none. The caller
  // knows where its texts end (a closing brace, the ',' before the next member), so a
  // remembered text that starts `rest` is the whole of what is there.
  const Entry* Find(size_t position, std::string_view rest) {
    if (position >= positions_.size()) return nullptr;
    Position& at = positions_[position];
    std::vector<Entry>& recent = at.recent;
    for (size_t i = 0; i < recent.size(); ++i) {
      const std::string& text = recent[i].text;
      if (text.size() <= rest.size() && byte_scan::BytesEqual(text.data(), rest.data(), text.size())) {
        std::rotate(recent.begin(), recent.begin() + i, recent.begin() + i + 1);
        at.adds_since_found = 0;
        return &recent.front();
      }
    }
    return nullptr;
  }

  // Remembers `text` at `position` as the most recent, dropping the least recent beyond
  // kRecentPerPosition, and returns its payload for the caller to set (it holds what the
  // dropped entry held: assigning reuses its memory). nullptr when the text is not kept: too
  // long, or at a position whose texts never repeat (a timestamp offset, an engagement time),
  // where only one text in kTryEvery is kept once kTryEvery were kept without being found.
  Payload* Add(size_t position, std::string_view text) {
    if (position >= kMaxPositions || text.size() > max_text_bytes_) return nullptr;
    if (position >= positions_.size()) positions_.resize(position + 1);
    Position& at = positions_[position];
    if (at.adds_since_found++ >= kTryEvery && at.adds_since_found % kTryEvery != 0) return nullptr;
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
    size_t adds_since_found = 0;
  };
  size_t max_text_bytes_;
  std::vector<Position> positions_;
};

}  // namespace touchpath
