#include "core/attribution/touchpoints.h"

#include <string>
#include <vector>

namespace touchpath {

namespace {

constexpr std::string_view kNotSet = "(not set)";

// Session labels, interned into the PathTable once per distinct store string.
class SessionLabeler {
 public:
  SessionLabeler(const EventStore& store, const FieldRef& touchpoint, PathTableBuilder* builder)
      : store_(store),
        field_(BindField(store, touchpoint)),
        builder_(builder),
        channel_of_string_(store.strings.size(), kNoId) {}

  uint32_t Label(uint64_t first_event_of_session) {
    const std::optional<Value> value = ReadField(store_, field_, first_event_of_session);
    if (!value) return NotSet();
    if (value->kind != ValueKind::kString) return builder_->ChannelId(ValueText(store_, *value));
    const uint32_t string_id = value->string_id();
    if (string_id >= channel_of_string_.size()) return NotSet();
    uint32_t& channel = channel_of_string_[string_id];
    if (channel == kNoId) {
      const std::string_view text = store_.strings.Get(string_id);
      channel = builder_->ChannelId(text.empty() ? kNotSet : text);
    }
    return channel;
  }

 private:
  uint32_t NotSet() {
    if (not_set_ == kNoId) not_set_ = builder_->ChannelId(kNotSet);
    return not_set_;
  }

  const EventStore& store_;
  BoundField field_;
  PathTableBuilder* builder_;
  std::vector<uint32_t> channel_of_string_;
  uint32_t not_set_ = kNoId;
};

struct EntitySession {
  uint32_t label;
  int64_t start_us;
};

double ConversionValue(const EventStore& store, const std::optional<BoundField>& value_field,
                       uint64_t event_index) {
  if (!value_field) return store.Revenue(event_index).value_or(0.0);
  const std::optional<Value> value = ReadField(store, *value_field, event_index);
  if (!value) return 0.0;
  const std::optional<double> number = ValueNumber(store, *value);
  return number ? *number : 0.0;
}

}  // namespace

PathTable BuildTouchpointPaths(const EventStore& store, const TouchpointOptions& options,
                               const std::function<bool(uint64_t event_index)>& is_conversion) {
  PathTable table;
  PathTableBuilder builder(&table);
  SessionLabeler labeler(store, options.touchpoint, &builder);
  std::optional<BoundField> value_field;
  if (options.value_field) value_field = BindField(store, *options.value_field);
  const auto within_lookback = [&](int64_t start_us, int64_t until_us) {
    return !options.lookback_us || until_us - start_us <= *options.lookback_us;
  };

  std::vector<EntitySession> sessions;
  for (size_t entity = 0; entity < store.entity_count(); ++entity) {
    const uint64_t begin = store.entity_begin[entity];
    const uint64_t end = store.entity_begin[entity + 1];
    sessions.clear();
    uint32_t current_session = kNoId;
    size_t next_unused = 0;  // first session not yet on a conversion path
    bool converted = false;
    int64_t previous_conversion_us = 0;
    for (uint64_t event = begin; event < end; ++event) {
      if (store.session[event] != current_session) {
        current_session = store.session[event];
        sessions.push_back({labeler.Label(event), store.sessions.start_us[current_session]});
      }
      if (!is_conversion(event)) continue;
      const int64_t conversion_us = store.ts_us[event];
      const size_t converting = sessions.size() - 1;
      for (size_t s = next_unused; s < converting; ++s) {
        const bool after_previous = !converted || sessions[s].start_us > previous_conversion_us;
        if (after_previous && within_lookback(sessions[s].start_us, conversion_us)) {
          builder.AddTouch(sessions[s].label, sessions[s].start_us);
        }
      }
      builder.AddTouch(sessions[converting].label, sessions[converting].start_us);
      builder.EndTimedRow(1.0, ConversionValue(store, value_field, event), 0.0, conversion_us);
      next_unused = converting + 1;
      converted = true;
      previous_conversion_us = conversion_us;
    }
    if (next_unused >= sessions.size()) continue;
    const int64_t last_start_us = sessions.back().start_us;
    bool any_touch = false;
    for (size_t s = next_unused; s < sessions.size(); ++s) {
      const bool after_last = !converted || sessions[s].start_us > previous_conversion_us;
      if (after_last && within_lookback(sessions[s].start_us, last_start_us)) {
        builder.AddTouch(sessions[s].label, sessions[s].start_us);
        any_touch = true;
      }
    }
    if (any_touch) {
      builder.EndTimedRow(0.0, 0.0, 1.0, last_start_us);
    } else {
      builder.DiscardRow();
    }
  }
  return table;
}

}  // namespace touchpath
