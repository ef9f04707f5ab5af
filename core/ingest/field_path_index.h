#pragma once

#include <array>
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
// path: the ingest hot path sees ~50 keys a row, and hashing full paths was a hot spot.
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
  uint32_t Child(uint32_t parent, std::string_view key) { return Find(parent, key).child; }

  // A child and where the index keeps its key's text, for callers that cache lookups.
  struct Found {
    uint32_t child = kNoId;
    uint32_t key_offset = 0;
    uint32_t key_size = 0;
  };
  Found Find(uint32_t parent, std::string_view key);
  bool KeyEquals(const Found& found, std::string_view key) const {
    return found.key_size == key.size() &&
           byte_scan::BytesEqual(keys_.data() + found.key_offset, key.data(), key.size());
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t parent = 0;
    uint32_t child = kNoId;
    uint32_t key_offset = 0;
    uint32_t key_size = 0;
  };
  Found AddChild(uint32_t parent, std::string_view key);
  void Grow();

  EventStoreBuilder* builder_;
  std::optional<FieldProjection> stored_;
  std::vector<Slot> slots_;  // open addressing, power-of-two size, at most half full
  size_t used_ = 0;
  std::string keys_;  // key text of every slot
};

// Rows repeat their keys in much the same order: remembering the last few keys seen at each
// position of a parent turns a repeat into a comparison or two instead of a hash lookup. A few,
// because GA4 params after the first ones differ by event type.
class KeyOrderCache {
 public:
  KeyOrderCache(FieldPathIndex* index, uint32_t parent) : index_(index), parent_(parent) {}
  uint32_t Child(size_t position, std::string_view key);

 private:
  static constexpr size_t kMaxPositions = 256;
  // A new key comes first; a key found moves up one place (cheaper than to the front, and the
  // keys a position sees most stay first all the same).
  using RecentKeys = std::array<FieldPathIndex::Found, 4>;
  FieldPathIndex* index_;
  uint32_t parent_;
  std::vector<RecentKeys> positions_;
};

}  // namespace touchpath
