#include "core/store/string_dictionary.h"

#include <algorithm>
#include <cstring>

#include "core/common/byte_scan.h"
#include "core/common/hash.h"
#include "core/common/vector_growth.h"

namespace touchpath {

namespace {
constexpr size_t kBlockBytes = 1 << 16;
constexpr size_t kInitialSlots = 64;
}  // namespace

std::string_view StringDictionary::Store(std::string_view text) {
  if (text.empty()) return std::string_view();
  if (block_used_ + text.size() > block_size_) {
    // Long strings get a block of their own so one huge value never wastes a shared block.
    const size_t size = text.size() > kBlockBytes / 4 ? text.size() : kBlockBytes;
    blocks_.push_back(std::unique_ptr<char[]>(new char[size]));  // not zeroed: written first
    block_size_ = size;
    block_bytes_ += size;
    block_used_ = 0;
  }
  char* destination = blocks_.back().get() + block_used_;
  std::memcpy(destination, text.data(), text.size());
  block_used_ += text.size();
  return std::string_view(destination, text.size());
}

size_t StringDictionary::FindSlot(std::string_view text, uint32_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Slot& candidate = slots_[slot];
    if (candidate.id == kNoId) return slot;
    if (candidate.hash == hash && views_[candidate.id].size() == text.size() &&
        byte_scan::BytesEqual(views_[candidate.id].data(), text.data(), text.size())) {
      return slot;
    }
  }
}

void StringDictionary::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? kInitialSlots : old.size() * 2, Slot());
  const size_t mask = slots_.size() - 1;
  for (const Slot& entry : old) {
    if (entry.id == kNoId) continue;
    size_t slot = entry.hash & mask;
    while (slots_[slot].id != kNoId) slot = (slot + 1) & mask;
    slots_[slot] = entry;
  }
}

uint32_t StringDictionary::Intern(std::string_view text) {
  if ((views_.size() + 1) * 2 > slots_.size()) Grow();
  const auto hash = static_cast<uint32_t>(HashBytes(text.data(), text.size()));
  const size_t slot = FindSlot(text, hash);
  if (slots_[slot].id != kNoId) return slots_[slot].id;
  const auto id = static_cast<uint32_t>(views_.size());
  views_.push_back(Store(text));
  slots_[slot] = Slot{hash, id};
  return id;
}

uint32_t StringDictionary::Find(std::string_view text) const {
  if (slots_.empty()) return kNoId;
  return slots_[FindSlot(text, static_cast<uint32_t>(HashBytes(text.data(), text.size())))].id;
}

size_t StringDictionary::MemoryBytes() const {
  return block_bytes_ + blocks_.capacity() * sizeof(blocks_[0]) +
         views_.capacity() * sizeof(views_[0]) + slots_.capacity() * sizeof(Slot);
}

size_t StringDictionary::BytesToGrow() const {
  // The index grows by rehashing into one twice its size.
  return kBlockBytes + 2 * std::max(slots_.size(), kInitialSlots) * sizeof(Slot) +
         BytesOfNextGrowth(views_);
}

void StringDictionary::EncodeTo(ByteWriter* out) const {
  out->Number(views_.size());
  for (std::string_view text : views_) out->Text(text);
}

bool StringDictionary::DecodeFrom(ByteReader* in) {
  const uint64_t count = in->Number();
  for (uint64_t id = 0; id < count && in->ok(); ++id) {
    // A text seen twice would not get a new id: not a dictionary's encoding.
    in->FailIf(Intern(in->Text()) != id);
  }
  return in->ok();
}

}  // namespace touchpath
