#include "tests/native/support/ga4_rows.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/store/value_text.h"

namespace touchpath::testing {

namespace {

void AppendMember(std::string* members, std::string_view text) {
  if (!members->empty()) *members += ',';
  *members += text;
}

std::string KeyValue(std::string_view key, std::string_view typed_value) {
  return "{\"key\":" + Quoted(key) + ",\"value\":{" + std::string(typed_value) + "}}";
}

std::string FieldText(const EventStore& store, uint32_t field_id, Value value) {
  return " " + std::string(store.fields.Get(field_id)) + "=" +
         std::to_string(static_cast<int>(value.kind)) + ":" + ValueText(store, value);
}

std::string ContextText(const EventStore& store, uint64_t event) {
  std::string text;
  store.contexts.ForEachField(
      store.context[event], /*session_key=*/0,
      [&](uint32_t field_id, Value value) { text += FieldText(store, field_id, value); });
  return text;
}

std::string OwnFieldsText(const EventStore& store, uint64_t event) {
  std::string text;
  store.ForEachOwnField(
      event, [&](uint32_t field_id, Value value) { text += FieldText(store, field_id, value); });
  return text;
}

}  // namespace

std::string Quoted(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", c);
      quoted += escape;
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

Ga4Row::Ga4Row(std::string user_pseudo_id, int64_t timestamp_us, std::string event_name)
    : head_("\"event_date\":\"20240101\",\"event_timestamp\":\"" + std::to_string(timestamp_us) +
            "\",\"event_name\":" + Quoted(event_name) +
            ",\"user_pseudo_id\":" + Quoted(user_pseudo_id)) {}

Ga4Row& Ga4Row::UserId(std::string_view user_id) {
  AppendMember(&fields_, "\"user_id\":" + Quoted(user_id));
  return *this;
}

Ga4Row& Ga4Row::StringParam(std::string_view key, std::string_view value) {
  AppendMember(&params_, KeyValue(key, "\"string_value\":" + Quoted(value)));
  return *this;
}

Ga4Row& Ga4Row::IntParam(std::string_view key, int64_t value) {
  AppendMember(&params_, KeyValue(key, "\"int_value\":\"" + std::to_string(value) + "\""));
  return *this;
}

Ga4Row& Ga4Row::DoubleParam(std::string_view key, double value) {
  char number[32];
  std::snprintf(number, sizeof number, "%.17g", value);
  AppendMember(&params_, KeyValue(key, std::string("\"double_value\":") + number));
  return *this;
}

Ga4Row& Ga4Row::UserProperty(std::string_view key, std::string_view value) {
  AppendMember(&user_properties_, KeyValue(key, "\"string_value\":" + Quoted(value)));
  return *this;
}

Ga4Row& Ga4Row::Field(std::string_view key, std::string_view json_value) {
  AppendMember(&fields_, Quoted(key) + ":" + std::string(json_value));
  return *this;
}

std::string Ga4Row::Json() const {
  std::string json = "{" + head_;
  if (!params_.empty()) json += ",\"event_params\":[" + params_ + "]";
  if (!user_properties_.empty()) json += ",\"user_properties\":[" + user_properties_ + "]";
  if (!fields_.empty()) json += "," + fields_;
  return json + "}";
}

std::string Ndjson(const std::vector<std::string>& rows) {
  std::string text;
  for (const std::string& row : rows) text += row + "\n";
  return text;
}

LoadedInput LoadInputs(const std::vector<std::string>& inputs, size_t chunk_size,
                       const std::optional<FieldProjection>& projection) {
  LoadedInput loaded;
  Ingestor ingestor("auto", projection);
  for (size_t input = 0; input < inputs.size(); ++input) {
    ingestor.BeginInput("input" + std::to_string(input + 1));
    const std::string_view bytes = inputs[input];
    for (size_t begin = 0; begin < bytes.size(); begin += std::min(chunk_size, bytes.size())) {
      loaded.status = ingestor.Feed(bytes.substr(begin, chunk_size));
      if (!loaded.status.ok()) {
        loaded.stats = ingestor.stats();
        return loaded;
      }
    }
  }
  LoadedData data;
  loaded.status = ingestor.Finish(&data);
  if (data.events) loaded.store = std::move(*data.events);
  loaded.stats = ingestor.stats();
  return loaded;
}

std::string Row(const std::string& user_pseudo_id, int64_t timestamp_us,
                const std::string& event_name) {
  return Ga4Row(user_pseudo_id, timestamp_us, event_name).Json();
}

LoadedInput Load(std::string_view bytes, size_t chunk_size,
                 const std::optional<FieldProjection>& projection) {
  return LoadInputs({std::string(bytes)}, chunk_size, projection);
}

std::string EntityOf(const EventStore& store, uint64_t event) {
  const auto entity =
      std::upper_bound(store.entity_begin.begin(), store.entity_begin.end(), event) -
      store.entity_begin.begin() - 1;
  return std::string(store.entities.Get(entity));
}

std::string EventNameOf(const EventStore& store, uint64_t event) {
  return std::string(store.event_names.Get(store.event[event]));
}

std::optional<Value> FieldOf(const EventStore& store, uint64_t event, std::string_view path) {
  const uint32_t field = store.fields.Find(path);
  if (field == kNoId) return std::nullopt;
  return store.FieldValue(event, field);
}

std::optional<std::string> FieldTextOf(const EventStore& store, uint64_t event,
                                       std::string_view path) {
  const std::optional<Value> value = FieldOf(store, event, path);
  if (!value) return std::nullopt;
  return ValueText(store, *value);
}

std::string TrafficOf(const EventStore& store, uint64_t event) {
  const SessionTable& sessions = store.sessions;
  const uint32_t session = store.session[event];
  return std::string(store.strings.Get(sessions.source[session])) + " / " +
         std::string(store.strings.Get(sessions.medium[session])) + " / " +
         std::string(store.strings.Get(sessions.campaign[session])) + " / " +
         std::string(store.strings.Get(sessions.channel[session]));
}

std::string EventNames(const EventStore& store) {
  std::string names;
  for (uint64_t event = 0; event < store.event_count(); ++event) {
    if (event > 0) names += ' ';
    names += EventNameOf(store, event);
  }
  return names;
}

std::string Digest(const EventStore& store) {
  std::string digest;
  for (uint64_t event = 0; event < store.event_count(); ++event) {
    char revenue[32];
    std::snprintf(revenue, sizeof revenue, "%.17g", store.Revenue(event).value_or(NAN));
    digest += EntityOf(store, event) + " " + std::to_string(store.ts_us[event]) + " " +
              EventNameOf(store, event) + " session=" + std::to_string(store.session[event]) +
              " (" + TrafficOf(store, event) + ") revenue=" + revenue + " |" +
              OwnFieldsText(store, event) + " |" + ContextText(store, event) + "\n";
  }
  return digest;
}

}  // namespace touchpath::testing
