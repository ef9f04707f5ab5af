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
  while (size >= 8) {
    uint64_t word;
    std::memcpy(&word, bytes, 8);
    hash = (hash ^ word) * 0xbf58476d1ce4e5b9ULL;
    hash ^= hash >> 31;
    bytes += 8;
    size -= 8;
  }
  uint64_t tail = 0;
  // An empty vector's data() may be null, which memcpy must not see even for 0 bytes.
  if (size > 0) std::memcpy(&tail, bytes, size);
  return MixBits(hash ^ tail);
}

// Combines one more 64-bit word into a running hash.
inline uint64_t HashCombine(uint64_t hash, uint64_t word) {
  return (hash ^ MixBits(word + 0x9E3779B97F4A7C15ULL)) * 0xbf58476d1ce4e5b9ULL;
}

}  // namespace touchpath
