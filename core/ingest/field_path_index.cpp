#include "core/ingest/field_path_index.h"

#include <utility>

#include "core/common/hash.h"

namespace touchpath {

FieldPathIndex::FieldPathIndex(EventStoreBuilder* builder, std::optional<FieldProjection> stored)
    : builder_(builder), stored_(std::move(stored)), slots_(256) {}

uint32_t FieldPathIndex::AddChild(uint32_t parent, std::string_view key, size_t empty_slot) {
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

  Slot& slot = slots_[empty_slot];
  const KeyWords words = WordsOf(key);
  slot.first = words.first;
  slot.last = words.last;
  slot.parent_and_size = uint64_t{parent} << 32 | key.size();
  slot.child = child;
  slot.key_offset = static_cast<uint32_t>(keys_.size());
  keys_.append(key);
  if (++used_ * 2 > slots_.size()) Grow();
  return child;
}

uint64_t FieldPathIndex::MiddleHashOfLongKey(std::string_view key) {
  return HashBytes(key.data() + 8, key.size() - kKeyBytesInWords);
}

void FieldPathIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot());
  const size_t mask = slots_.size() - 1;
  for (const Slot& entry : old) {
    if (entry.child == kNoId) continue;
    const std::string_view key(keys_.data() + entry.key_offset,
                               entry.parent_and_size & 0xFFFFFFFFu);
    size_t slot = SlotOf(WordsOf(key), entry.parent_and_size) & mask;
    while (slots_[slot].child != kNoId) slot = (slot + 1) & mask;
    slots_[slot] = entry;
  }
}

}  // namespace touchpath
