#pragma once

#include <cstdint>
#include <vector>

namespace touchpath {

// Matches funnel steps to distinct events for the any-order mode. Events are kept only as a
// count per step mask (an event may match several steps); steps 0..k-1 are matchable when
// each can take a different event, decided by augmenting paths (bipartite matching).
class StepMatching {
 public:
  explicit StepMatching(int step_count) : step_group_(step_count, -1) {}

  void Clear();
  void Add(uint64_t step_mask);
  void Remove(uint64_t step_mask);
  // Keeps the current assignment and tries to give `step` an event too.
  bool TryMatch(int step);
  // The longest prefix of steps matchable with the events held now (recomputed from scratch).
  int MatchablePrefix();

 private:
  bool Augment(int step);

  std::vector<uint64_t> group_masks_;
  std::vector<int> group_counts_;
  std::vector<int> group_used_;
  std::vector<uint8_t> group_visited_;
  std::vector<int> step_group_;  // per step: the group whose event it took, or -1
};

}  // namespace touchpath
