#include "core/attribution/models/rule_models.h"

namespace touchpath {

ModelCredit LastTouchModel(const PathTable& table) {
  return CreditByTouchWeights(table,
                              [](size_t, std::vector<double>* weights) { weights->back() = 1.0; });
}

}  // namespace touchpath
