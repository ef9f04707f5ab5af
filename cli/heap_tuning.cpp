#include "cli/heap_tuning.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

namespace touchpath::cli {
namespace {

constexpr size_t kHugePageBytes = size_t{2} << 20;
// Virtual address space the heap reserves each time it grows (untouched pages cost nothing).
constexpr size_t kHeapReserveBytes = size_t{1} << 30;

uintptr_t AlignDown(uintptr_t address) { return address & ~(kHugePageBytes - 1); }

}  // namespace

void TuneHeapForLoading() {
  // Allocations below 512 MiB come from the heap, and the heap keeps up to 2 GiB free at its
  // top rather than trimming it.
  mallopt(M_MMAP_THRESHOLD, 512 << 20);
  mallopt(M_TRIM_THRESHOLD, 2 * kHeapReserveBytes);
  mallopt(M_ARENA_MAX, 1);
  // Grow the heap once by the reserve now (a block larger than what the heap holds free forces
  // it), and advise that range.
  mallopt(M_TOP_PAD, kHeapReserveBytes);
  const auto before = reinterpret_cast<uintptr_t>(sbrk(0));
  void* volatile probe = malloc(kHugePageBytes);  // volatile: the pair must not be optimised away
  const auto after = reinterpret_cast<uintptr_t>(sbrk(0));
  free(probe);
  const uintptr_t begin = AlignDown(before + kHugePageBytes - 1);
  const uintptr_t end = AlignDown(after);
  // A heap that could not grow by brk (malloc then maps memory instead) is left as it is; so is
  // one where the kernel refuses the advice (THP off).
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

}  // namespace touchpath::cli
