// The test binary's operator new and delete: each block carries a header with its size and
// the meter run it was allocated in, so AllocationMeter can tell its own blocks from older ones.
#include "tests/native/support/allocation_meter.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace touchpath::testing {
namespace {

struct Header {
  size_t size;
  uint64_t run;  // 0: allocated while no meter ran
};
static_assert(sizeof(Header) == AllocationMeter::kHeaderBytes, "blocks stay 16-byte aligned");

std::atomic<uint64_t> current_run{0};
uint64_t last_run = 0;
std::atomic<size_t> held{0};
std::atomic<size_t> peak{0};

void Count(size_t bytes) {
  const size_t now = held.fetch_add(bytes) + bytes;
  size_t seen = peak.load();
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
}

}  // namespace

AllocationMeter::AllocationMeter() {
  held = 0;
  peak = 0;
  current_run = ++last_run;
}

AllocationMeter::~AllocationMeter() { current_run = 0; }

size_t AllocationMeter::peak_bytes() const { return peak.load(); }

}  // namespace touchpath::testing

using touchpath::testing::AllocationMeter;

void* operator new(size_t size) {
  auto* header = static_cast<touchpath::testing::Header*>(std::malloc(sizeof(touchpath::testing::Header) + size));
  if (header == nullptr) throw std::bad_alloc();
  header->size = size;
  header->run = touchpath::testing::current_run.load();
  if (header->run != 0) touchpath::testing::Count(size + AllocationMeter::kHeaderBytes);
  return header + 1;
}

void operator delete(void* block) noexcept {
  if (block == nullptr) return;
  auto* header = static_cast<touchpath::testing::Header*>(block) - 1;
  if (header->run != 0 && header->run == touchpath::testing::current_run.load()) {
    touchpath::testing::held -= header->size + AllocationMeter::kHeaderBytes;
  }
  std::free(header);
}

void operator delete(void* block, size_t) noexcept { operator delete(block); }
