#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/common/byte_codec.h"

namespace touchpath {

// An append-only column in fixed chunks (64 Ki elements unless said). Loading a month of events
// into a std::vector would double its capacity (up to 2x the bytes needed) and briefly hold old
// and new buffers together (3x) on each growth; in a 4 GB browser tab that is the difference
// between loading and dying. Chunks never move, so growth costs one chunk.
template <typename T, size_t kChunkShiftOf = 16>
class ChunkedColumn {
 public:
  static constexpr size_t kChunkShift = kChunkShiftOf;
  static constexpr size_t kChunkSize = size_t{1} << kChunkShift;
  static constexpr size_t kChunkBytes = kChunkSize * sizeof(T);

  void push_back(T value) {
    // new T[] without (): every slot is written before it is read, so no zeroing pass.
    if (size_ % kChunkSize == 0) chunks_.push_back(std::unique_ptr<T[]>(new T[kChunkSize]));
    chunks_.back()[size_ % kChunkSize] = value;
    ++size_;
  }
  T operator[](size_t index) const {
    return chunks_[index >> kChunkShift][index & (kChunkSize - 1)];
  }
  T& at(size_t index) { return chunks_[index >> kChunkShift][index & (kChunkSize - 1)]; }
  size_t size() const { return size_; }
  size_t MemoryBytes() const {
    return chunks_.size() * kChunkSize * sizeof(T) + chunks_.capacity() * sizeof(chunks_[0]);
  }
  void Clear() { *this = ChunkedColumn(); }
  // Appends f(value) for each of `from`'s values, freeing each of its chunks once read, so a
  // chunk of this column can take the memory just freed (already paged in) instead of fresh
  // pages. `from` is left empty.
  template <typename From, typename Map>
  void AppendDraining(ChunkedColumn<From>&& from, Map&& f) {
    std::move(from).Drain([&](size_t, From value) { push_back(f(value)); });
  }
  // Calls visit(index, value) for each value in order, freeing each chunk once read; the column
  // is left empty.
  template <typename Visit>
  void Drain(Visit&& visit) && {
    for (size_t index = 0; index < size_; ++index) {
      visit(index, chunks_[index >> kChunkShift][index & (kChunkSize - 1)]);
      if ((index & (kChunkSize - 1)) == kChunkSize - 1) chunks_[index >> kChunkShift].reset();
    }
    Clear();
  }

  // The values chunk by chunk, for another engine instance (Session::EncodeLaterPart).
  void EncodeTo(ByteWriter* out) const {
    out->Number(size_);
    for (size_t begin = 0; begin < size_; begin += kChunkSize) {
      out->Array(chunks_[begin >> kChunkShift].get(), std::min(kChunkSize, size_ - begin));
    }
  }
  // Reads what EncodeTo wrote into this empty column; false (the reader failed) on other bytes.
  bool DecodeFrom(ByteReader* in) {
    const uint64_t size = in->Number();
    for (uint64_t begin = 0; begin < size && in->ok(); begin += kChunkSize) {
      const size_t count = in->ArrayCount<T>();
      in->FailIf(count != std::min<uint64_t>(kChunkSize, size - begin));
      if (!in->ok()) break;
      chunks_.push_back(std::unique_ptr<T[]>(new T[kChunkSize]));
      in->ArrayValues(chunks_.back().get(), count);
      size_ += count;
    }
    return in->ok();
  }

 private:
  template <typename, size_t>
  friend class ChunkedColumn;
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace touchpath
