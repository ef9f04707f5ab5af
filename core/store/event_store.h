#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/store/packed_field_table.h"
#include "core/store/string_dictionary.h"
#include "core/store/value.h"

namespace touchpath {

// One row per session, numbered in order of first appearance in the sorted event columns, so
// an entity's sessions are contiguous and in time order of their first event.
struct SessionTable {
  std::vector<uint32_t> entity;
  std::vector<int64_t> start_us;
  std::vector<int64_t> key;  // the export's session id (GA4 ga_session_id); any value if none
  // Session-scoped traffic (ids into EventStore::strings), resolved as DESIGN.md says.
  std::vector<uint32_t> source;
  std::vector<uint32_t> medium;
  std::vector<uint32_t> campaign;
  std::vector<uint32_t> source_medium;  // "google / cpc"
  std::vector<uint32_t> channel;

  size_t size() const { return entity.size(); }
};

// Event names are few (GA4 allows 500 a property), so their ids take two bytes an event.
using EventNameId = uint16_t;
inline constexpr size_t kMaxEventNames = 65535;

// Bytes a loaded store holds, as issue 5 counts them: what grows with every event, and the
// rest (per entity, per session, and the dictionaries of texts, shapes and contexts).
struct StoreMemory {
  size_t event_columns = 0;
  size_t entities_and_sessions = 0;
  size_t dictionaries = 0;
  size_t total() const { return event_columns + entities_and_sessions + dictionaries; }
};

// The one data model: columns, one row per event, sorted by (entity, timestamp, batch index,
// input order). Plain data; analyses are pure functions over it.
struct EventStore {
  StringDictionary strings;      // string values, channel labels
  StringDictionary entities;     // entity e (a user) is id e: its user_id / user_pseudo_id
  StringDictionary event_names;  // dense ids for the `event` column (few, so tables index them)
  std::vector<uint32_t> event_name_string;  // event name id -> the same text's id in `strings`
  StringDictionary fields;  // field paths: "param.currency", "user.tier", "device.category"

  // Entity e (a user) owns events [entity_begin[e], entity_begin[e + 1]).
  std::vector<uint64_t> entity_begin{0};

  std::vector<int64_t> ts_us;
  std::vector<EventNameId> event;  // id in event_names
  std::vector<uint32_t> session;   // row in `sessions`
  std::vector<uint32_t> context;   // row in `contexts`: export fields shared by many events
  // Revenue of the few events that carry one (purchases), by ascending event index.
  std::vector<uint64_t> revenue_event;
  std::vector<double> revenue_amount;

  PackedFieldTable event_fields;  // per event: params, user properties, per-event export fields
  // Per distinct context: device.*, geo.*, app_info.*, ... (interned without session keys).
  PackedFieldTable contexts{1};
  SessionTable sessions;

  size_t event_count() const { return ts_us.size(); }
  size_t entity_count() const { return entities.size(); }

  // A field's value on an event, looking at the event's own fields, then its context.
  std::optional<Value> FieldValue(uint64_t event_index, uint32_t field_id) const {
    if (auto own = OwnFieldValue(event_index, field_id)) return own;
    return ContextFieldValue(event_index, field_id);
  }
  // A field's value among the event's own fields (params, user properties, ...) only.
  std::optional<Value> OwnFieldValue(uint64_t event_index, uint32_t field_id) const {
    return event_fields.Find(event_index, field_id, sessions.key[session[event_index]]);
  }
  // A field's value in the event's context (device.*, geo.*, ...) only.
  std::optional<Value> ContextFieldValue(uint64_t event_index, uint32_t field_id) const {
    return contexts.Find(context[event_index], field_id, /*session_key=*/0);
  }
  // Calls visit(field_id, value) for each of the event's own fields, in field-id order.
  template <typename Visit>
  void ForEachOwnField(uint64_t event_index, Visit&& visit) const {
    event_fields.ForEachField(event_index, sessions.key[session[event_index]], visit);
  }
  std::optional<double> Revenue(uint64_t event_index) const;
  StoreMemory Memory() const;
};

}  // namespace touchpath
