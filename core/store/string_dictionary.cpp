#include "core/store/string_dictionary.h"

#include <algorithm>
#include <cstring>

#include "core/common/byte_scan.h"
#include "core/common/hash.h"
#include "core/common/vector_growth.h"

namespace touchpath {

namespace {

constexpr size_t kBlockBytes = 1 << 16;

uint32_t TextHash(std::string_view text) {
  return static_cast<uint32_t>(HashBytes(text.data(), text.size()));
}

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
  return index_.Find(hash, [&](uint32_t id) {
    return views_[id].size() == text.size() &&
           byte_scan::BytesEqual(views_[id].data(), text.data(), text.size());
  });
}

uint32_t StringDictionary::FindBeforeSeal(std::string_view text) const {
  return index_.empty() ? kNoId : index_.IdAt(FindSlot(text, TextHash(text)));
}

uint32_t StringDictionary::Intern(std::string_view text) {
  if (late_) {
    const uint32_t id = FindBeforeSeal(text);
    return id != kNoId ? id : static_cast<uint32_t>(views_.size()) + late_->Intern(text);
  }
  index_.MakeRoomForOneMore(views_.size());
  const uint32_t hash = TextHash(text);
  const size_t slot = FindSlot(text, hash);
  if (index_.IdAt(slot) != kNoId) return index_.IdAt(slot);
  const auto id = static_cast<uint32_t>(views_.size());
  views_.push_back(Store(text));
  index_.Set(slot, hash, id);
  return id;
}

uint32_t StringDictionary::Find(std::string_view text) const {
  const uint32_t id = FindBeforeSeal(text);
  if (id != kNoId || !late_) return id;
  const uint32_t late_id = late_->Find(text);
  return late_id == kNoId ? kNoId : static_cast<uint32_t>(views_.size()) + late_id;
}

void StringDictionary::Seal() {
  if (!late_) late_ = std::make_unique<StringDictionary>();
}

size_t StringDictionary::MemoryBytes() const {
  return block_bytes_ + blocks_.capacity() * sizeof(blocks_[0]) +
         views_.capacity() * sizeof(views_[0]) + index_.MemoryBytes() +
         (late_ ? late_->MemoryBytes() : 0);
}

size_t StringDictionary::BytesToGrow() const {
  if (late_) return late_->BytesToGrow();
  return kBlockBytes + index_.BytesToGrow() + BytesOfNextGrowth(views_);
}

size_t StringDictionary::BytesToInternAfterSeal() {
  // Two 64 KiB blocks of texts (4096 of 32 bytes; a long text takes a block of its own, not
  // counted); the index of 2 x 4096 slots and the 4096 views, each grown by doubling (every
  // array it had, held at once at worst: twice the last).
  return 2 * kBlockBytes + 2 * 2 * (2 * kTextsAfterSeal * sizeof(uint64_t)) +
         2 * kTextsAfterSeal * sizeof(std::string_view) + sizeof(StringDictionary);
}

void StringDictionary::EncodeTo(ByteWriter* out) const {
  out->Number(size());
  for (uint32_t id = 0; id < size(); ++id) out->Text(Get(id));
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
