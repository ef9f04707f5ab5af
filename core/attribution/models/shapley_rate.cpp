#include <algorithm>
#include <bitset>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/attribution/models/shapley_models.h"

namespace touchpath {

namespace {

struct SetCounts {
  double conversions = 0;
  double journeys = 0;  // conversions + nulls
};

}  // namespace

ModelCredit ShapleyRateModel(const PathTable& table) {
  if (table.channel_count() > kMaxShapleyChannels) {
    return UnavailableCredit(
        "shapley_rate is limited to " + std::to_string(kMaxShapleyChannels) +
        " channels and this input has " + std::to_string(table.channel_count()) +
        "; use 'shapley', or a coarser touchpoint (channel instead of source or campaign)");
  }
  std::unordered_map<uint32_t, SetCounts> by_channel_set;
  double total_conversions = 0;
  double total_value = 0;
  for (size_t row = 0; row < table.row_count(); ++row) {
    uint32_t channel_set = 0;
    for (const uint32_t* touch = table.path_begin(row); touch != table.path_end(row); ++touch) {
      channel_set |= 1u << *touch;
    }
    SetCounts& counts = by_channel_set[channel_set];
    counts.conversions += table.conversions[row];
    counts.journeys += table.conversions[row] + table.nulls[row];
    total_conversions += table.conversions[row];
    total_value += table.value[row];
  }
  // The game is a sum of unanimity-like games, one per observed set T with worth rate(T) for
  // every coalition containing T; each splits rate(T) equally over T's channels. Sets are summed
  // in ascending order: the hash map's order differs between standard libraries, and the
  // native and WASM builds must print the same bits.
  std::vector<std::pair<uint32_t, SetCounts>> sets(by_channel_set.begin(), by_channel_set.end());
  std::sort(sets.begin(), sets.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<double> shapley(table.channel_count(), 0.0);
  double shapley_sum = 0;
  for (const auto& [channel_set, counts] : sets) {
    if (counts.journeys <= 0 || counts.conversions <= 0 || channel_set == 0) continue;
    const double rate = counts.conversions / counts.journeys;
    const double share = rate / static_cast<double>(std::bitset<32>(channel_set).count());
    for (uint32_t channel = 0; channel < table.channel_count(); ++channel) {
      if (channel_set >> channel & 1u) shapley[channel] += share;
    }
    shapley_sum += rate;
  }
  ModelCredit credit = ZeroCredit(table);
  if (shapley_sum <= 0) return credit;
  for (size_t channel = 0; channel < table.channel_count(); ++channel) {
    credit.conversions[channel] = total_conversions * shapley[channel] / shapley_sum;
    credit.value[channel] = total_value * shapley[channel] / shapley_sum;
  }
  return credit;
}

}  // namespace touchpath
