#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace touchpath {

inline constexpr uint32_t kNoId = 0xFFFFFFFFu;

// Interns strings to dense ids (0, 1, 2, ... in order of first appearance). Strings live in
// fixed blocks that never move, so the ids' views stay valid for the dictionary's lifetime.
class StringDictionary {
 public:
  StringDictionary() = default;
  StringDictionary(StringDictionary&&) = default;
  StringDictionary& operator=(StringDictionary&&) = default;

  uint32_t Intern(std::string_view text);
  // kNoId when the text was never interned.
  uint32_t Find(std::string_view text) const;
  std::string_view Get(uint32_t id) const { return views_[id]; }
  size_t size() const { return views_.size(); }
  size_t MemoryBytes() const;

 private:
  std::string_view Store(std::string_view text);

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;
  size_t block_size_ = 0;
  size_t block_bytes_total_ = 0;
  std::vector<std::string_view> views_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

}  // namespace touchpath
