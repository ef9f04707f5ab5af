#include "core/store/string_dictionary.h"

#include <algorithm>
#include <cstring>

#include "core/common/byte_scan.h"
#include "core/common/hash.h"
#include "core/common/vector_growth.h"

namespace touchpath {

namespace {
constexpr size_t kBlockBytes = 1 << 16;
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

uint32_t StringDictionary::Intern(std::string_view text) {
  index_.MakeRoomForOneMore(views_.size());
  const auto hash = static_cast<uint32_t>(HashBytes(text.data(), text.size()));
  const size_t slot = FindSlot(text, hash);
  if (index_.IdAt(slot) != kNoId) return index_.IdAt(slot);
  const auto id = static_cast<uint32_t>(views_.size());
  views_.push_back(Store(text));
  index_.Set(slot, hash, id);
  return id;
}

uint32_t StringDictionary::Find(std::string_view text) const {
  if (index_.empty()) return kNoId;
  return index_.IdAt(FindSlot(text, static_cast<uint32_t>(HashBytes(text.data(), text.size()))));
}

size_t StringDictionary::MemoryBytes() const {
  return block_bytes_ + blocks_.capacity() * sizeof(blocks_[0]) +
         views_.capacity() * sizeof(views_[0]) + index_.MemoryBytes();
}

size_t StringDictionary::BytesToGrow() const {
  return kBlockBytes + index_.BytesToGrow() + BytesOfNextGrowth(views_);
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
