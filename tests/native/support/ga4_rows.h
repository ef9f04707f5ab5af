#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/ingest/ingestor.h"
#include "core/store/event_store.h"

namespace touchpath::testing {

// One GA4 BigQuery-export row as `bq extract` writes it: INT64 values as JSON strings, params
// as [{"key", "value": {"string_value" | "int_value" | "double_value"}}]. Fields are written
// in the order they are added, after event_date / event_timestamp / event_name.
class Ga4Row {
 public:
  Ga4Row(std::string user_pseudo_id, int64_t timestamp_us, std::string event_name);

  Ga4Row& UserId(std::string_view user_id);
  Ga4Row& SessionId(int64_t ga_session_id) { return IntParam("ga_session_id", ga_session_id); }
  Ga4Row& StringParam(std::string_view key, std::string_view value);
  Ga4Row& IntParam(std::string_view key, int64_t value);
  Ga4Row& DoubleParam(std::string_view key, double value);
  Ga4Row& UserProperty(std::string_view key, std::string_view value);
  // Any other top-level field, its value given as JSON text ({"category":"mobile"}, null, ...).
  Ga4Row& Field(std::string_view key, std::string_view json_value);

  std::string Json() const;
  operator std::string() const { return Json(); }

 private:
  std::string head_;
  std::string fields_;
  std::string params_;
  std::string user_properties_;
};

// The ingest tests' times: an instant in November 2023 (µs) and a minute.
inline constexpr int64_t kT0 = 1700000000000000;
inline constexpr int64_t kMinute = 60 * 1000000LL;

// A row with only its identity, time and name, as JSON.
std::string Row(const std::string& user_pseudo_id, int64_t timestamp_us,
                const std::string& event_name);

// JSON text of a string (quotes and escapes included).
std::string Quoted(std::string_view text);

// NDJSON: each row followed by '\n'.
std::string Ndjson(const std::vector<std::string>& rows);

struct LoadedInput {
  Status status;
  LoadStats stats;
  EventStore store;  // built only when status is ok
};

inline constexpr size_t kWholeInput = ~size_t{0};

// Streams each input through one Ingestor (BeginInput("input1"), "input2", ...) in chunks of
// chunk_size bytes, then Finish. A Feed failure ends loading with that status. `projection`:
// the fields the store keeps (nullopt: all).
LoadedInput LoadInputs(const std::vector<std::string>& inputs, size_t chunk_size = kWholeInput,
                       const std::optional<FieldProjection>& projection = std::nullopt);
LoadedInput Load(std::string_view bytes, size_t chunk_size = kWholeInput,
                 const std::optional<FieldProjection>& projection = std::nullopt);

// Readers over a built store, by event row (sorted order).
std::string EntityOf(const EventStore& store, uint64_t event);
std::string EventNameOf(const EventStore& store, uint64_t event);
std::optional<Value> FieldOf(const EventStore& store, uint64_t event, std::string_view path);
// The field as text (ValueText); nullopt when the event lacks it.
std::optional<std::string> FieldTextOf(const EventStore& store, uint64_t event,
                                       std::string_view path);
// "source / medium / campaign / channel" of the event's session.
std::string TrafficOf(const EventStore& store, uint64_t event);
// The event names in store order, joined by ' '.
std::string EventNames(const EventStore& store);

// Every column of the store as canonical text (names, not ids), so two stores built from
// differently shaped inputs compare equal exactly when they hold the same data.
std::string Digest(const EventStore& store);

}  // namespace touchpath::testing
