#include "core/analysis/funnel_chain.h"

#include <algorithm>
#include <functional>

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
      cursors_(spec.steps.size()) {
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
  ChainMatch best;
  std::array<uint32_t, FunnelSpec::kMaxSteps> chain;
  for (uint32_t start : positions_[0]) {
    chain[0] = start;
    int depth = 1;
    for (int step = 1; step < step_count_; ++step) {
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
      if (depth == step_count_) break;
    }
  }
  return best;
}

// With exclusions the earliest next event is no longer always best (a later step-a event may
// lie past an exclusion), so each start runs a small search over partial chains, keyed by
// (depth, exclusions that block them). Two chains with the same key behave the same from
// here on, so the first (earliest) arrival is kept.
ChainMatch FunnelChainFinder::FindOrderedWithExclusions(const FunnelUnit& unit) {
  ChainMatch best;
  for (uint32_t start = 0; start < unit.size; ++start) {
    if (!HasStep(unit.step_mask[start], 0)) continue;
    partial_chains_.clear();
    PartialChain first{1, 0, {}};
    first.step_ts_us[0] = unit.ts_us[start];
    partial_chains_.push_back(first);
    int start_depth = 1;
    for (uint32_t position = start + 1; position < unit.size && start_depth < step_count_;
         ++position) {
      if (!Within(unit, start, position)) break;
      const uint64_t step_mask = unit.step_mask[position];
      const uint8_t exclusion_mask = unit.exclusion_mask[position];
      if (step_mask == 0 && exclusion_mask == 0) continue;
      extended_chains_.clear();
      for (const PartialChain& chain : partial_chains_) {
        const int next_step = chain.depth;
        if (next_step >= step_count_ || !HasStep(step_mask, next_step)) continue;
        bool blocked = false;
        for (size_t e = 0; e < exclusion_steps_.size(); ++e) {
          blocked =
              blocked || (((chain.poisoned >> e) & 1u) && exclusion_steps_[e].second == next_step);
        }
        if (blocked) continue;
        PartialChain extended = chain;
        extended.depth = next_step + 1;
        extended.step_ts_us[next_step] = unit.ts_us[position];
        extended_chains_.push_back(extended);
      }
      // An exclusion event blocks the chains waiting between its from and to steps; it does
      // not block chains that use this very event as a step.
      if (exclusion_mask != 0) {
        for (PartialChain& chain : partial_chains_) {
          for (size_t e = 0; e < exclusion_steps_.size(); ++e) {
            const int current_step = chain.depth - 1;
            if (((exclusion_mask >> e) & 1u) && current_step >= exclusion_steps_[e].first &&
                current_step < exclusion_steps_[e].second) {
              chain.poisoned |= static_cast<uint8_t>(1u << e);
            }
          }
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

// Steps in any order: for each anchor (a chain's earliest event) the window's events are
// added one by one; after each, steps 1..k are matched to distinct events (bipartite
// matching of steps to groups of events with the same step mask, by augmenting paths). The
// time step k is reached is when steps 1..k first all have distinct events.
ChainMatch FunnelChainFinder::FindAnyOrder(const FunnelUnit& unit) {
  ChainMatch best;
  step_group_.assign(step_count_, -1);
  for (uint32_t anchor = 0; anchor < unit.size; ++anchor) {
    if (unit.step_mask[anchor] == 0) continue;
    group_masks_.clear();
    group_counts_.clear();
    group_used_.clear();
    std::fill(step_group_.begin(), step_group_.end(), -1);
    int matched = 0;
    ChainMatch candidate;
    candidate.start_position = anchor;

    // Augmenting path from `step` through groups (each group holds group_counts_ events).
    std::function<bool(int)> augment = [&](int step) -> bool {
      for (size_t group = 0; group < group_masks_.size(); ++group) {
        if (!HasStep(group_masks_[group], step) || group_visited_[group]) continue;
        group_visited_[group] = 1;
        if (group_used_[group] < group_counts_[group]) {
          ++group_used_[group];
          step_group_[step] = static_cast<int>(group);
          return true;
        }
        for (int other = 0; other < step_count_; ++other) {
          if (step_group_[other] == static_cast<int>(group) && augment(other)) {
            step_group_[step] = static_cast<int>(group);
            return true;
          }
        }
      }
      return false;
    };

    for (uint32_t position = anchor; position < unit.size && matched < step_count_; ++position) {
      if (!Within(unit, anchor, position)) break;
      const uint64_t mask = unit.step_mask[position];
      if (mask == 0) continue;
      auto found = std::find(group_masks_.begin(), group_masks_.end(), mask);
      if (found == group_masks_.end()) {
        group_masks_.push_back(mask);
        group_counts_.push_back(1);
        group_used_.push_back(0);
      } else {
        ++group_counts_[found - group_masks_.begin()];
      }
      while (matched < step_count_) {
        group_visited_.assign(group_masks_.size(), 0);
        if (!augment(matched)) break;
        candidate.step_ts_us[matched] = unit.ts_us[position];
        ++matched;
      }
    }
    candidate.depth = matched;
    if (candidate.depth > best.depth) {
      best = candidate;
      if (best.depth == step_count_) break;
    }
  }
  return best;
}

}  // namespace touchpath
