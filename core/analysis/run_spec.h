#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/common/status.h"
#include "core/store/event_store.h"

namespace touchpath {

// Validates every analysis of a spec, then runs them in order; *results gets one result per
// analysis. A bad spec fails as a whole before anything runs.
Status RunAnalyses(const EventStore& store, const nlohmann::json& spec, nlohmann::json* results);

}  // namespace touchpath
