#include "core/analysis/ordered_sweep.h"

#include <algorithm>
#include <limits>

namespace touchpath {

namespace {

constexpr int64_t kUnreached = std::numeric_limits<int64_t>::max();

}  // namespace

bool OrderedChainSweep::Serves(const FunnelSpec& spec, const std::vector<uint64_t>& steps_by_name) {
  if (spec.order != FunnelOrder::kOrdered || !spec.exclusions.empty() ||
      spec.steps.size() > static_cast<size_t>(kMaxSteps)) {
    return false;
  }
  for (const EventFilterSpec& step : spec.steps) {
    if (!step.where.empty()) return false;
  }
  for (uint64_t steps : steps_by_name) {
    if (__builtin_popcountll(steps) > 1) return false;
  }
  return true;
}

OrderedChainSweep::OrderedChainSweep(const FunnelSpec& spec,
                                     const std::vector<uint64_t>& steps_by_name)
    : step_count_(static_cast<int>(spec.steps.size())),
      window_us_(spec.window_us ? *spec.window_us : kUnreached),
      slot_by_name_(steps_by_name.size()),
      chains_{} {
  chains_[step_count_].fill(kUnreached);
  for (size_t name = 0; name < steps_by_name.size(); ++name) {
    slot_by_name_[name] = static_cast<uint8_t>(
        steps_by_name[name] == 0 ? step_count_ + 1 : __builtin_ctzll(steps_by_name[name]));
  }
}

// Walking backward, an event at step k starts the greedy chain "this event, then the chain of
// the earliest step-(k+1) event after it", which is chains_[k + 1] as it stands. At a step-1
// event the chain is the one FunnelChainFinder builds for that start; its depth is the steps
// within the window. The last start seen with the best depth is the earliest one.
ChainMatch OrderedChainSweep::Find(const int64_t* ts_us, const uint32_t* event, uint32_t size) {
  for (int step = 1; step < step_count_; ++step) chains_[step] = chains_[step_count_];
  ChainMatch best;
  StepTimes best_chain;
  for (uint32_t position = size; position-- > 0;) {
    const int slot = slot_by_name_[event[position]];
    const int64_t ts = ts_us[position];
    chains_[slot] = chains_[slot + 1];
    chains_[slot][slot % kMaxSteps] = ts;
    if (slot != 0) continue;
    // The last time within the window, kept below kUnreached so no unreached step counts.
    int64_t window_end;
    if (__builtin_add_overflow(ts, window_us_, &window_end)) window_end = kUnreached;
    window_end = std::min(window_end, kUnreached - 1);
    int depth = 0;
    for (int step = 0; step < step_count_; ++step) depth += chains_[0][step] <= window_end;
    if (depth >= best.depth) {
      best.depth = depth;
      best.start_position = position;
      best_chain = chains_[0];
    }
  }
  for (int step = 0; step < best.depth; ++step) best.step_ts_us[step] = best_chain[step];
  return best;
}

}  // namespace touchpath
