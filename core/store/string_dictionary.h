#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/common/byte_codec.h"
#include "core/store/id_index.h"

namespace touchpath {

inline constexpr uint32_t kNoId = IdIndex::kEmpty;

// Interns strings to dense ids (0, 1, 2, ... in order of first appearance). Strings live in
// blocks that never move, so the views stay valid for the dictionary's lifetime. The index is
// an open-addressing table of (hash, id) so a lookup touches one cache line in the common case.
class StringDictionary {
 public:
  StringDictionary() = default;
  StringDictionary(StringDictionary&&) = default;
  StringDictionary& operator=(StringDictionary&&) = default;

  uint32_t Intern(std::string_view text);
  // kNoId when the text was never interned.
  uint32_t Find(std::string_view text) const;
  std::string_view Get(uint32_t id) const {
    return id < views_.size() ? views_[id] : late_->Get(id - static_cast<uint32_t>(views_.size()));
  }
  size_t size() const { return views_.size() + (late_ ? late_->size() : 0); }
  // From here on, texts not yet interned go to a small dictionary of their own (ids go on from
  // size()), so the index and the views never grow again. A month of GA4 holds millions of
  // texts: one more growth of their index and views, for the few hundred texts session traffic
  // adds after the store is built, was ~400 MB of a browser tab's memory.
  void Seal();
  // Bytes held (text blocks, views, index), for the memory report.
  size_t MemoryBytes() const;
  // What interning a few more texts may allocate at most: a text block, and the index and the
  // views grown (each held beside its old array while it is copied).
  size_t BytesToGrow() const;
  // What interning up to kTextsAfterSeal texts after Seal allocates at most.
  static size_t BytesToInternAfterSeal();
  static constexpr size_t kTextsAfterSeal = 4096;

  // The texts in id order, for another engine instance (Session::EncodeLaterPart).
  void EncodeTo(ByteWriter* out) const;
  // Interns what EncodeTo wrote into this empty dictionary: the same texts under the same ids.
  // False (the reader failed) on bytes EncodeTo did not write.
  bool DecodeFrom(ByteReader* in);

 private:
  std::string_view Store(std::string_view text);
  size_t FindSlot(std::string_view text, uint32_t hash) const;
  // The text's id among those interned before Seal (all of them, unsealed), else kNoId.
  uint32_t FindBeforeSeal(std::string_view text) const;

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_bytes_ = 0;  // all blocks' sizes
  size_t block_used_ = 0;
  size_t block_size_ = 0;
  std::vector<std::string_view> views_;
  IdIndex index_;  // of views_ by their texts
  std::unique_ptr<StringDictionary> late_;  // the texts interned after Seal
};

}  // namespace touchpath
