#pragma once

#include <string>
#include <vector>

#include "core/attribution/path_table.h"

namespace touchpath {

// One model's answer: conversions and value credited to each channel of the PathTable (indexed
// by channel id). Each model's credits sum to the table's totals.
struct ModelCredit {
  std::vector<double> conversions;
  std::vector<double> value;
  std::string unavailable;  // non-empty: why the model cannot run on this input

  bool available() const { return unavailable.empty(); }
};

inline ModelCredit ZeroCredit(const PathTable& table) {
  ModelCredit credit;
  credit.conversions.assign(table.channel_count(), 0.0);
  credit.value.assign(table.channel_count(), 0.0);
  return credit;
}

inline ModelCredit UnavailableCredit(std::string reason) {
  ModelCredit credit;
  credit.unavailable = std::move(reason);
  return credit;
}

// Splits each converting row's conversions and value over its touches. `touch_weights(row,
// weights)` fills one weight per touch of the row (weights->size() is the path length); the
// weights must sum to 1. Repeated channels collect the weight of each of their touches.
template <typename TouchWeights>
ModelCredit CreditByTouchWeights(const PathTable& table, TouchWeights&& touch_weights) {
  ModelCredit credit = ZeroCredit(table);
  std::vector<double> weights;
  for (size_t row = 0; row < table.row_count(); ++row) {
    const double conversions = table.conversions[row];
    const double value = table.value[row];
    if (conversions == 0 && value == 0) continue;
    weights.assign(table.path_length(row), 0.0);
    if (weights.empty()) continue;
    touch_weights(row, &weights);
    const uint32_t* path = table.path_begin(row);
    for (size_t touch = 0; touch < weights.size(); ++touch) {
      credit.conversions[path[touch]] += conversions * weights[touch];
      credit.value[path[touch]] += value * weights[touch];
    }
  }
  return credit;
}

}  // namespace touchpath
