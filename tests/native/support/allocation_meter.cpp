// The test binary's operator new and delete: each block carries a header with its size and
// the meter run it was allocated in, so AllocationMeter can tell its own blocks from older ones.
#include "tests/native/support/allocation_meter.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>

namespace touchpath::testing {
namespace {

struct Header {
  size_t size;
  uint64_t run;  // 0: allocated while no meter ran; kInHole set: placed in an older block's place
};
static_assert(sizeof(Header) == AllocationMeter::kHeaderBytes, "blocks stay 16-byte aligned");
constexpr uint64_t kInHole = uint64_t{1} << 63;

std::atomic<uint64_t> current_run{0};
uint64_t last_run = 0;
std::atomic<size_t> held{0};
std::atomic<size_t> peak{0};

// The places of older blocks freed while the meter runs, by size (header included): a fixed
// array, as operator new cannot allocate for itself. Holes past its end are not kept, which
// only counts more memory as fresh.
constexpr size_t kMaxHoles = 1 << 14;
std::mutex holes_mutex;
size_t holes[kMaxHoles];
size_t hole_count = 0;

void AddHole(size_t bytes) {
  std::lock_guard<std::mutex> lock(holes_mutex);
  if (hole_count < kMaxHoles) holes[hole_count++] = bytes;
}

// Takes the smallest hole that holds `bytes`, leaving the rest of it a hole; false if none does.
bool TakeHole(size_t bytes) {
  std::lock_guard<std::mutex> lock(holes_mutex);
  size_t best = hole_count;
  for (size_t i = 0; i < hole_count; ++i) {
    if (holes[i] >= bytes && (best == hole_count || holes[i] < holes[best])) best = i;
  }
  if (best == hole_count) return false;
  holes[best] -= bytes;
  if (holes[best] < AllocationMeter::kHeaderBytes) holes[best] = holes[--hole_count];
  return true;
}

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
  hole_count = 0;
  current_run = ++last_run;
}

AllocationMeter::~AllocationMeter() { current_run = 0; }

size_t AllocationMeter::peak_bytes() const { return peak.load(); }

}  // namespace touchpath::testing

namespace meter = touchpath::testing;

void* operator new(size_t size) {
  auto* header = static_cast<meter::Header*>(std::malloc(sizeof(meter::Header) + size));
  if (header == nullptr) throw std::bad_alloc();
  header->size = size;
  header->run = meter::current_run.load();
  const size_t bytes = size + meter::AllocationMeter::kHeaderBytes;
  if (header->run != 0) {
    if (meter::TakeHole(bytes)) {
      header->run |= meter::kInHole;
    } else {
      meter::Count(bytes);
    }
  }
  return header + 1;
}

void operator delete(void* block) noexcept {
  if (block == nullptr) return;
  auto* header = static_cast<meter::Header*>(block) - 1;
  const uint64_t run = meter::current_run.load();
  const size_t bytes = header->size + meter::AllocationMeter::kHeaderBytes;
  if (run != 0) {
    // This run's fresh blocks are counted free again; an older block, or an older block's place
    // this run took, becomes a hole: it can be taken, but it is not fresh memory.
    if (header->run == run) {
      meter::held -= bytes;
    } else {
      meter::AddHole(bytes);
    }
  }
  std::free(header);
}

void operator delete(void* block, size_t) noexcept { operator delete(block); }
