#include <algorithm>

#include "core/attribution/models/shapley_models.h"

namespace touchpath {

ModelCredit ShapleyModel(const PathTable& table) {
  ModelCredit credit = ZeroCredit(table);
  std::vector<uint32_t> distinct;
  for (size_t row = 0; row < table.row_count(); ++row) {
    if (table.conversions[row] == 0 && table.value[row] == 0) continue;
    distinct.assign(table.path_begin(row), table.path_end(row));
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    if (distinct.empty()) continue;
    const double share = 1.0 / static_cast<double>(distinct.size());
    for (uint32_t channel : distinct) {
      credit.conversions[channel] += table.conversions[row] * share;
      credit.value[channel] += table.value[row] * share;
    }
  }
  return credit;
}

}  // namespace touchpath
