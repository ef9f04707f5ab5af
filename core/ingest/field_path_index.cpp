#include "core/ingest/field_path_index.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/common/byte_scan.h"
#include "core/common/hash.h"

namespace touchpath {

FieldPathIndex::FieldPathIndex(EventStoreBuilder* builder, std::optional<FieldProjection> stored)
    : builder_(builder), stored_(std::move(stored)), slots_(256) {}

FieldPathIndex::Found FieldPathIndex::Find(uint32_t parent, std::string_view key) {
  const uint64_t hash = HashCombine(HashBytes(key.data(), key.size()), parent);
  const size_t mask = slots_.size() - 1;
  for (size_t slot = hash & mask; slots_[slot].child != kNoId; slot = (slot + 1) & mask) {
    const Slot& candidate = slots_[slot];
    if (candidate.hash == hash && candidate.parent == parent && candidate.key_size == key.size() &&
        byte_scan::BytesEqual(keys_.data() + candidate.key_offset, key.data(), key.size())) {
      return Found{candidate.child, candidate.key_offset, candidate.key_size};
    }
  }
  return AddChild(parent, key);
}

FieldPathIndex::Found FieldPathIndex::AddChild(uint32_t parent, std::string_view key) {
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
  const Found found{child, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size())};
  slots_[slot] = Slot{hash, parent, found.child, found.key_offset, found.key_size};
  keys_.append(key);
  ++used_;
  return found;
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
  if (position >= kMaxPositions) return index_->Child(parent_, key);
  if (position >= positions_.size()) positions_.resize(position + 1);
  RecentKeys& recent = positions_[position];
  for (size_t i = 0; i < recent.size() && recent[i].child != kNoId; ++i) {
    if (index_->KeyEquals(recent[i], key)) {
      const FieldPathIndex::Found hit = recent[i];
      if (i > 0) std::swap(recent[i], recent[i - 1]);
      return hit.child;
    }
  }
  // Element by element: std::copy_backward of these few bytes was a call to memmove.
  for (size_t i = recent.size() - 1; i > 0; --i) recent[i] = recent[i - 1];
  recent[0] = index_->Find(parent_, key);
  return recent[0].child;
}

}  // namespace touchpath
