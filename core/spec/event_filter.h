#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/spec/field_ref.h"
#include "core/store/event_store.h"

namespace touchpath {

enum class ConditionOp {
  kEq,
  kNe,
  kIn,
  kContains,
  kStartsWith,
  kEndsWith,
  kGt,
  kGte,
  kLt,
  kLte,
  kExists
};

// One `where` entry: {"field": ..., "op": ..., "value": ...}. Scalars keep their JSON type:
// a number compares numerically (a stored "42" string counts as 42), a string compares as text.
struct ConditionSpec {
  FieldRef field;
  ConditionOp op = ConditionOp::kEq;
  std::vector<nlohmann::json> values;  // one for most ops, several for `in`, none for `exists`
};

// Which events a step (or a conversion, an exclusion) matches: {"event": "purchase" or
// ["a", "b"] (optional: any event), "where": [...], "label": "..."}.
struct EventFilterSpec {
  std::vector<std::string> events;  // empty: any event
  std::vector<ConditionSpec> where;
  std::string label;  // defaults to the event name(s)
};

Status ParseEventFilter(const nlohmann::json& json, std::string_view where,
                        EventFilterSpec* filter);

// An EventFilterSpec bound to one store: event names resolved to ids, fields to field ids.
class EventMatcher {
 public:
  EventMatcher(const EventStore& store, const EventFilterSpec& filter);
  bool Matches(uint64_t event_index) const;
  // True when the event name alone can match (cheap pre-check before the conditions).
  bool NameMatches(uint32_t event_name_id) const;

 private:
  struct BoundCondition {
    BoundField field;
    ConditionOp op;
    std::vector<std::optional<double>> numbers;  // per value: its number, if it is a JSON number
    std::vector<std::string> texts;              // per value: its text form
  };
  bool ConditionHolds(const BoundCondition& condition, uint64_t event_index) const;

  const EventStore* store_;
  bool any_event_ = false;
  std::vector<uint32_t> event_ids_;
  std::vector<BoundCondition> conditions_;
};

}  // namespace touchpath
