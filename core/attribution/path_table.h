#pragma once

#include <cassert>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/hash.h"

namespace touchpath {

// A problem with one input line, kept for the result's "errors" list.
struct LineError {
  uint64_t line = 0;
  std::string message;
};

// The attribution models' input: aggregated journeys. Row r is one channel sequence with the
// conversions, conversion value and null (non-converting) journeys that followed it. Rows built
// from events also carry times (touch starts and the conversion time) for time_decay.
struct PathTable {
  std::vector<std::string> channels;  // channel id -> label

  // Row r's touches are [row_begin[r], row_begin[r + 1]) in touch_channel (and touch_time_us).
  std::vector<uint64_t> row_begin{0};
  std::vector<uint32_t> touch_channel;
  std::vector<int64_t> touch_time_us;  // empty when the input had no times

  std::vector<double> conversions;
  std::vector<double> value;
  std::vector<double> nulls;
  std::vector<int64_t> conversion_time_us;  // per row when the table has times, else empty

  // Rows the reader could not use (path-table files only).
  uint64_t skipped_rows = 0;
  std::vector<LineError> errors;  // the first kMaxErrors problems

  static constexpr size_t kMaxErrors = 100;

  size_t row_count() const { return conversions.size(); }
  size_t channel_count() const { return channels.size(); }
  bool has_times() const { return !conversion_time_us.empty(); }
  uint64_t path_length(size_t row) const { return row_begin[row + 1] - row_begin[row]; }
  const uint32_t* path_begin(size_t row) const { return touch_channel.data() + row_begin[row]; }
  const uint32_t* path_end(size_t row) const { return touch_channel.data() + row_begin[row + 1]; }
};

// Appends rows to a PathTable, interning channel labels.
class PathTableBuilder {
 public:
  explicit PathTableBuilder(PathTable* table);

  // The label's channel id, added to table->channels when new.
  uint32_t ChannelId(std::string_view label) {
    const uint64_t key = LabelKey(label);
    const Slot& slot = slots_[SlotOf(key, label.size())];
    if (slot.key == key && slot.size == label.size() && label.size() <= 8) return slot.id;
    return FindOrAddChannel(label, key);
  }
  void AddTouch(uint32_t channel) { table_->touch_channel.push_back(channel); }
  void AddTouch(uint32_t channel, int64_t time_us) {
    table_->touch_channel.push_back(channel);
    table_->touch_time_us.push_back(time_us);
  }
  // Ends the row holding the touches added since the previous EndRow.
  void EndRow(double conversions, double value, double nulls) {
    assert(table_->conversion_time_us.empty());
    table_->row_begin.push_back(table_->touch_channel.size());
    table_->conversions.push_back(conversions);
    table_->value.push_back(value);
    table_->nulls.push_back(nulls);
  }
  void EndTimedRow(double conversions, double value, double nulls, int64_t conversion_time_us);
  // Drops the touches added since the previous EndRow.
  void DiscardRow();

 private:
  static constexpr uint32_t kFreeSlot = 0xFFFFFFFFu;
  // An open-addressing slot: a label of up to 8 bytes is identified by (key, size) alone, so the
  // common lookup compares two integers; longer labels hash and compare their text as well.
  struct Slot {
    uint64_t key = 0;
    uint64_t size = ~uint64_t{0};  // no label's size: a free slot matches nothing
    uint32_t id = kFreeSlot;
  };

  // A label of up to 8 bytes as an integer (with the size, it is the label itself: two
  // overlapping 4-byte reads, or three single bytes); longer labels hash.
  static uint64_t LabelKey(std::string_view label) {
    const char* bytes = label.data();
    const size_t size = label.size();
    if (size > 8) return HashBytes(bytes, size);
    if (size >= 4) {
      uint32_t head, tail;
      std::memcpy(&head, bytes, 4);
      std::memcpy(&tail, bytes + size - 4, 4);
      return head | (uint64_t{tail} << 32);
    }
    if (size == 0) return 0;
    const auto byte = [bytes](size_t index) {
      return uint64_t{static_cast<unsigned char>(bytes[index])};
    };
    return byte(0) | (byte(size / 2) << 8) | (byte(size - 1) << 16);
  }
  // Fibonacci hashing: the top bits of a multiply pick the slot.
  size_t SlotOf(uint64_t key, size_t size) const {
    return static_cast<size_t>(((key ^ size) * 0x9E3779B97F4A7C15ULL) >> slot_shift_);
  }
  uint32_t FindOrAddChannel(std::string_view label, uint64_t key);
  uint32_t AddChannel(std::string_view label, uint64_t key, size_t slot);
  void Rehash(size_t slot_count);

  PathTable* table_;
  std::vector<Slot> slots_;  // a power of two, at most half full
  int slot_shift_ = 64;      // 64 - log2(slots_.size())
};

// Merges rows with the same channel sequence (summing their numbers); times are dropped.
// Rows keep the order of their first occurrence.
PathTable AggregatePaths(const PathTable& table);

// The row's path as "a > b > c", for messages and tests.
std::string PathText(const PathTable& table, size_t row);

}  // namespace touchpath
