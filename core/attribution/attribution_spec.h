#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribution/models/rule_models.h"
#include "core/attribution/path_transform.h"
#include "core/attribution/touchpoints.h"
#include "core/common/status.h"
#include "core/spec/event_filter.h"

namespace touchpath {

enum class AttributionModel {
  kFirstTouch,
  kLastTouch,
  kLastNonDirect,
  kLinear,
  kPositionBased,
  kTimeDecay,
  kMarkov,
  kShapley,
  kShapleyRate,
};

std::string_view AttributionModelName(AttributionModel model);

// An "attribution" analysis of the spec (DESIGN.md, "Attribution semantics"):
// {"type": "attribution", "conversion": {"event": "purchase"}, "touchpoint": "channel",
//  "lookback": "30d", "value_field": "param.value", "transform": "exposure",
//  "models": ["first_touch", "markov", ...], "position_weights": [40, 20, 40],
//  "half_life": "7d", "markov_order": 1}
struct AttributionSpec {
  std::string id;
  EventFilterSpec conversion;  // default: {"event": "purchase"}
  TouchpointOptions touchpoints;
  std::vector<PathTransform> transforms;  // applied in order; none: paths as they are
  std::vector<AttributionModel> models;   // default: all
  PositionWeights position_weights;
  int64_t half_life_us = int64_t{7} * 86400 * 1000000;
  int markov_order = 1;
  std::vector<std::string> warnings;  // e.g. keys the parser did not know and ignored
};

// `where` names the analysis for messages, e.g. "analyses[1]" -> "analyses[1].models[2]: unknown
// model 'foo'". Unknown keys are not errors; they are listed in spec->warnings.
Status ParseAttributionSpec(const nlohmann::json& analysis, std::string_view where,
                            AttributionSpec* spec);

}  // namespace touchpath
