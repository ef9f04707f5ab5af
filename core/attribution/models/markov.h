#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/attribution/models/model_credit.h"
#include "core/attribution/path_table.h"

namespace touchpath {

// Markov-chain attribution, solved exactly as an absorbing chain (no simulation).
// States: (start), the paths' k-grams of channels (a path shorter than k is one state), then
// (conversion) and (null); consecutive identical states collapse (so order 1 drops repeats).
// Transitions are counted with weight conversions + nulls per path row. The removal effect of
// channel c is 1 - P(conversion with every state containing c leading to null) / P(conversion);
// conversions and value are split in proportion to the removal effects.
struct MarkovTransition {
  uint32_t from;  // index into MarkovResult::state_labels
  uint32_t to;
  double probability;
};

struct MarkovResult {
  ModelCredit credit;
  std::vector<double> removal_effects;  // per channel id
  double conversion_probability = 0;
  std::vector<std::string> state_labels;  // "(start)", k-grams "a > b", "(conversion)", "(null)"
  std::vector<MarkovTransition> transitions;
};

// The exact solve is dense: above this many k-gram states the model says it is too big.
inline constexpr size_t kMaxMarkovStates = 1500;

MarkovResult MarkovModel(const PathTable& table, int order);

}  // namespace touchpath
