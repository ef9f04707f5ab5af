#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/attribution/path_table.h"
#include "core/common/status.h"
#include "core/ingest/field_projection.h"
#include "core/store/event_store.h"

namespace touchpath {

// The loaded data an analysis runs on: events, or (attribution only) an aggregated path table.
struct AnalysisInput {
  const EventStore* events = nullptr;
  const PathTable* paths = nullptr;
};

// Validates every analysis of a spec, then runs them in order; *results gets one result per
// analysis. A bad spec fails as a whole before anything runs.
Status RunAnalyses(const AnalysisInput& input, const nlohmann::json& spec, nlohmann::json* results);

// Adds to *needs the export fields the spec's analyses read besides each event's name, entity,
// time and session: `where` fields, breakdowns, attribution touchpoints and values. Validates the
// spec as RunAnalyses does (on event data) and returns its error.
Status AddSpecFieldNeeds(const nlohmann::json& spec, FieldProjection* needs);

}  // namespace touchpath
