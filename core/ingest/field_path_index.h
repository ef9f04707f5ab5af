#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/byte_scan.h"
#include "core/ingest/field_projection.h"
#include "core/store/event_store_builder.h"

namespace touchpath {

// Maps (parent field, key) to the id of the field "parent.key" without building the dotted
// path: the ingest hot path sees ~50 keys a row (a GA4 row's top level, its records and its
// ~11 params), so a lookup must cost a few dozen instructions, hit or miss.
// Under a projection, a path that is neither stored nor on the way to a stored field maps to
// kSkipped and is never interned.
class FieldPathIndex {
 public:
  // Parents that are not fields themselves: the row's top level, event_params, user_properties.
  static constexpr uint32_t kTopLevel = 0xFFFFFFFFu;
  static constexpr uint32_t kEventParams = 0xFFFFFFFEu;
  static constexpr uint32_t kUserProperties = 0xFFFFFFFDu;
  // A field the projection drops: its value is skipped.
  static constexpr uint32_t kSkipped = 0xFFFFFFFCu;

  // `stored`: the fields to keep (nullopt: all).
  explicit FieldPathIndex(EventStoreBuilder* builder,
                          std::optional<FieldProjection> stored = std::nullopt);

  uint32_t Child(uint32_t parent, std::string_view key) {
    const KeyWords words = WordsOf(key);
    // A key fits 32 bits: it lies in one record, and the splitter caps records at 64 MiB.
    const uint64_t parent_and_size = uint64_t{parent} << 32 | key.size();
    const size_t mask = slots_.size() - 1;
    for (size_t slot = SlotOf(words, parent_and_size) & mask;; slot = (slot + 1) & mask) {
      const Slot& candidate = slots_[slot];
      if (candidate.child == kNoId) return AddChild(parent, key, slot);
      if (candidate.parent_and_size == parent_and_size && candidate.first == words.first &&
          candidate.last == words.last &&
          (key.size() <= kKeyBytesInWords || MiddleEquals(candidate, key))) {
        return candidate.child;
      }
    }
  }

 private:
  // A key's first and last eight bytes (fewer bytes packed the same way for shorter keys).
  // With its size they tell apart any two keys of up to 16 bytes, nearly every key in an
  // export, with two word comparisons instead of a byte comparison. A longer key's middle
  // bytes are hashed too: keys that differ only there must not all share one slot's cluster.
  struct KeyWords {
    uint64_t first = 0;
    uint64_t last = 0;
    uint64_t middle_hash = 0;
  };
  static constexpr size_t kKeyBytesInWords = 16;

  struct Slot {
    uint64_t first = 0;  // KeyWords' (the middle's hash is only for finding the slot)
    uint64_t last = 0;
    uint64_t parent_and_size = 0;
    uint32_t child = kNoId;   // kNoId: an empty slot
    uint32_t key_offset = 0;  // where keys_ holds the key's text
  };

  static KeyWords WordsOf(std::string_view key) {
    using byte_scan::WordAt;
    const char* const bytes = key.data();
    const size_t size = key.size();
    if (size >= 8) {
      const uint64_t first = WordAt<uint64_t>(bytes);
      const uint64_t last = WordAt<uint64_t>(bytes + size - 8);
      if (size <= kKeyBytesInWords) return {first, last, 0};
      // Up to 24 bytes, the word after the first one is the middle (overlapping the last).
      if (size <= kKeyBytesInWords + 8) {
        return {first, last, WordAt<uint64_t>(bytes + 8) * 0x9FB21C651E98DF25ULL};
      }
      return {first, last, MiddleHashOfLongKey(key)};
    }
    if (size >= 4) {
      return {
          uint64_t{WordAt<uint32_t>(bytes)} | uint64_t{WordAt<uint32_t>(bytes + size - 4)} << 32, 0,
          0};
    }
    // An empty key's data() may be null: only read when there are bytes.
    if (size == 0) return {};
    return {uint64_t{static_cast<unsigned char>(bytes[0])} |
                uint64_t{static_cast<unsigned char>(bytes[size / 2])} << 8 |
                uint64_t{static_cast<unsigned char>(bytes[size - 1])} << 16,
            0, 0};
  }

  // Out of line: keys over 24 bytes are few, and inlined into Child it made WASM loads 3-4%
  // slower (bench/RESULTS.md).
  [[gnu::noinline]] static uint64_t MiddleHashOfLongKey(std::string_view key);

  static size_t SlotOf(const KeyWords& words, uint64_t parent_and_size) {
    uint64_t hash = words.first * 0x9E3779B97F4A7C15ULL ^ words.last * 0xC2B2AE3D27D4EB4FULL ^
                    parent_and_size * 0x165667B19E3779F9ULL ^ words.middle_hash;
    hash ^= hash >> 29;
    return static_cast<size_t>((hash * 0xBF58476D1CE4E5B9ULL) >> 32);
  }

  // Past the two words: the bytes between them, for keys longer than 16 bytes.
  bool MiddleEquals(const Slot& slot, std::string_view key) const {
    return byte_scan::BytesEqual(keys_.data() + slot.key_offset + 8, key.data() + 8,
                                 key.size() - kKeyBytesInWords);
  }

  uint32_t AddChild(uint32_t parent, std::string_view key, size_t empty_slot);
  void Grow();

  EventStoreBuilder* builder_;
  std::optional<FieldProjection> stored_;
  std::vector<Slot> slots_;  // open addressing, power-of-two size, at most half full
  size_t used_ = 0;
  std::string keys_;  // key text of every slot
};

}  // namespace touchpath
