#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/analysis/funnel_spec.h"
#include "core/analysis/step_matching.h"

namespace touchpath {

// One unit's events (a user's, or a session's), in store order, with what each matches:
// bit k of step_mask = matches step k; bit e of exclusion_mask = matches exclusion e.
struct FunnelUnit {
  const int64_t* ts_us = nullptr;
  const uint64_t* step_mask = nullptr;
  const uint8_t* exclusion_mask = nullptr;
  size_t size = 0;
};

// The unit's counted chain: the earliest-starting chain that reaches the unit's depth (its
// deepest step over all chains), completed as early as possible. step_ts_us[k] is when step k
// was reached; start_position is the chain's step-1 event within the unit.
struct ChainMatch {
  int depth = 0;
  uint32_t start_position = 0;
  std::array<int64_t, FunnelSpec::kMaxSteps> step_ts_us{};
};

// Finds counted chains under one funnel's order, window and exclusions. Holds only the
// parameters and reusable scratch, so one instance serves every unit of a run.
class FunnelChainFinder {
 public:
  explicit FunnelChainFinder(const FunnelSpec& spec);
  ChainMatch Find(const FunnelUnit& unit);

 private:
  ChainMatch FindOrdered(const FunnelUnit& unit);
  ChainMatch FindOrderedWithExclusions(const FunnelUnit& unit);
  int DepthWithExclusions(const FunnelUnit& unit);
  // Whether exclusions in `poisoned` forbid a chain to take `next_step`.
  bool Blocked(uint8_t poisoned, int next_step) const;
  // The exclusions an event matching `exclusion_mask` trips for a chain at `current_step`.
  uint8_t Poison(uint8_t exclusion_mask, int current_step) const;
  ChainMatch FindStrict(const FunnelUnit& unit);
  ChainMatch FindAnyOrder(const FunnelUnit& unit);
  bool Within(const FunnelUnit& unit, uint32_t start, uint32_t position) const {
    return unit.ts_us[position] - unit.ts_us[start] <= window_us_;
  }

  int step_count_;
  int64_t window_us_;
  FunnelOrder order_;
  std::vector<std::pair<int, int>> exclusion_steps_;  // (from, to), 0-based

  // Scratch, reused across units.
  std::vector<std::vector<uint32_t>> positions_;  // per step: positions matching it
  std::vector<size_t> cursors_;
  struct PartialChain {
    int depth;
    uint8_t poisoned;  // exclusions that now block this chain from their to_step
    std::array<int64_t, FunnelSpec::kMaxSteps> step_ts_us;
  };
  struct DepthState {
    int step;
    uint8_t poisoned;
    int64_t start_us;
  };
  std::vector<DepthState> depth_states_;
  std::vector<DepthState> new_depth_states_;
  std::vector<PartialChain> partial_chains_;
  std::vector<PartialChain> extended_chains_;
  StepMatching window_;  // any order: the events of the current window
};

}  // namespace touchpath
