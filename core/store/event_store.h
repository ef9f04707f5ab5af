#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/store/field_table.h"
#include "core/store/string_dictionary.h"
#include "core/store/value.h"

namespace touchpath {

// One row per session, numbered in order of first appearance in the sorted event columns, so
// an entity's sessions are contiguous and in time order of their first event.
struct SessionTable {
  std::vector<uint32_t> entity;
  std::vector<int64_t> start_us;
  // Session-scoped traffic (ids into EventStore::strings), resolved as DESIGN.md says.
  std::vector<uint32_t> source;
  std::vector<uint32_t> medium;
  std::vector<uint32_t> campaign;
  std::vector<uint32_t> source_medium;  // "google / cpc"
  std::vector<uint32_t> channel;

  size_t size() const { return entity.size(); }
};

// The one data model: columns, one row per event, sorted by (entity, timestamp, batch index,
// input order). Plain data; analyses are pure functions over it.
struct EventStore {
  StringDictionary strings;      // entity names, string values, channel labels
  StringDictionary event_names;  // dense ids for the `event` column (few, so tables index them)
  std::vector<uint32_t> event_name_string;  // event name id -> the same text's id in `strings`
  StringDictionary fields;  // field paths: "param.currency", "user.tier", "device.category"

  // Entity e (a user) owns events [entity_begin[e], entity_begin[e + 1]).
  std::vector<uint64_t> entity_begin{0};
  std::vector<uint32_t> entity_name;  // string id of the user_id / user_pseudo_id

  std::vector<int64_t> ts_us;
  std::vector<uint32_t> event;    // id in event_names
  std::vector<uint32_t> session;  // row in `sessions`
  std::vector<double> revenue;    // NaN when the event carries none
  std::vector<uint32_t> context;  // row in `contexts`: export fields shared by many events

  FieldTable event_fields;  // per event: params, user properties, per-event export fields
  FieldTable contexts;      // per distinct context: device.*, geo.*, app_info.*, ...
  SessionTable sessions;

  size_t event_count() const { return ts_us.size(); }
  size_t entity_count() const { return entity_name.size(); }

  // A field's value on an event, looking at the event's own fields, then its context.
  std::optional<Value> FieldValue(uint64_t event_index, uint32_t field_id) const {
    if (auto own = event_fields.Find(event_index, field_id)) return own;
    return contexts.Find(context[event_index], field_id);
  }
  bool HasRevenue(uint64_t event_index) const { return !std::isnan(revenue[event_index]); }
};

}  // namespace touchpath
