#pragma once

#include <cstddef>

namespace touchpath::testing {

// Meters what operator new hands out while it runs, as a WebAssembly heap would have to hold
// it: memory allocated before the meter started and freed while it runs is not counted as
// free again (WebAssembly's allocator never returns memory, and holes between older blocks
// rarely fit the arrays a step allocates), memory allocated and freed while it runs is. Each
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
