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

// A FieldRef bound to one store. Reading a field the store never saw yields nothing.
struct BoundField {
  FieldKind kind = FieldKind::kEvent;
  uint32_t field_id = kNoId;
};
BoundField BindField(const EventStore& store, const FieldRef& field);

// The field's value on an event; derived fields are string values.
std::optional<Value> ReadField(const EventStore& store, const BoundField& field,
                               uint64_t event_index);

}  // namespace touchpath
