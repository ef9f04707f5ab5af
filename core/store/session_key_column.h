#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/common/byte_codec.h"
#include "core/store/chunked_column.h"

namespace touchpath {

// The session keys of staged events (the export's session id, or none), in 4 bytes an event
// rather than 8: a month of GA4 holds 30 M of them until Build. Each chunk of keys is stored as
// offsets from its first key (GA4's keys are Unix seconds, Amplitude's milliseconds: a chunk's
// keys lie within days of each other); a key farther than 2^31 from it is kept aside, with its
// index, which only costs more memory.
class SessionKeyColumn {
 public:
  static constexpr size_t kChunkBytes = ChunkedColumn<uint32_t>::kChunkBytes;

  void push_back(std::optional<int64_t> key) {
    const size_t index = codes_.size();
    if ((index & (kChunkSize - 1)) == 0) {
      bases_.push_back(0);
      chunk_has_base_ = false;
    }
    if (!key) {
      codes_.push_back(kNone);
      return;
    }
    if (!chunk_has_base_) {
      bases_.back() = *key;
      chunk_has_base_ = true;
    }
    int64_t offset;
    if (!__builtin_sub_overflow(*key, bases_.back(), &offset) && offset > -kBias &&
        offset < kBias - 1) {
      codes_.push_back(static_cast<uint32_t>(offset + kBias));
    } else {
      codes_.push_back(kFar);
      far_.emplace_back(index, *key);
    }
  }
  std::optional<int64_t> operator[](size_t index) const { return KeyOf(index, codes_[index]); }
  size_t size() const { return codes_.size(); }
  size_t MemoryBytes() const {
    return codes_.MemoryBytes() + bases_.capacity() * sizeof(int64_t) +
           far_.capacity() * sizeof(far_[0]);
  }
  void Clear() { *this = SessionKeyColumn(); }
  // Appends `from`'s keys, freeing each of its chunks once read; `from` is left empty.
  void AppendDraining(SessionKeyColumn&& from) {
    std::move(from.codes_).Drain(
        [&](size_t index, uint32_t code) { push_back(from.KeyOf(index, code)); });
    from.Clear();
  }

  // For another engine instance (Session::EncodeLaterPart).
  void EncodeTo(ByteWriter* out) const {
    codes_.EncodeTo(out);
    out->Array(bases_.data(), bases_.size());
    std::vector<uint64_t> far_indexes;
    std::vector<int64_t> far_keys;
    for (const auto& [index, key] : far_) {
      far_indexes.push_back(index);
      far_keys.push_back(key);
    }
    out->Array(far_indexes.data(), far_indexes.size());
    out->Array(far_keys.data(), far_keys.size());
  }
  // Reads what EncodeTo wrote into this empty column; false (the reader failed) on other bytes.
  bool DecodeFrom(ByteReader* in) {
    if (!codes_.DecodeFrom(in)) return false;
    bases_.resize(in->ArrayCount<int64_t>());
    in->ArrayValues(bases_.data(), bases_.size());
    std::vector<uint64_t> far_indexes(in->ArrayCount<uint64_t>());
    in->ArrayValues(far_indexes.data(), far_indexes.size());
    std::vector<int64_t> far_keys(in->ArrayCount<int64_t>());
    in->ArrayValues(far_keys.data(), far_keys.size());
    in->FailIf(bases_.size() != (codes_.size() + kChunkSize - 1) / kChunkSize ||
               far_keys.size() != far_indexes.size());
    if (!in->ok()) return false;
    // Each far key where a code says so, in order, and no code without one.
    size_t far_codes = 0;
    for (size_t index = 0; index < codes_.size(); ++index) far_codes += codes_[index] == kFar;
    in->FailIf(far_codes != far_indexes.size());
    for (size_t i = 0; i < far_indexes.size() && in->ok(); ++i) {
      in->FailIf(far_indexes[i] >= codes_.size() || codes_[far_indexes[i]] != kFar ||
                 (i > 0 && far_indexes[i] <= far_indexes[i - 1]));
      far_.emplace_back(far_indexes[i], far_keys[i]);
    }
    chunk_has_base_ = true;
    return in->ok();
  }

 private:
  static constexpr size_t kChunkShift = ChunkedColumn<uint32_t>::kChunkShift;
  static constexpr size_t kChunkSize = ChunkedColumn<uint32_t>::kChunkSize;
  // A code is the key's offset from its chunk's base plus kBias; these two are no offset.
  static constexpr uint32_t kNone = 0;
  static constexpr uint32_t kFar = 0xFFFFFFFFu;
  static constexpr int64_t kBias = int64_t{1} << 31;

  std::optional<int64_t> KeyOf(size_t index, uint32_t code) const {
    if (code == kNone) return std::nullopt;
    if (code == kFar) {
      return std::lower_bound(far_.begin(), far_.end(), std::make_pair(uint64_t{index}, INT64_MIN))
          ->second;
    }
    return bases_[index >> kChunkShift] + (static_cast<int64_t>(code) - kBias);
  }

  ChunkedColumn<uint32_t> codes_;
  std::vector<int64_t> bases_;  // a chunk's: its first key (0 in a chunk of none)
  bool chunk_has_base_ = false;  // the last chunk has its base
  std::vector<std::pair<uint64_t, int64_t>> far_;  // (index, key) of the keys far from their base
};

}  // namespace touchpath
