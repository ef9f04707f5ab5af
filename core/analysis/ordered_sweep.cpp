#include "core/analysis/ordered_sweep.h"

#include <limits>

namespace touchpath {

bool OrderedChainSweep::Serves(const FunnelSpec& spec, const std::vector<uint64_t>& steps_by_name) {
  if (spec.order != FunnelOrder::kOrdered || !spec.exclusions.empty()) return false;
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
      window_us_(spec.window_us ? *spec.window_us : std::numeric_limits<int64_t>::max()),
      slot_by_name_(steps_by_name.size()) {
  for (size_t name = 0; name < steps_by_name.size(); ++name) {
    slot_by_name_[name] = static_cast<uint8_t>(
        steps_by_name[name] == 0 ? step_count_ + 1 : __builtin_ctzll(steps_by_name[name]));
  }
  heads_.fill(kNone);
}

// For a fixed start, taking each next step at its earliest later event is optimal (the window
// is measured from the start). Walking backward, heads_ holds those earliest events, so one
// link per step event records every greedy chain at once. Starts are then tried in order, as
// FunnelChainFinder does: the first to reach the best depth is the counted chain.
const ChainMatch& OrderedChainSweep::Find(const int64_t* ts_us, const EventNameId* event,
                                          uint32_t size) {
  if (next_.size() < size) {
    next_.resize(size);
    starts_.resize(size);
  }
  for (int step = 1; step < step_count_; ++step) heads_[step] = kNone;
  uint32_t start_count = 0;
  for (uint32_t position = size; position-- > 0;) {
    const uint32_t slot = slot_by_name_[event[position]];
    next_[position] = heads_[slot + 1];
    heads_[slot] = position;
    starts_[start_count] = position;
    start_count += slot == 0;
  }

  ChainMatch& best = match_;
  best.depth = 0;
  best.start_position = 0;
  for (uint32_t i = start_count; i-- > 0;) {
    const uint32_t start = starts_[i];
    int64_t window_end;
    if (__builtin_add_overflow(ts_us[start], window_us_, &window_end)) {
      window_end = std::numeric_limits<int64_t>::max();
    }
    int depth = 1;
    for (uint32_t node = next_[start]; node != kNone && ts_us[node] <= window_end;
         node = next_[node]) {
      ++depth;
    }
    if (depth > best.depth) {
      best.depth = depth;
      best.start_position = start;
      if (depth == step_count_) break;
    }
  }
  uint32_t node = best.start_position;
  for (int step = 0; step < best.depth; ++step, node = next_[node]) {
    best.step_ts_us[step] = ts_us[node];
  }
  return best;
}

}  // namespace touchpath
