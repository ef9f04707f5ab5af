#include "core/json/json_skip.h"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/common/byte_scan.h"
#include "core/json/json_cursor.h"

namespace touchpath::json_skip {
namespace {

constexpr uint64_t kEvenBits = 0x5555555555555555ULL;

// Bit i set when byte i of a kWidth-byte block is escaped: it follows a backslash that is not
// itself escaped. `*carry` (0 or 1) says the block's first byte is escaped by a backslash at
// the end of the block before, and on return says the same of the next block.
template <int kWidth>
inline uint64_t EscapedBytes(uint64_t backslash, uint64_t* carry) {
  // A backslash the previous block escapes escapes nothing itself; every run left in
  // `escaping` then starts with a backslash that does escape, and so does every second one.
  const uint64_t escaping = backslash & ~*carry;
  const uint64_t run_starts = escaping & ~(escaping << 1);
  // Adding a run's start bit carries through the run and clears it: this finds the runs that
  // start at even bits (their escapers are the even bits) apart from those that start at odd
  // ones (odd bits).
  const uint64_t even_start_runs = escaping & ~(escaping + (run_starts & kEvenBits));
  const uint64_t escapers =
      (even_start_runs & kEvenBits) | (escaping & ~even_start_runs & ~kEvenBits);
  const uint64_t escaped = (escapers << 1) | *carry;
  *carry = (escapers >> (kWidth - 1)) & 1;
  return escaped;
}

// Bit i is the XOR of bits 0..i: over quote bits, set from an opening quote up to the byte
// before its closing one. WebAssembly has no carry-less multiply, so shifts do it.
inline uint64_t PrefixXor(uint64_t bits) {
  bits ^= bits << 1;
  bits ^= bits << 2;
  bits ^= bits << 4;
  bits ^= bits << 8;
  bits ^= bits << 16;
  bits ^= bits << 32;
  return bits;
}

}  // namespace

const char* FindStringEnd(const char* content_begin, const char* end) {
  const char* p = content_begin;
  uint64_t escape_carry = 0;
  while (end - p >= 16) {
    const byte_scan::QuoteBackslashMasks masks = byte_scan::QuoteAndBackslashMasks(p);
    uint64_t quote = masks.quote;
    if ((masks.backslash | escape_carry) != 0) {
      quote &= ~EscapedBytes<16>(masks.backslash, &escape_carry);
    }
    if (quote != 0) return p + __builtin_ctzll(quote);
    p += 16;
  }
  // Fewer than 16 bytes left: the same rule byte by byte.
  if (escape_carry != 0 && p != end) ++p;
  while (p != end) {
    if (*p == '"') return p;
    if (*p == '\\') {
      if (end - p < 2) return nullptr;
      p += 2;
    } else {
      ++p;
    }
  }
  return nullptr;
}

const char* FindContainerEnd(const char* open, const char* end, int max_depth) {
  assert((*open == '{' || *open == '[') && max_depth <= JsonCursor::kMaxDepth);
  // The opening bracket of each open container, so closers must match without recursion.
  char openers[JsonCursor::kMaxDepth];
  int depth = 0;
  uint64_t escape_carry = 0;
  uint64_t in_string_carry = 0;  // all ones when the block before ended inside a string
  char padded_tail[64];
  for (const char* block = open;; block += 64) {
    const ptrdiff_t bytes_left = end - block;
    const char* bytes = block;
    if (bytes_left < 64) {
      // Never read past the document: the last partial block is scanned from a copy padded
      // with spaces, which are nothing structural.
      std::memset(padded_tail, ' ', sizeof padded_tail);
      std::memcpy(padded_tail, block, static_cast<size_t>(bytes_left));
      bytes = padded_tail;
    }
    const byte_scan::StructuralMasks64 masks = byte_scan::StructuralMasksOf64(bytes);
    uint64_t quote = masks.quote;
    if ((masks.backslash | escape_carry) != 0) {
      quote &= ~EscapedBytes<64>(masks.backslash, &escape_carry);
    }
    const uint64_t in_string = PrefixXor(quote) ^ in_string_carry;
    in_string_carry = static_cast<uint64_t>(static_cast<int64_t>(in_string) >> 63);
    if ((masks.backslash & ~in_string) != 0) return nullptr;
    for (uint64_t brackets = masks.bracket & ~in_string; brackets != 0; brackets &= brackets - 1) {
      const int index = __builtin_ctzll(brackets);
      const char bracket = bytes[index];
      // '{' and '[' have bit 0x02 set, '}' and ']' do not; a closer differs from its own
      // opener in bits 0x06 exactly.
      if ((bracket & 0x02) != 0) {
        if (depth >= max_depth) return nullptr;
        openers[depth++] = bracket;
        continue;
      }
      if ((openers[--depth] ^ bracket) != 0x06) return nullptr;
      if (depth == 0) return block + index + 1;
    }
    if (bytes_left <= 64) return nullptr;
  }
}

}  // namespace touchpath::json_skip
