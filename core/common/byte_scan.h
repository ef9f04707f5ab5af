#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace touchpath {

// Byte-class scans for the JSON cursor's hot loops: bit i of a mask is set when byte i of
// [p, p + 16) (or [p, p + 64) where the name says 64) is of the class asked for. SSE2 natively,
// SIMD128 in WebAssembly (-msimd128), plain C++ elsewhere. The caller guarantees the bytes are
// readable.
namespace byte_scan {

#if defined(__SSE2__)
using Block = __m128i;
inline Block Load(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline Block Equal(Block block, char byte) { return _mm_cmpeq_epi8(block, _mm_set1_epi8(byte)); }
// Signed bytes: below 0x20 catches control characters and every byte >= 0x80.
inline Block ControlOrHigh(Block block) { return _mm_cmplt_epi8(block, _mm_set1_epi8(0x20)); }
inline Block Or(Block a, Block b) { return _mm_or_si128(a, b); }
inline Block OrEach(Block block, char bits) { return _mm_or_si128(block, _mm_set1_epi8(bits)); }
inline uint32_t Mask(Block block) { return static_cast<uint32_t>(_mm_movemask_epi8(block)); }
inline Block Equal16(Block a, Block b) { return _mm_cmpeq_epi8(a, b); }
#elif defined(__wasm_simd128__)
using Block = v128_t;
inline Block Load(const char* p) { return wasm_v128_load(p); }
inline Block Equal(Block block, char byte) { return wasm_i8x16_eq(block, wasm_i8x16_splat(byte)); }
inline Block ControlOrHigh(Block block) { return wasm_i8x16_lt(block, wasm_i8x16_splat(0x20)); }
inline Block Or(Block a, Block b) { return wasm_v128_or(a, b); }
inline Block OrEach(Block block, char bits) { return wasm_v128_or(block, wasm_i8x16_splat(bits)); }
inline uint32_t Mask(Block block) { return wasm_i8x16_bitmask(block); }
inline Block Equal16(Block a, Block b) { return wasm_i8x16_eq(a, b); }
#else
struct Block {
  int8_t bytes[16];
};
inline Block Load(const char* p) {
  Block block;
  for (int i = 0; i < 16; ++i) block.bytes[i] = static_cast<int8_t>(p[i]);
  return block;
}
inline Block Equal(Block block, char byte) {
  for (auto& value : block.bytes) value = value == static_cast<int8_t>(byte) ? -1 : 0;
  return block;
}
inline Block ControlOrHigh(Block block) {
  for (auto& value : block.bytes) value = value < 0x20 ? -1 : 0;
  return block;
}
inline Block Or(Block a, Block b) {
  for (int i = 0; i < 16; ++i) a.bytes[i] = static_cast<int8_t>(a.bytes[i] | b.bytes[i]);
  return a;
}
inline Block OrEach(Block block, char bits) {
  for (auto& value : block.bytes) value = static_cast<int8_t>(value | bits);
  return block;
}
inline Block Equal16(Block a, Block b) {
  for (int i = 0; i < 16; ++i) a.bytes[i] = a.bytes[i] == b.bytes[i] ? -1 : 0;
  return a;
}
inline uint32_t Mask(Block block) {
  uint32_t mask = 0;
  for (int i = 0; i < 16; ++i) mask |= (block.bytes[i] < 0 ? 1u : 0u) << i;
  return mask;
}
#endif

template <typename Word>
inline Word WordAt(const char* p) {
  Word word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// '"', '\\', a control character or a non-ASCII byte: what a string's fast path stops at.
inline uint32_t StringSpecialMask(const char* p) {
  const Block block = Load(p);
  return Mask(Or(Or(Equal(block, '"'), Equal(block, '\\')), ControlOrHigh(block)));
}

struct QuoteBackslashMasks {
  uint32_t quote;
  uint32_t backslash;
};

inline QuoteBackslashMasks QuoteAndBackslashMasks(const char* p) {
  const Block block = Load(p);
  return {Mask(Equal(block, '"')), Mask(Equal(block, '\\'))};
}

// What a skipped container's structure is made of, one bit per byte of a 64-byte block.
struct StructuralMasks64 {
  uint64_t quote;
  uint64_t backslash;
  uint64_t bracket;  // '{', '}', '[' or ']'
};

// The caller guarantees 64 readable bytes.
inline StructuralMasks64 StructuralMasksOf64(const char* p) {
  StructuralMasks64 masks{0, 0, 0};
  for (int offset = 0; offset < 64; offset += 16) {
    const Block block = Load(p + offset);
    // '[' and ']' differ from '{' and '}' only in bit 0x20: setting it folds four compares
    // into two.
    const Block folded = OrEach(block, 0x20);
    masks.quote |= uint64_t{Mask(Equal(block, '"'))} << offset;
    masks.backslash |= uint64_t{Mask(Equal(block, '\\'))} << offset;
    masks.bracket |= uint64_t{Mask(Or(Equal(folded, '{'), Equal(folded, '}')))} << offset;
  }
  return masks;
}

// Whether a[0, size) equals b[0, size). WebAssembly's libc compares byte by byte; the ingest
// compares whole shared records (hundreds of bytes) per row, and keys of 5-20 bytes dozens of
// times a row, so this goes 16 bytes at a time and ends with two overlapping words.
inline bool BytesEqual(const char* a, const char* b, size_t size) {
  while (size > 16) {
    if (Mask(Equal16(Load(a), Load(b))) != 0xFFFFu) return false;
    a += 16;
    b += 16;
    size -= 16;
  }
  if (size >= 8)
    return WordAt<uint64_t>(a) == WordAt<uint64_t>(b) &&
           WordAt<uint64_t>(a + size - 8) == WordAt<uint64_t>(b + size - 8);
  if (size >= 4)
    return WordAt<uint32_t>(a) == WordAt<uint32_t>(b) &&
           WordAt<uint32_t>(a + size - 4) == WordAt<uint32_t>(b + size - 4);
  for (; size > 0; --size) {
    if (*a++ != *b++) return false;
  }
  return true;
}

// Whether `text` is `literal`: string_view's ==, which in WebAssembly is a call to memcmp
// (LLVM does not expand it there). The row parser compares each key with a dozen literals.
inline bool TextIs(std::string_view text, std::string_view literal) {
  return text.size() == literal.size() && BytesEqual(text.data(), literal.data(), literal.size());
}

}  // namespace byte_scan
}  // namespace touchpath
