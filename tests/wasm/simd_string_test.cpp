// wasm/simd_string.cpp replaces the module's memchr, memcmp, memcpy, memmove and memset: each is
// checked here against a byte-by-byte reference, for every size up to 300 bytes at every
// alignment of source and destination, overlapping moves both ways included. Built with em++
// beside the engine (wasm/wasm.cmake) and run under node by tests/js/wasm-libc.test.mjs; prints
// "ok" or the first difference, exit status 0 or 1.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>

namespace {

constexpr size_t kMaxSize = 300;
constexpr size_t kMaxOffset = 32;
constexpr size_t kBuffer = kMaxSize + 2 * kMaxOffset + 16;

// The references use volatile bytes so the compiler cannot turn them into the calls under test.
using Byte = volatile unsigned char;

void Fill(Byte* bytes, size_t size, uint32_t seed) {
  for (size_t i = 0; i < size; ++i) {
    seed = seed * 1664525u + 1013904223u;
    bytes[i] = static_cast<unsigned char>(seed >> 24);
  }
}

bool Same(const Byte* a, const Byte* b, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

int Sign(int value) { return value < 0 ? -1 : value > 0 ? 1 : 0; }

int failures = 0;
void Fail(const char* what, size_t size, size_t a, size_t b) {
  if (failures++ < 10) std::printf("%s wrong: size %zu, offsets %zu %zu\n", what, size, a, b);
}

void CheckMemchr(unsigned char* buffer, size_t size, size_t offset) {
  Fill(buffer, kBuffer, static_cast<uint32_t>(size * 31 + offset));
  for (int needle : {0x00, 0x41, 0xFF}) {
    // Plant the needle at a few places, and once nowhere (outside the range on both sides).
    for (size_t at : {size_t{0}, size / 2, size - 1, kBuffer}) {
      Fill(buffer, kBuffer, static_cast<uint32_t>(size + at));
      for (size_t i = 0; i < kBuffer; ++i) {
        if (buffer[i] == needle) buffer[i] = static_cast<unsigned char>(needle ^ 1);
      }
      if (at < size) buffer[offset + at] = static_cast<unsigned char>(needle);
      if (offset > 0) buffer[offset - 1] = static_cast<unsigned char>(needle);
      buffer[offset + size] = static_cast<unsigned char>(needle);
      const void* expected = nullptr;
      for (size_t i = 0; i < size; ++i) {
        if (static_cast<Byte*>(buffer)[offset + i] == needle) {
          expected = buffer + offset + i;
          break;
        }
      }
      if (memchr(buffer + offset, needle, size) != expected) Fail("memchr", size, offset, at);
    }
  }
}

// The needle alone at each position of the longest range, at each alignment, is found there
// (the sizes above plant it at three places only).
void CheckMemchrEveryPosition(unsigned char* buffer) {
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t at = 0; at < kMaxSize; ++at) {
      for (size_t i = 0; i < kBuffer; ++i) buffer[i] = 'a';
      buffer[offset + at] = '\n';
      if (memchr(buffer + offset, '\n', kMaxSize) != buffer + offset + at) {
        Fail("memchr (every position)", kMaxSize, offset, at);
      }
    }
  }
}

void CheckMemcmp(unsigned char* a, unsigned char* b, size_t size, size_t offset_a,
                 size_t offset_b) {
  Fill(a, kBuffer, static_cast<uint32_t>(size));
  for (size_t i = 0; i < size; ++i) b[offset_b + i] = a[offset_a + i];
  if (memcmp(a + offset_a, b + offset_b, size) != 0) Fail("memcmp (equal)", size, offset_a, offset_b);
  for (size_t at : {size_t{0}, size / 3, size - 1}) {
    if (size == 0) break;
    for (int delta : {1, -1}) {
      const unsigned char saved = b[offset_b + at];
      b[offset_b + at] = static_cast<unsigned char>(saved + delta);
      const int expected = Sign(static_cast<int>(a[offset_a + at]) - b[offset_b + at]);
      if (Sign(memcmp(a + offset_a, b + offset_b, size)) != expected) {
        Fail("memcmp (differing)", size, offset_a, offset_b);
      }
      b[offset_b + at] = saved;
    }
  }
}

void CheckCopies(unsigned char* buffer, unsigned char* expected, size_t size, size_t from,
                 size_t to) {
  // memcpy between distinct buffers.
  unsigned char source[kBuffer];
  Fill(source, kBuffer, static_cast<uint32_t>(size * 7 + from));
  Fill(buffer, kBuffer, 99);
  Fill(expected, kBuffer, 99);
  for (size_t i = 0; i < size; ++i) static_cast<Byte*>(expected)[to + i] = source[from + i];
  memcpy(buffer + to, source + from, size);
  if (!Same(buffer, expected, kBuffer)) Fail("memcpy", size, from, to);

  // memmove within one buffer, overlapping either way.
  Fill(buffer, kBuffer, static_cast<uint32_t>(size + to));
  for (size_t i = 0; i < kBuffer; ++i) static_cast<Byte*>(expected)[i] = buffer[i];
  if (to > from) {
    for (size_t i = size; i > 0; --i) static_cast<Byte*>(expected)[to + i - 1] = expected[from + i - 1];
  } else {
    for (size_t i = 0; i < size; ++i) static_cast<Byte*>(expected)[to + i] = expected[from + i];
  }
  memmove(buffer + to, buffer + from, size);
  if (!Same(buffer, expected, kBuffer)) Fail("memmove", size, from, to);

  // memset.
  Fill(buffer, kBuffer, 5);
  Fill(expected, kBuffer, 5);
  for (size_t i = 0; i < size; ++i) static_cast<Byte*>(expected)[to + i] = 0xA5;
  memset(buffer + to, 0xA5, size);
  if (!Same(buffer, expected, kBuffer)) Fail("memset", size, from, to);
}

}  // namespace

int main() {
  alignas(16) static unsigned char a[kBuffer];
  alignas(16) static unsigned char b[kBuffer];
  for (size_t size = 0; size <= kMaxSize; ++size) {
    for (size_t first = 0; first < kMaxOffset; ++first) {
      CheckMemchr(a, size, first);
      for (size_t second = 0; second < kMaxOffset; second += 3) {
        CheckMemcmp(a, b, size, first, second);
        CheckCopies(a, b, size, first, second);
      }
    }
  }
  CheckMemchrEveryPosition(a);
  std::puts(failures == 0 ? "ok" : "FAILED");
  return failures == 0 ? 0 : 1;
}
