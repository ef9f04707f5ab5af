#pragma once

#include <cstddef>

namespace touchpath::testing {

// Meters what operator new hands out while it runs, as a WebAssembly heap would have to hold
// it. WebAssembly's allocator never returns memory: a block allocated before the meter started
// and freed while it runs leaves a hole between older blocks, which a later allocation that
// fits takes (the smallest that does, the rest staying a hole; holes are not merged), and
// which is never counted as free otherwise. Whole-column arrays fit no such hole; blocks cut
// to fit do. Memory allocated and freed while the meter runs is counted as free again. Each
// allocation also costs kHeaderBytes, as an allocator's own header and alignment do. The test
// binary's operator new and delete are replaced for this (allocation_meter.cpp); one meter at
// a time.
class AllocationMeter {
 public:
  static constexpr size_t kHeaderBytes = 16;

  AllocationMeter();
  ~AllocationMeter();
  AllocationMeter(const AllocationMeter&) = delete;
  AllocationMeter& operator=(const AllocationMeter&) = delete;

  // The most bytes held at once, since the meter started, by what it counts.
  size_t peak_bytes() const;
};

}  // namespace touchpath::testing
