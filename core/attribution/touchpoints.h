#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "core/attribution/path_table.h"
#include "core/spec/field_ref.h"
#include "core/store/event_store.h"

namespace touchpath {

// How sessions become touchpoints and which events convert.
struct TouchpointOptions {
  FieldRef touchpoint{FieldKind::kChannel, ""};  // label: read on the session's first event
  std::optional<int64_t> lookback_us = int64_t{30} * 86400 * 1000000;  // nullopt: unlimited
  std::optional<FieldRef> value_field;  // conversion value; default: the event's revenue
};

// Journeys from events, one PathTable row per conversion and per null path, with times:
//  - a conversion's path: the entity's sessions that started within the lookback before it
//    (inclusive) and after its previous conversion, plus the session it happened in;
//  - the sessions that started after the entity's last conversion (all its sessions if it never
//    converted) and within the lookback of its last session form one null path.
// Touch times are session starts; a null row's conversion time is its last session's start.
// Missing labels read "(not set)"; a missing or non-numeric value counts 0.
PathTable BuildTouchpointPaths(const EventStore& store, const TouchpointOptions& options,
                               const std::function<bool(uint64_t event_index)>& is_conversion);

}  // namespace touchpath
