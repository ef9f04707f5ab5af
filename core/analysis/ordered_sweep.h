#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/analysis/funnel_chain.h"
#include "core/analysis/funnel_spec.h"

namespace touchpath {

// The ordered funnel's counted chain for the common case, read straight off the store's `event`
// and `ts_us` columns: no exclusions, no `where`, and no event name matching two steps. Gives the
// same ChainMatch as FunnelChainFinder: a branch-free backward pass links every step event to the
// next step's earliest later event, then each start's greedy chain is a walk along those links.
class OrderedChainSweep {
 public:
  // Whether the sweep serves `spec`; steps_by_name[name id] holds bit k when the name matches
  // step k (names alone decide when no step has `where`).
  static bool Serves(const FunnelSpec& spec, const std::vector<uint64_t>& steps_by_name);

  OrderedChainSweep(const FunnelSpec& spec, const std::vector<uint64_t>& steps_by_name);

  // One unit: `size` events with their times and event name ids, in store order. depth is 0
  // when the unit has no step-1 event. The match lives until the next call (a reused member:
  // clearing a fresh ChainMatch's 64 step times per unit cost a tenth of the run).
  const ChainMatch& Find(const int64_t* ts_us, const EventNameId* event, uint32_t size);

 private:
  static constexpr uint32_t kNone = 0xffffffffu;

  int step_count_;
  int64_t window_us_;
  // Per event name: the step it matches, or step_count_ + 1 when none (a scratch head that
  // nothing reads, so every event takes the same instructions).
  std::vector<uint8_t> slot_by_name_;
  // heads_[k]: during the backward pass, the earliest step-k event after the current position;
  // heads_[step_count_] stays kNone (no step follows the last).
  std::array<uint32_t, FunnelSpec::kMaxSteps + 3> heads_;
  // Scratch per unit: next_[p] is the event after p in the greedy chain through p, if p is a
  // step event; starts_ holds the step-1 positions, last first.
  std::vector<uint32_t> next_;
  std::vector<uint32_t> starts_;
  ChainMatch match_;
};

}  // namespace touchpath
