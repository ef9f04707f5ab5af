#include <string>

#include "core/attribution/models/rule_models.h"

namespace touchpath {

bool IsDirectChannel(std::string_view label) {
  std::string lower(label);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower == "direct" || lower == "(direct)" || lower == "(direct) / (none)";
}

ModelCredit LastNonDirectModel(const PathTable& table) {
  std::vector<bool> direct(table.channel_count());
  for (size_t channel = 0; channel < table.channel_count(); ++channel) {
    direct[channel] = IsDirectChannel(table.channels[channel]);
  }
  return CreditByTouchWeights(table, [&](size_t row, std::vector<double>* weights) {
    const uint32_t* path = table.path_begin(row);
    size_t chosen = weights->size() - 1;
    for (size_t touch = weights->size(); touch-- > 0;) {
      if (!direct[path[touch]]) {
        chosen = touch;
        break;
      }
    }
    (*weights)[chosen] = 1.0;
  });
}

}  // namespace touchpath
