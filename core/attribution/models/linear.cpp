#include "core/attribution/models/rule_models.h"

namespace touchpath {

ModelCredit LinearModel(const PathTable& table) {
  return CreditByTouchWeights(table, [](size_t, std::vector<double>* weights) {
    const double share = 1.0 / static_cast<double>(weights->size());
    for (double& weight : *weights) weight = share;
  });
}

}  // namespace touchpath
