#include "core/analysis/funnel_chain.h"

#include <algorithm>

namespace touchpath {

namespace {

constexpr int64_t kNoWindow = std::numeric_limits<int64_t>::max();

bool HasStep(uint64_t mask, int step) { return (mask >> step) & 1u; }

}  // namespace

FunnelChainFinder::FunnelChainFinder(const FunnelSpec& spec)
    : step_count_(static_cast<int>(spec.steps.size())),
      window_us_(spec.window_us ? *spec.window_us : kNoWindow),
      order_(spec.order),
      positions_(spec.steps.size()),
      cursors_(spec.steps.size()),
      window_(static_cast<int>(spec.steps.size())) {
  for (const auto& exclusion : spec.exclusions) {
    exclusion_steps_.emplace_back(exclusion.from_step, exclusion.to_step);
  }
}

ChainMatch FunnelChainFinder::Find(const FunnelUnit& unit) {
  switch (order_) {
    case FunnelOrder::kStrict:
      return FindStrict(unit);
    case FunnelOrder::kAny:
      return FindAnyOrder(unit);
    case FunnelOrder::kOrdered:
      return exclusion_steps_.empty() ? FindOrdered(unit) : FindOrderedWithExclusions(unit);
  }
  return ChainMatch();
}

// For a fixed start, taking each next step at its earliest event is optimal (the window is
// measured from the start), and those earliest positions only move forward as the start
// moves forward: one cursor per step makes all starts together linear in the unit's size.
ChainMatch FunnelChainFinder::FindOrdered(const FunnelUnit& unit) {
  for (int step = 0; step < step_count_; ++step) {
    positions_[step].clear();
    cursors_[step] = 0;
  }
  for (uint32_t position = 0; position < unit.size; ++position) {
    uint64_t mask = unit.step_mask[position];
    while (mask != 0) {
      const int step = __builtin_ctzll(mask);
      positions_[step].push_back(position);
      mask &= mask - 1;
    }
  }
  // No chain goes past the first step the unit never does: reaching that bound ends the search.
  int reachable = 0;
  while (reachable < step_count_ && !positions_[reachable].empty()) ++reachable;
  ChainMatch best;
  std::array<uint32_t, FunnelSpec::kMaxSteps> chain;
  for (uint32_t start : positions_[0]) {
    chain[0] = start;
    int depth = 1;
    for (int step = 1; step < reachable; ++step) {
      const std::vector<uint32_t>& candidates = positions_[step];
      size_t& cursor = cursors_[step];
      while (cursor < candidates.size() && candidates[cursor] <= chain[step - 1]) ++cursor;
      if (cursor == candidates.size() || !Within(unit, start, candidates[cursor])) break;
      chain[step] = candidates[cursor];
      ++depth;
    }
    if (depth > best.depth) {
      best.depth = depth;
      best.start_position = start;
      for (int step = 0; step < depth; ++step) best.step_ts_us[step] = unit.ts_us[chain[step]];
      if (depth == reachable) break;
    }
  }
  return best;
}

// The unit's depth with exclusions in one pass: for each (step reached, exclusions blocking
// the chain) only the latest start is kept, since a later start leaves more window and chains
// with the same key behave alike from here on. Chains whose window has passed are dropped.
int FunnelChainFinder::DepthWithExclusions(const FunnelUnit& unit) {
  depth_states_.clear();
  int depth = 0;
  for (uint32_t position = 0; position < unit.size && depth < step_count_; ++position) {
    const uint64_t step_mask = unit.step_mask[position];
    const uint8_t exclusion_mask = unit.exclusion_mask[position];
    if (step_mask == 0 && exclusion_mask == 0) continue;
    const int64_t ts = unit.ts_us[position];
    new_depth_states_.clear();
    for (const DepthState& state : depth_states_) {
      const int next_step = state.step + 1;
      if (next_step < step_count_ && HasStep(step_mask, next_step) &&
          !Blocked(state.poisoned, next_step) && ts - state.start_us <= window_us_) {
        new_depth_states_.push_back({next_step, state.poisoned, state.start_us});
      }
    }
    if (HasStep(step_mask, 0)) new_depth_states_.push_back({0, 0, ts});
    // This event blocks the chains waiting between an exclusion's steps, not the chains it
    // extends itself (those are in new_depth_states_).
    if (exclusion_mask != 0) {
      for (DepthState& state : depth_states_) state.poisoned |= Poison(exclusion_mask, state.step);
    }
    depth_states_.insert(depth_states_.end(), new_depth_states_.begin(), new_depth_states_.end());
    for (const DepthState& state : new_depth_states_) depth = std::max(depth, state.step + 1);
    // Keep one state per key (the latest start) and only those that can still extend.
    std::sort(depth_states_.begin(), depth_states_.end(),
              [](const DepthState& a, const DepthState& b) {
                if (a.step != b.step) return a.step < b.step;
                if (a.poisoned != b.poisoned) return a.poisoned < b.poisoned;
                return a.start_us > b.start_us;
              });
    size_t kept = 0;
    for (size_t i = 0; i < depth_states_.size(); ++i) {
      const DepthState& state = depth_states_[i];
      const bool same_key = kept > 0 && depth_states_[kept - 1].step == state.step &&
                            depth_states_[kept - 1].poisoned == state.poisoned;
      if (same_key || ts - state.start_us > window_us_) continue;
      depth_states_[kept++] = state;
    }
    depth_states_.resize(kept);
  }
  return depth;
}

bool FunnelChainFinder::Blocked(uint8_t poisoned, int next_step) const {
  for (size_t e = 0; e < exclusion_steps_.size(); ++e) {
    if (((poisoned >> e) & 1u) && exclusion_steps_[e].second == next_step) return true;
  }
  return false;
}

uint8_t FunnelChainFinder::Poison(uint8_t exclusion_mask, int current_step) const {
  uint8_t poison = 0;
  for (size_t e = 0; e < exclusion_steps_.size(); ++e) {
    if (((exclusion_mask >> e) & 1u) && current_step >= exclusion_steps_[e].first &&
        current_step < exclusion_steps_[e].second) {
      poison |= static_cast<uint8_t>(1u << e);
    }
  }
  return poison;
}

// With exclusions the earliest next event is no longer always best (a later step-a event may
// lie past an exclusion), so each start runs a small search over partial chains, keyed by
// (depth, exclusions that block them). Two chains with the same key behave the same from
// here on, so the first (earliest) arrival is kept.
ChainMatch FunnelChainFinder::FindOrderedWithExclusions(const FunnelUnit& unit) {
  ChainMatch best;
  // Knowing the depth first, the search stops at the first start that reaches it.
  const int depth = DepthWithExclusions(unit);
  if (depth == 0) return best;
  for (uint32_t start = 0; start < unit.size && best.depth < depth; ++start) {
    if (!HasStep(unit.step_mask[start], 0)) continue;
    partial_chains_.clear();
    PartialChain first{1, 0, {}};
    first.step_ts_us[0] = unit.ts_us[start];
    partial_chains_.push_back(first);
    int start_depth = 1;
    for (uint32_t position = start + 1; position < unit.size && start_depth < depth; ++position) {
      if (!Within(unit, start, position)) break;
      const uint64_t step_mask = unit.step_mask[position];
      const uint8_t exclusion_mask = unit.exclusion_mask[position];
      if (step_mask == 0 && exclusion_mask == 0) continue;
      extended_chains_.clear();
      for (const PartialChain& chain : partial_chains_) {
        const int next_step = chain.depth;
        if (next_step >= step_count_ || !HasStep(step_mask, next_step)) continue;
        if (Blocked(chain.poisoned, next_step)) continue;
        PartialChain extended = chain;
        extended.depth = next_step + 1;
        extended.step_ts_us[next_step] = unit.ts_us[position];
        extended_chains_.push_back(extended);
      }
      // An exclusion event blocks the chains waiting between its from and to steps; it does
      // not block chains that use this very event as a step.
      if (exclusion_mask != 0) {
        for (PartialChain& chain : partial_chains_) {
          chain.poisoned |= Poison(exclusion_mask, chain.depth - 1);
        }
      }
      for (const PartialChain& extended : extended_chains_) {
        const bool known = std::any_of(
            partial_chains_.begin(), partial_chains_.end(), [&](const PartialChain& chain) {
              return chain.depth == extended.depth && chain.poisoned == extended.poisoned;
            });
        if (!known) {
          partial_chains_.push_back(extended);
          start_depth = std::max(start_depth, extended.depth);
          if (extended.depth > best.depth) {
            best.depth = extended.depth;
            best.start_position = start;
            best.step_ts_us = extended.step_ts_us;
          }
        }
      }
    }
    if (best.depth < 1) {
      best.depth = 1;
      best.start_position = start;
      best.step_ts_us[0] = unit.ts_us[start];
    }
    if (best.depth == step_count_) break;
  }
  return best;
}

ChainMatch FunnelChainFinder::FindStrict(const FunnelUnit& unit) {
  ChainMatch best;
  for (uint32_t start = 0; start < unit.size; ++start) {
    if (!HasStep(unit.step_mask[start], 0)) continue;
    int depth = 1;
    while (depth < step_count_ && start + depth < unit.size &&
           HasStep(unit.step_mask[start + depth], depth) && Within(unit, start, start + depth)) {
      ++depth;
    }
    if (depth > best.depth) {
      best.depth = depth;
      best.start_position = start;
      for (int step = 0; step < depth; ++step) best.step_ts_us[step] = unit.ts_us[start + step];
      if (depth == step_count_) break;
    }
  }
  return best;
}

// Steps in any order. A chain's window opens at its earliest event (an anchor); anchors move
// forward and so does the window's end, so one sliding window over the unit keeps the events
// of every anchor's window at linear cost. The depth is the longest prefix of steps matched to
// distinct events in some window; the counted chain is the first anchor reaching it, where
// step k is reached when steps 1..k first all have distinct events.
ChainMatch FunnelChainFinder::FindAnyOrder(const FunnelUnit& unit) {
  int best_depth = 0;
  uint32_t best_anchor = 0;
  window_.Clear();
  uint32_t window_end = 0;
  for (uint32_t anchor = 0; anchor < unit.size; ++anchor) {
    while (window_end < unit.size && Within(unit, anchor, window_end)) {
      if (unit.step_mask[window_end] != 0) window_.Add(unit.step_mask[window_end]);
      ++window_end;
    }
    if (unit.step_mask[anchor] == 0) continue;
    const int depth = window_.MatchablePrefix();
    if (depth > best_depth) {
      best_depth = depth;
      best_anchor = anchor;
      if (depth == step_count_) break;
    }
    window_.Remove(unit.step_mask[anchor]);
  }

  ChainMatch best;
  if (best_depth == 0) return best;
  best.depth = best_depth;
  best.start_position = best_anchor;
  window_.Clear();
  int matched = 0;
  for (uint32_t position = best_anchor; position < unit.size && matched < best_depth; ++position) {
    if (unit.step_mask[position] == 0) continue;
    window_.Add(unit.step_mask[position]);
    while (matched < best_depth && window_.TryMatch(matched)) {
      best.step_ts_us[matched] = unit.ts_us[position];
      ++matched;
    }
  }
  return best;
}

}  // namespace touchpath
