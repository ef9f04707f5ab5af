#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace touchpath {

// LEB128 varints: 7 bits a byte, low bits first, the high bit set on every byte but the last.
// Small numbers (dictionary ids, counts, short durations) take one to three bytes.
constexpr int kMaxVarintBytes = 10;

inline uint8_t* PutVarint(uint64_t value, uint8_t* out) {
  while (value >= 0x80) {
    *out++ = static_cast<uint8_t>(value | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<uint8_t>(value);
  return out;
}

inline uint64_t GetVarint(const uint8_t*& in) {
  uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t byte = *in++;
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) return value;
  }
}

inline const uint8_t* SkipVarint(const uint8_t* in) {
  while (*in++ >= 0x80) {
  }
  return in;
}

// Skips `count` varints eight bytes at a time: a byte with its high bit clear ends a varint.
// Reads up to 7 bytes past the last varint, which the caller's buffer must hold (and which
// must be initialised). Little-endian loads (x86, WebAssembly).
inline const uint8_t* SkipVarints(const uint8_t* in, size_t count) {
  while (count > 0) {
    uint64_t word;
    std::memcpy(&word, in, sizeof word);
    uint64_t ends = ~word & 0x8080808080808080ULL;
    // The number of ends: each byte of (ends >> 7) is 0 or 1, and the multiply sums them into
    // the top byte. Unlike __builtin_popcountll it needs no POPCNT (a libgcc call natively).
    const auto found = static_cast<size_t>(((ends >> 7) * 0x0101010101010101ULL) >> 56);
    if (found >= count) {
      for (; count > 1; --count) ends &= ends - 1;  // drop the earlier ends
      return in + (__builtin_ctzll(ends) >> 3) + 1;
    }
    count -= found;
    in += sizeof word;
  }
  return in;
}

// Signed numbers alternate (0, -1, 1, -2, ...) so small magnitudes stay small.
inline uint64_t ZigZag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
inline int64_t UnZigZag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

}  // namespace touchpath
