#include "core/analysis/step_matching.h"

#include <algorithm>

namespace touchpath {

void StepMatching::Clear() {
  group_masks_.clear();
  group_counts_.clear();
  group_used_.clear();
  std::fill(step_group_.begin(), step_group_.end(), -1);
}

void StepMatching::Add(uint64_t step_mask) {
  auto found = std::find(group_masks_.begin(), group_masks_.end(), step_mask);
  if (found != group_masks_.end()) {
    ++group_counts_[found - group_masks_.begin()];
    return;
  }
  group_masks_.push_back(step_mask);
  group_counts_.push_back(1);
  group_used_.push_back(0);
}

void StepMatching::Remove(uint64_t step_mask) {
  auto found = std::find(group_masks_.begin(), group_masks_.end(), step_mask);
  if (found != group_masks_.end()) --group_counts_[found - group_masks_.begin()];
}

bool StepMatching::Augment(int step) {
  for (size_t group = 0; group < group_masks_.size(); ++group) {
    if (((group_masks_[group] >> step) & 1u) == 0 || group_visited_[group]) continue;
    group_visited_[group] = 1;
    if (group_used_[group] < group_counts_[group]) {
      ++group_used_[group];
      step_group_[step] = static_cast<int>(group);
      return true;
    }
    // The group is full: move one of its steps elsewhere to make room.
    for (size_t other = 0; other < step_group_.size(); ++other) {
      if (step_group_[other] == static_cast<int>(group) && Augment(static_cast<int>(other))) {
        step_group_[step] = static_cast<int>(group);
        return true;
      }
    }
  }
  return false;
}

bool StepMatching::TryMatch(int step) {
  group_visited_.assign(group_masks_.size(), 0);
  return Augment(step);
}

int StepMatching::MatchablePrefix() {
  std::fill(group_used_.begin(), group_used_.end(), 0);
  std::fill(step_group_.begin(), step_group_.end(), -1);
  int matched = 0;
  while (matched < static_cast<int>(step_group_.size()) && TryMatch(matched)) ++matched;
  return matched;
}

}  // namespace touchpath
