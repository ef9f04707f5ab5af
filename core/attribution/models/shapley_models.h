#pragma once

#include "core/attribution/models/model_credit.h"
#include "core/attribution/path_table.h"

namespace touchpath {

// Zhao et al. (2018) simplified Shapley: each conversion (and its value) split equally over the
// distinct channels of its path.
ModelCredit ShapleyModel(const PathTable& table);

// Shapley values of the game whose players are the channels and whose coalition worth is
//   v(S) = sum over channel sets T contained in S of rate(T),
//   rate(T) = conversions / (conversions + nulls) of the paths whose channel set is exactly T,
// scaled so the channels' credits sum to the total conversions (and value). Exact (in closed
// form: phi_c = sum over T containing c of rate(T) / |T|). Refused above kMaxShapleyChannels.
inline constexpr size_t kMaxShapleyChannels = 20;
ModelCredit ShapleyRateModel(const PathTable& table);

}  // namespace touchpath
