#include "core/ingest/field_path_index.h"

#include <cstring>
#include <utility>

#include "core/common/byte_scan.h"
#include "core/common/hash.h"

namespace touchpath {

FieldPathIndex::FieldPathIndex(EventStoreBuilder* builder, std::optional<FieldProjection> stored)
    : builder_(builder), stored_(std::move(stored)), slots_(256) {}

uint32_t FieldPathIndex::Child(uint32_t parent, std::string_view key) {
  const uint64_t hash = HashCombine(HashBytes(key.data(), key.size()), parent);
  const size_t mask = slots_.size() - 1;
  for (size_t slot = hash & mask; slots_[slot].child != kNoId; slot = (slot + 1) & mask) {
    const Slot& candidate = slots_[slot];
    if (candidate.hash == hash && candidate.parent == parent && candidate.key_size == key.size() &&
        byte_scan::BytesEqual(keys_.data() + candidate.key_offset, key.data(), key.size())) {
      return candidate.child;
    }
  }
  return AddChild(parent, key);
}

uint32_t FieldPathIndex::AddChild(uint32_t parent, std::string_view key) {
  std::string path;
  if (parent == kEventParams) {
    path = "param.";
  } else if (parent == kUserProperties) {
    path = "user.";
  } else if (parent != kTopLevel) {
    path = std::string(builder_->fields().Get(parent)) + ".";
  }
  path += key;
  const bool needed = !stored_ || stored_->Keeps(path) || stored_->LeadsTo(path);
  const uint32_t child = needed ? builder_->FieldId(path) : kSkipped;

  if ((used_ + 1) * 2 > slots_.size()) Grow();
  const uint64_t hash = HashCombine(HashBytes(key.data(), key.size()), parent);
  const size_t mask = slots_.size() - 1;
  size_t slot = hash & mask;
  while (slots_[slot].child != kNoId) slot = (slot + 1) & mask;
  slots_[slot] = Slot{hash, parent, child, static_cast<uint32_t>(keys_.size()),
                      static_cast<uint32_t>(key.size())};
  keys_.append(key);
  ++used_;
  return child;
}

void FieldPathIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot());
  const size_t mask = slots_.size() - 1;
  for (const Slot& entry : old) {
    if (entry.child == kNoId) continue;
    size_t slot = entry.hash & mask;
    while (slots_[slot].child != kNoId) slot = (slot + 1) & mask;
    slots_[slot] = entry;
  }
}

uint32_t KeyOrderCache::Child(size_t position, std::string_view key) {
  if (position < entries_.size() && entries_[position].field_id != kNoId &&
      entries_[position].key.size() == key.size() &&
      byte_scan::BytesEqual(entries_[position].key.data(), key.data(), key.size())) {
    return entries_[position].field_id;
  }
  const uint32_t field_id = index_->Child(parent_, key);
  if (position < kMaxPositions) {
    if (position >= entries_.size()) entries_.resize(position + 1);
    entries_[position].key.assign(key);
    entries_[position].field_id = field_id;
  }
  return field_id;
}

}  // namespace touchpath
