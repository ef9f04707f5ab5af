#include "core/store/string_dictionary.h"

#include <cstring>

namespace touchpath {

namespace {
constexpr size_t kBlockBytes = 1 << 16;
}

std::string_view StringDictionary::Store(std::string_view text) {
  if (text.empty()) return std::string_view();
  if (block_used_ + text.size() > block_size_) {
    // Long strings get a block of their own so one huge value never wastes a shared block.
    const size_t size = text.size() > kBlockBytes / 4 ? text.size() : kBlockBytes;
    blocks_.push_back(std::make_unique<char[]>(size));
    block_size_ = size;
    block_bytes_total_ += size;
    block_used_ = 0;
  }
  char* destination = blocks_.back().get() + block_used_;
  std::memcpy(destination, text.data(), text.size());
  block_used_ += text.size();
  return std::string_view(destination, text.size());
}

uint32_t StringDictionary::Intern(std::string_view text) {
  auto found = ids_.find(text);
  if (found != ids_.end()) return found->second;
  const std::string_view stored = Store(text);
  const auto id = static_cast<uint32_t>(views_.size());
  views_.push_back(stored);
  ids_.emplace(stored, id);
  return id;
}

uint32_t StringDictionary::Find(std::string_view text) const {
  auto found = ids_.find(text);
  return found == ids_.end() ? kNoId : found->second;
}

size_t StringDictionary::MemoryBytes() const {
  size_t bytes = views_.capacity() * sizeof(std::string_view);
  bytes += block_bytes_total_;
  bytes += ids_.size() * (sizeof(std::string_view) + sizeof(uint32_t) + 2 * sizeof(void*));
  return bytes;
}

}  // namespace touchpath
