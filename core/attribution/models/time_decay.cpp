#include <algorithm>
#include <cmath>

#include "core/attribution/models/rule_models.h"

namespace touchpath {

ModelCredit TimeDecayModel(const PathTable& table, int64_t half_life_us) {
  if (!table.has_times()) {
    return UnavailableCredit(
        "time_decay needs touch times, and a path table has none; load events to use it");
  }
  return CreditByTouchWeights(table, [&](size_t row, std::vector<double>* weights) {
    const int64_t* times = table.touch_time_us.data() + table.row_begin[row];
    // 2^(-(conversion - t)/h) = 2^(-(conversion - newest)/h) * 2^(-(newest - t)/h): the first
    // factor cancels in the normalisation, and measuring from the newest touch cannot underflow
    // every weight to zero.
    const int64_t newest = *std::max_element(times, times + weights->size());
    double sum = 0;
    for (size_t touch = 0; touch < weights->size(); ++touch) {
      const double age_us = static_cast<double>(newest - times[touch]);
      (*weights)[touch] = std::exp2(-age_us / static_cast<double>(half_life_us));
      sum += (*weights)[touch];
    }
    for (double& weight : *weights) weight /= sum;
  });
}

}  // namespace touchpath
