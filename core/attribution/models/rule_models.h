#pragma once

#include <cstdint>

#include "core/attribution/models/model_credit.h"
#include "core/attribution/path_table.h"

namespace touchpath {

// Rule-based models: each converting path's conversions and value split over its touches by a
// fixed rule. One file per model; the shared splitting is CreditByTouchWeights.

// All credit to the path's first touch.
ModelCredit FirstTouchModel(const PathTable& table);
// All credit to the path's last touch.
ModelCredit LastTouchModel(const PathTable& table);
// All credit to the last touch that is not direct traffic ("Direct", "(direct)",
// "(direct) / (none)", any case); to the last touch when the whole path is direct.
ModelCredit LastNonDirectModel(const PathTable& table);
// Equal credit to every touch; a channel touched twice gets two shares.
ModelCredit LinearModel(const PathTable& table);

// Position-based (U-shaped): `first` to the first touch, `last` to the last, `middle` split
// over the touches between. Two touches split first:last (50/50 by default); one touch takes all.
struct PositionWeights {
  double first = 0.4;
  double middle = 0.2;
  double last = 0.4;
};
ModelCredit PositionBasedModel(const PathTable& table, const PositionWeights& weights);

// Touch weight 2^(-(conversion time - touch time) / half_life), normalised per path. Needs
// touch times: unavailable for path tables.
ModelCredit TimeDecayModel(const PathTable& table, int64_t half_life_us);

bool IsDirectChannel(std::string_view label);

}  // namespace touchpath
