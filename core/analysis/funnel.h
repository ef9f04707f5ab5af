#pragma once

#include <nlohmann/json.hpp>

#include "core/analysis/funnel_spec.h"
#include "core/store/event_store.h"

namespace touchpath {

// The funnel result of DESIGN.md: steps with counts, conversion and drop-off, time to
// convert, and a breakdown by the counted chain's step-1 value.
nlohmann::json AnalyzeFunnel(const EventStore& store, const FunnelSpec& spec);

}  // namespace touchpath
