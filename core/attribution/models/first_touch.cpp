#include "core/attribution/models/rule_models.h"

namespace touchpath {

ModelCredit FirstTouchModel(const PathTable& table) {
  return CreditByTouchWeights(table,
                              [](size_t, std::vector<double>* weights) { weights->front() = 1.0; });
}

}  // namespace touchpath
