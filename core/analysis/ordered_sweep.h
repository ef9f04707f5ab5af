#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/analysis/funnel_chain.h"
#include "core/analysis/funnel_spec.h"

namespace touchpath {

// The ordered funnel's counted chain for the common case, read straight off the store's `event`
// and `ts_us` columns: no exclusions, no `where`, at most kMaxSteps steps, and no event name
// matching two steps. Gives the same ChainMatch as FunnelChainFinder, in one branch-light
// backward pass instead of per-step position lists.
class OrderedChainSweep {
 public:
  static constexpr int kMaxSteps = 8;

  // Whether the sweep serves `spec`; steps_by_name[name id] holds bit k when the name matches
  // step k (names alone decide when no step has `where`).
  static bool Serves(const FunnelSpec& spec, const std::vector<uint64_t>& steps_by_name);

  OrderedChainSweep(const FunnelSpec& spec, const std::vector<uint64_t>& steps_by_name);

  // One unit: `size` events with their times and event name ids, in store order. depth is 0
  // when the unit has no step-1 event.
  ChainMatch Find(const int64_t* ts_us, const uint32_t* event, uint32_t size);

 private:
  // Step times of a greedy chain, by step; kUnreached past its end.
  using StepTimes = std::array<int64_t, kMaxSteps>;

  int step_count_;
  int64_t window_us_;
  // Per event name: the step it matches, or step_count_ + 1 when none (a scratch row that
  // nothing reads, so every event takes the same instructions).
  std::vector<uint8_t> slot_by_name_;
  // chains_[k]: the greedy chain from the earliest step-k event after the sweep's position,
  // steps k.. filled; chains_[step_count_] is the empty chain.
  std::array<StepTimes, kMaxSteps + 3> chains_;
};

}  // namespace touchpath
