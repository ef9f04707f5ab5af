#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace touchpath {

// An open-addressing index of dense ids by a hash of what each names (a power-of-two table, at
// most half full, probed linearly), so a lookup touches one cache line in the common case. The
// hash's low 32 bits are kept: they place an id (no table reaches 2^32 slots) and sort out most
// others before the caller compares what they name. 8 bytes a slot. StringDictionary indexes
// its texts with one, EventStoreBuilder its contexts' rows.
class IdIndex {
 public:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;

  // Grows (rehashing into a table twice the size) if one id more than `ids` would pass half
  // full. Call before Find for an id that may be added: growing moves the slots.
  void MakeRoomForOneMore(size_t ids) {
    if ((ids + 1) * 2 > slots_.size()) Grow();
  }
  // The slot of the id with this hash for which `matches(id)` holds, or the empty slot where
  // such an id goes. The table must not be empty.
  template <typename Matches>
  size_t Find(uint32_t hash, Matches&& matches) const {
    const size_t mask = slots_.size() - 1;
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      const Slot& candidate = slots_[slot];
      if (candidate.id == kEmpty) return slot;
      if (candidate.hash == hash && matches(candidate.id)) return slot;
    }
  }
  // kEmpty when the slot holds no id.
  uint32_t IdAt(size_t slot) const { return slots_[slot].id; }
  void Set(size_t slot, uint32_t hash, uint32_t id) { slots_[slot] = Slot{hash, id}; }
  bool empty() const { return slots_.empty(); }

  size_t MemoryBytes() const { return slots_.capacity() * sizeof(Slot); }
  // What the next growth allocates: the new table, held beside the old one while it fills.
  size_t BytesToGrow() const { return 2 * std::max(slots_.size(), kInitialSlots) * sizeof(Slot); }

 private:
  struct Slot {
    uint32_t hash = 0;
    uint32_t id = kEmpty;
  };
  static constexpr size_t kInitialSlots = 64;

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? kInitialSlots : old.size() * 2, Slot());
    const size_t mask = slots_.size() - 1;
    for (const Slot& entry : old) {
      if (entry.id == kEmpty) continue;
      size_t slot = entry.hash & mask;
      while (slots_[slot].id != kEmpty) slot = (slot + 1) & mask;
      slots_[slot] = entry;
    }
  }

  std::vector<Slot> slots_;
};

}  // namespace touchpath
