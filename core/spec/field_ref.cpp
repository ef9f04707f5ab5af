#include "core/spec/field_ref.h"

#include <string>

namespace touchpath {

Status ParseFieldRef(std::string_view text, std::string_view where, FieldRef* field) {
  static constexpr struct {
    std::string_view name;
    FieldKind kind;
  } kDerived[] = {
      {"event", FieldKind::kEvent},
      {"session", FieldKind::kSession},
      {"channel", FieldKind::kChannel},
      {"source", FieldKind::kSource},
      {"medium", FieldKind::kMedium},
      {"campaign", FieldKind::kCampaign},
      {"source_medium", FieldKind::kSourceMedium},
  };
  for (const auto& derived : kDerived) {
    if (text == derived.name) {
      *field = FieldRef{derived.kind, std::string()};
      return Status::Ok();
    }
  }
  const bool well_formed = !text.empty() && text.front() != '.' && text.back() != '.' &&
                           text.find("..") == std::string_view::npos;
  if (!well_formed || text.size() > 256) {
    return Status::BadSpec(std::string(where) + ": '" + std::string(text.substr(0, 256)) +
                           "' is not a field (use event, channel, source, medium, campaign, "
                           "source_medium, session, param.<key>, user.<key> or an export "
                           "field path like device.category)");
  }
  *field = FieldRef{FieldKind::kStored, std::string(text)};
  return Status::Ok();
}

BoundField BindField(const EventStore& store, const FieldRef& field) {
  BoundField bound{field.kind, kNoId};
  if (field.kind != FieldKind::kStored) return bound;
  bound.field_id = store.fields.Find(field.path);
  if (bound.field_id == kNoId) return bound;
  bound.in_event_fields = store.event_fields.AnyRowHolds(bound.field_id);
  bound.in_contexts = store.contexts.AnyRowHolds(bound.field_id);
  return bound;
}

std::optional<Value> ReadField(const EventStore& store, const BoundField& field,
                               uint64_t event_index) {
  const uint32_t session = store.session[event_index];
  switch (field.kind) {
    case FieldKind::kEvent:
      return Value::String(store.event_name_string[store.event[event_index]]);
    case FieldKind::kSession:
      return Value::Int(session);
    case FieldKind::kChannel:
      return Value::String(store.sessions.channel[session]);
    case FieldKind::kSource:
      return Value::String(store.sessions.source[session]);
    case FieldKind::kMedium:
      return Value::String(store.sessions.medium[session]);
    case FieldKind::kCampaign:
      return Value::String(store.sessions.campaign[session]);
    case FieldKind::kSourceMedium:
      return Value::String(store.sessions.source_medium[session]);
    case FieldKind::kStored:
      // As store.FieldValue: the event's own value, else its context's.
      if (field.in_event_fields) {
        if (auto own = store.OwnFieldValue(event_index, field.field_id)) return own;
      }
      if (!field.in_contexts) return std::nullopt;
      return store.ContextFieldValue(event_index, field.field_id);
  }
  return std::nullopt;
}

}  // namespace touchpath
