// memchr, memcmp, memcpy, memmove and memset for the WASM module, replacing emscripten 3.1.6's
// libc ones: those step 4 bytes at a time at best (memchr, and memcpy / memmove / memcmp only
// when both pointers share their alignment), else one byte at a time (memcmp's tail, memcpy
// between unequally aligned pointers), and memcpy calls out to JS from 512 bytes on. A load
// spends much of its time in them: the splitter looks for each line's end with memchr, the
// parser compares keys and the store copies values and rows. These go 16 bytes a step (SIMD128)
// and hand large blocks to memory.copy / memory.fill (bulk memory), which the engine runs as
// native memmove / memset. Every browser with SIMD128 has bulk memory too.
//
// Built with -fno-builtin (wasm.cmake), so the compiler does not turn these loops back into
// calls to themselves, and -mbulk-memory, so the __builtin_mem* calls of variable size become
// memory.copy / memory.fill.
#include <wasm_simd128.h>

#include <cstddef>
#include <cstdint>

namespace {

// Below this size a SIMD loop saves memory.copy / memory.fill's call into the engine (not tuned).
constexpr size_t kBulkBytes = 128;

using Bytes = unsigned char;

inline v128_t Load(const Bytes* p) { return wasm_v128_load(p); }
inline void Store(Bytes* p, v128_t block) { wasm_v128_store(p, block); }

// Lanes of two 16-byte blocks that differ, as bits.
inline uint32_t DifferentLanes(const Bytes* a, const Bytes* b) {
  return ~wasm_i8x16_bitmask(wasm_i8x16_eq(Load(a), Load(b))) & 0xFFFFu;
}

// n bytes, sizeof(Word) <= n <= 2 * sizeof(Word), as a first and a last (overlapping) word.
// Constant-size __builtin_memcpy is a plain load or store.
template <typename Word>
inline void CopyOverlappingWords(Bytes* d, const Bytes* s, size_t n) {
  Word head;
  Word tail;
  __builtin_memcpy(&head, s, sizeof(Word));
  __builtin_memcpy(&tail, s + n - sizeof(Word), sizeof(Word));
  __builtin_memcpy(d, &head, sizeof(Word));
  __builtin_memcpy(d + n - sizeof(Word), &tail, sizeof(Word));
}

// Whether n bytes, sizeof(Word) <= n <= 2 * sizeof(Word), are equal: a first and a last word.
template <typename Word>
inline bool SameOverlappingWords(const Bytes* a, const Bytes* b, size_t n) {
  Word a_head, a_tail, b_head, b_tail;
  __builtin_memcpy(&a_head, a, sizeof(Word));
  __builtin_memcpy(&a_tail, a + n - sizeof(Word), sizeof(Word));
  __builtin_memcpy(&b_head, b, sizeof(Word));
  __builtin_memcpy(&b_tail, b + n - sizeof(Word), sizeof(Word));
  return ((a_head ^ b_head) | (a_tail ^ b_tail)) == 0;
}

// Small copies with loads before stores, so source and destination may overlap.
inline void CopyUpTo32(Bytes* d, const Bytes* s, size_t n) {
  if (n >= 16) {
    const v128_t head = Load(s);
    const v128_t tail = Load(s + n - 16);
    Store(d, head);
    Store(d + n - 16, tail);
  } else if (n >= 8) {
    CopyOverlappingWords<uint64_t>(d, s, n);
  } else if (n >= 4) {
    CopyOverlappingWords<uint32_t>(d, s, n);
  } else if (n > 0) {
    const Bytes first = s[0];
    const Bytes middle = s[n / 2];
    const Bytes last = s[n - 1];
    d[0] = first;
    d[n / 2] = middle;
    d[n - 1] = last;
  }
}

}  // namespace

extern "C" {

// Aligned 16-byte blocks never cross the end of the memory (a whole number of 64 KiB pages),
// so the first and last block may read bytes outside [src, src + n) without trapping; their
// lanes are masked off.
void* memchr(const void* src, int c, size_t n) {
  if (n == 0) return nullptr;
  const Bytes* p = static_cast<const Bytes*>(src);
  const v128_t needle = wasm_i8x16_splat(static_cast<int8_t>(c));
  const size_t misalignment = reinterpret_cast<uintptr_t>(p) & 15;
  const Bytes* block = p - misalignment;
  uint32_t found = wasm_i8x16_bitmask(wasm_i8x16_eq(Load(block), needle)) >> misalignment;
  const size_t first_bytes = 16 - misalignment;
  if (found != 0) {
    const size_t index = __builtin_ctz(found);
    return index < n ? const_cast<Bytes*>(p + index) : nullptr;
  }
  if (n <= first_bytes) return nullptr;
  n -= first_bytes;
  for (block += 16; n >= 16; block += 16, n -= 16) {
    found = wasm_i8x16_bitmask(wasm_i8x16_eq(Load(block), needle));
    if (found != 0) return const_cast<Bytes*>(block + __builtin_ctz(found));
  }
  if (n == 0) return nullptr;
  found = wasm_i8x16_bitmask(wasm_i8x16_eq(Load(block), needle)) & ((1u << n) - 1);
  return found != 0 ? const_cast<Bytes*>(block + __builtin_ctz(found)) : nullptr;
}

int memcmp(const void* left, const void* right, size_t n) {
  const Bytes* a = static_cast<const Bytes*>(left);
  const Bytes* b = static_cast<const Bytes*>(right);
  if (n >= 16) {
    // Whole blocks, then the last 16 bytes (overlapping the previous block).
    for (size_t offset = 0;; offset += 16) {
      if (offset > n - 16) offset = n - 16;
      const uint32_t different = DifferentLanes(a + offset, b + offset);
      if (different != 0) {
        const size_t index = offset + __builtin_ctz(different);
        return a[index] - b[index];
      }
      if (offset == n - 16) return 0;
    }
  }
  // Most calls compare a key with the one expected, which is equal: two word compares say so.
  if (n >= 8 && SameOverlappingWords<uint64_t>(a, b, n)) return 0;
  if (n >= 4 && n < 8 && SameOverlappingWords<uint32_t>(a, b, n)) return 0;
  for (; n > 0; --n, ++a, ++b) {
    if (*a != *b) return *a - *b;
  }
  return 0;
}

void* memcpy(void* __restrict dest, const void* __restrict src, size_t n) {
  Bytes* d = static_cast<Bytes*>(dest);
  const Bytes* s = static_cast<const Bytes*>(src);
  if (n <= 32) {
    CopyUpTo32(d, s, n);
  } else if (n < kBulkBytes) {
    const v128_t tail = Load(s + n - 16);
    for (size_t offset = 0; offset + 16 < n; offset += 16) Store(d + offset, Load(s + offset));
    Store(d + n - 16, tail);
  } else {
    __builtin_memcpy(d, s, n);
  }
  return dest;
}

void* memmove(void* dest, const void* src, size_t n) {
  if (n <= 32) {
    CopyUpTo32(static_cast<Bytes*>(dest), static_cast<const Bytes*>(src), n);
  } else {
    __builtin_memmove(dest, src, n);
  }
  return dest;
}

void* memset(void* dest, int c, size_t n) {
  Bytes* d = static_cast<Bytes*>(dest);
  if (n >= kBulkBytes) {
    __builtin_memset(d, c, n);
    return dest;
  }
  const v128_t fill = wasm_i8x16_splat(static_cast<int8_t>(c));
  if (n >= 16) {
    for (size_t offset = 0; offset + 16 < n; offset += 16) Store(d + offset, fill);
    Store(d + n - 16, fill);
  } else {
    for (size_t i = 0; i < n; ++i) d[i] = static_cast<Bytes>(c);
  }
  return dest;
}

}  // extern "C"
