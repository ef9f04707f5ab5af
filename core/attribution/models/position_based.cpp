#include "core/attribution/models/rule_models.h"

namespace touchpath {

ModelCredit PositionBasedModel(const PathTable& table, const PositionWeights& position) {
  const double ends = position.first + position.last;
  return CreditByTouchWeights(table, [&](size_t, std::vector<double>* weights) {
    const size_t length = weights->size();
    if (length == 1) {
      weights->front() = 1.0;
    } else if (length == 2 || position.middle == 0) {
      // No middle (or no middle share): the ends split the whole credit in their ratio.
      weights->front() = ends > 0 ? position.first / ends : 0.5;
      weights->back() = ends > 0 ? position.last / ends : 0.5;
    } else {
      const double total = ends + position.middle;
      weights->front() = position.first / total;
      weights->back() = position.last / total;
      const double middle_share = position.middle / total / static_cast<double>(length - 2);
      for (size_t touch = 1; touch + 1 < length; ++touch) (*weights)[touch] = middle_share;
    }
  });
}

}  // namespace touchpath
