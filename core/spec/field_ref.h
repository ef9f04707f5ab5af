#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/status.h"
#include "core/store/event_store.h"
#include "core/store/value_text.h"

namespace touchpath {

// What a spec's "field" names. Derived fields come from the session table; everything else
// is a stored path ("param.currency", "user.tier", "device.category", "ecommerce.value").
enum class FieldKind {
  kEvent,
  kSession,
  kChannel,
  kSource,
  kMedium,
  kCampaign,
  kSourceMedium,
  kStored,
};

struct FieldRef {
  FieldKind kind = FieldKind::kEvent;
  std::string path;  // for kStored: the store's field path
};

// `where` names the spec position for the message, e.g. "analyses[0].breakdown".
Status ParseFieldRef(std::string_view text, std::string_view where, FieldRef* field);

// A FieldRef bound to one store. Reading a field the store never saw yields nothing. A stored
// field is looked for only where the store holds it: an event's own fields, its context's
// (device.*, geo.*: a search of the event's own row first was most of a breakdown's time).
struct BoundField {
  FieldKind kind = FieldKind::kEvent;
  uint32_t field_id = kNoId;
  bool in_event_fields = false;
  bool in_contexts = false;
};
BoundField BindField(const EventStore& store, const FieldRef& field);

// The field's value on an event; derived fields are string values.
std::optional<Value> ReadField(const EventStore& store, const BoundField& field,
                               uint64_t event_index);

}  // namespace touchpath
