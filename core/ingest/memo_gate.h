#pragma once

#include <cstdint>

namespace touchpath {

// Decides, row by row, whether a memo of repeated text (RecentTextMemo) is worth its
// bookkeeping on this export. Over a trial of kTrialRows rows the parser counts its tries and
// what they found; if fewer than `min_found_percent` of the tries found something, the memo
// rests for kRestRows rows (the parser takes its plain path: no lookups, no copies, no
// bookkeeping), then gets another trial. Exports whose users' rows follow one another keep it
// open; exports of many interleaved users close it, and then cost what they did without it.
class MemoGate {
 public:
  static constexpr uint32_t kTrialRows = 64;
  static constexpr uint32_t kRestRows = 64 * kTrialRows;

  explicit MemoGate(uint32_t min_found_percent) : min_found_percent_(min_found_percent) {}

  bool open() const { return resting_rows_ == 0; }
  // What the open memo was tried for in the current row, and how many of those tries found.
  void Count(uint32_t tries, uint32_t found) {
    tries_ += tries;
    found_ += found;
  }
  // Called once a row, after the row (kept or not).
  void EndRow() {
    if (resting_rows_ > 0) {
      --resting_rows_;
      return;
    }
    if (++rows_ < kTrialRows) return;
    if (uint64_t{found_} * 100 < uint64_t{tries_} * min_found_percent_) resting_rows_ = kRestRows;
    rows_ = tries_ = found_ = 0;
  }

 private:
  uint32_t min_found_percent_;
  uint32_t rows_ = 0;  // of the current trial
  uint32_t tries_ = 0;
  uint32_t found_ = 0;
  uint32_t resting_rows_ = 0;
};

}  // namespace touchpath
