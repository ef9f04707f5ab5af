#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  uint32_t Child(uint32_t parent, std::string_view key);

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t parent = 0;
    uint32_t child = kNoId;
    uint32_t key_offset = 0;
    uint32_t key_size = 0;
  };
  uint32_t AddChild(uint32_t parent, std::string_view key);
  void Grow();

  EventStoreBuilder* builder_;
  std::optional<FieldProjection> stored_;
  std::vector<Slot> slots_;  // open addressing, power-of-two size, at most half full
  size_t used_ = 0;
  std::string keys_;  // key text of every slot
};

// Rows repeat their keys in the same order: remembering the key seen at each position of a
// parent turns a repeat into one comparison instead of a hash lookup.
class KeyOrderCache {
 public:
  KeyOrderCache(FieldPathIndex* index, uint32_t parent) : index_(index), parent_(parent) {}
  uint32_t Child(size_t position, std::string_view key);

 private:
  static constexpr size_t kMaxPositions = 256;
  struct Entry {
    std::string key;
    uint32_t field_id = kNoId;
  };
  FieldPathIndex* index_;
  uint32_t parent_;
  std::vector<Entry> entries_;
};

}  // namespace touchpath
