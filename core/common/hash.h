#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace touchpath {

// A fast non-cryptographic 64-bit hash for interning: 8 bytes per multiply-xorshift round.
// std::hash over string_view was the ingest hot spot; this is several times cheaper.
inline uint64_t MixBits(uint64_t value) {
  value ^= value >> 32;
  value *= 0xd6e8feb86659fd93ULL;
  value ^= value >> 32;
  value *= 0xd6e8feb86659fd93ULL;
  value ^= value >> 32;
  return value;
}

inline uint64_t HashBytes(const char* bytes, size_t size) {
  uint64_t hash = 0x9E3779B97F4A7C15ULL ^ (size * 0xff51afd7ed558ccdULL);
  // The last bytes are read as whole words (the last 8, overlapping bytes already mixed; or two
  // overlapping 4-byte halves): a copy of a variable count was a call into libc per key.
  uint64_t tail = 0;
  if (size >= 8) {
    const char* const last_word = bytes + size - 8;
    for (; bytes < last_word; bytes += 8) {
      uint64_t word;
      std::memcpy(&word, bytes, 8);
      hash = (hash ^ word) * 0xbf58476d1ce4e5b9ULL;
      hash ^= hash >> 31;
    }
    std::memcpy(&tail, last_word, 8);
  } else if (size >= 4) {
    uint32_t low;
    uint32_t high;
    std::memcpy(&low, bytes, 4);
    std::memcpy(&high, bytes + size - 4, 4);
    tail = (uint64_t{high} << 32) | low;
  } else if (size > 0) {
    // An empty vector's data() may be null: only read when there are bytes.
    tail = uint64_t{static_cast<unsigned char>(bytes[0])} |
           uint64_t{static_cast<unsigned char>(bytes[size / 2])} << 8 |
           uint64_t{static_cast<unsigned char>(bytes[size - 1])} << 16;
  }
  return MixBits(hash ^ tail);
}

// Combines one more 64-bit word into a running hash.
inline uint64_t HashCombine(uint64_t hash, uint64_t word) {
  return (hash ^ MixBits(word + 0x9E3779B97F4A7C15ULL)) * 0xbf58476d1ce4e5b9ULL;
}

}  // namespace touchpath
