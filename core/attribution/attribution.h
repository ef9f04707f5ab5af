#pragma once

#include <nlohmann/json.hpp>

#include "core/attribution/attribution_spec.h"
#include "core/attribution/path_table.h"
#include "core/attribution/path_table_reader.h"
#include "core/common/status.h"
#include "core/store/event_store.h"

namespace touchpath {

// The attribution analysis (DESIGN.md, "Attribution semantics"). Result:
// {"type": "attribution", "id", "conversions", "value", "paths": {"converting", "null"},
//  "channels": [...], "models": {"<model>": [{"channel", "conversions", "value"}, ...]},
//  "removal_effects": [{"channel", "effect"}], "conversion_probability",
//  "transition_matrix": [{"from", "to", "probability"}],          (markov)
//  "unavailable": {"<model>": "why"},      (models that cannot run on this input)
//  "skipped", "errors": [{"line", "message"}],    (path tables)
//  "warnings": [...]}                       (ignored spec keys)
// Each model's conversions and values sum to "conversions" and "value".
//
// No result, when the journeys hold more than kMaxAttributedTouchpoints distinct touchpoints
// (kBadSpec from events: choose another touchpoint; kBadInput from a path table): the result
// lists each under every model, which for a touchpoint such as a page's full URL on a month of
// GA4 outgrew a browser tab's memory.
inline constexpr size_t kMaxAttributedTouchpoints = 100000;

// Journeys built from the store's sessions and conversion events.
Status AnalyzeAttribution(const EventStore& store, const AttributionSpec& spec,
                          nlohmann::json* result);

// Journeys read from a path table (ParsePathTable); spec.conversion, touchpoint and lookback do
// not apply.
Status AnalyzeAttribution(const PathTable& table, const AttributionSpec& spec,
                          nlohmann::json* result);

}  // namespace touchpath
