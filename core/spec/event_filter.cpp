#include "core/spec/event_filter.h"

#include <algorithm>

namespace touchpath {

namespace {

struct OpName {
  std::string_view name;
  ConditionOp op;
};
constexpr OpName kOps[] = {
    {"eq", ConditionOp::kEq},
    {"ne", ConditionOp::kNe},
    {"in", ConditionOp::kIn},
    {"contains", ConditionOp::kContains},
    {"starts_with", ConditionOp::kStartsWith},
    {"ends_with", ConditionOp::kEndsWith},
    {"gt", ConditionOp::kGt},
    {"gte", ConditionOp::kGte},
    {"lt", ConditionOp::kLt},
    {"lte", ConditionOp::kLte},
    {"exists", ConditionOp::kExists},
};

bool IsNumericOp(ConditionOp op) {
  return op == ConditionOp::kGt || op == ConditionOp::kGte || op == ConditionOp::kLt ||
         op == ConditionOp::kLte;
}

bool IsScalar(const nlohmann::json& value) {
  return value.is_string() || value.is_number() || value.is_boolean();
}

Status ParseCondition(const nlohmann::json& json, const std::string& where,
                      ConditionSpec* condition) {
  if (!json.is_object()) return Status::BadSpec(where + ": a condition must be an object");
  auto field = json.find("field");
  if (field == json.end() || !field->is_string()) {
    return Status::BadSpec(where + ".field: a field name (string) is required");
  }
  Status status = ParseFieldRef(field->get<std::string>(), where + ".field", &condition->field);
  if (!status.ok()) return status;

  auto op = json.find("op");
  const std::string op_name =
      op == json.end() ? "eq" : (op->is_string() ? op->get<std::string>() : "");
  auto known = std::find_if(std::begin(kOps), std::end(kOps),
                            [&](const OpName& entry) { return entry.name == op_name; });
  if (known == std::end(kOps)) {
    return Status::BadSpec(where + ".op: unknown operator" +
                           (op_name.empty() ? std::string() : " '" + op_name + "'") +
                           " (use eq, ne, in, contains, starts_with, ends_with, gt, gte, lt, "
                           "lte, exists)");
  }
  condition->op = known->op;
  if (condition->op == ConditionOp::kExists) return Status::Ok();

  auto value = json.find("value");
  if (value == json.end()) return Status::BadSpec(where + ".value: required for '" + op_name + "'");
  if (condition->op == ConditionOp::kIn) {
    if (!value->is_array() || value->empty()) {
      return Status::BadSpec(where + ".value: 'in' needs a non-empty array");
    }
    for (const auto& item : *value) {
      if (!IsScalar(item)) {
        return Status::BadSpec(where + ".value: 'in' takes strings, numbers or booleans");
      }
      condition->values.push_back(item);
    }
    return Status::Ok();
  }
  if (!IsScalar(*value)) {
    return Status::BadSpec(where + ".value: must be a string, number or boolean");
  }
  if (IsNumericOp(condition->op) && !value->is_number()) {
    return Status::BadSpec(where + ".value: '" + op_name + "' compares numbers");
  }
  condition->values.push_back(*value);
  return Status::Ok();
}

}  // namespace

Status ParseEventFilter(const nlohmann::json& json, std::string_view where_view,
                        EventFilterSpec* filter) {
  const std::string where(where_view);
  if (json.is_string()) {  // shorthand: "purchase"
    filter->events = {json.get<std::string>()};
    filter->label = filter->events.front();
    return Status::Ok();
  }
  if (!json.is_object()) {
    return Status::BadSpec(where + ": expected an object like {\"event\": \"purchase\"}");
  }
  auto event = json.find("event");
  if (event != json.end()) {
    if (event->is_string()) {
      filter->events = {event->get<std::string>()};
    } else if (event->is_array() && !event->empty()) {
      for (const auto& name : *event) {
        if (!name.is_string()) return Status::BadSpec(where + ".event: names must be strings");
        filter->events.push_back(name.get<std::string>());
      }
    } else {
      return Status::BadSpec(where + ".event: must be an event name or a list of names");
    }
  }
  auto conditions = json.find("where");
  if (conditions != json.end()) {
    if (!conditions->is_array()) return Status::BadSpec(where + ".where: must be an array");
    for (size_t i = 0; i < conditions->size(); ++i) {
      ConditionSpec condition;
      Status status =
          ParseCondition((*conditions)[i], where + ".where[" + std::to_string(i) + "]", &condition);
      if (!status.ok()) return status;
      filter->where.push_back(std::move(condition));
    }
  }
  if (filter->events.empty() && filter->where.empty()) {
    return Status::BadSpec(where + ": needs an \"event\" or a \"where\"");
  }
  auto label = json.find("label");
  if (label != json.end()) {
    if (!label->is_string()) return Status::BadSpec(where + ".label: must be a string");
    filter->label = label->get<std::string>();
  } else {
    for (const auto& name : filter->events) {
      filter->label += (filter->label.empty() ? "" : " | ") + name;
    }
    if (filter->label.empty()) filter->label = "any event";
  }
  return Status::Ok();
}

EventMatcher::EventMatcher(const EventStore& store, const EventFilterSpec& filter)
    : store_(&store), any_event_(filter.events.empty()) {
  for (const auto& name : filter.events) {
    const uint32_t id = store.event_names.Find(name);
    if (id != kNoId) event_ids_.push_back(id);
  }
  for (const auto& condition : filter.where) {
    BoundCondition bound{BindField(store, condition.field), condition.op, {}, {}};
    for (const auto& value : condition.values) {
      bound.numbers.push_back(value.is_number() ? std::optional<double>(value.get<double>())
                                                : std::nullopt);
      if (value.is_string()) {
        bound.texts.push_back(value.get<std::string>());
      } else if (value.is_boolean()) {
        bound.texts.push_back(value.get<bool>() ? "true" : "false");
      } else {
        bound.texts.push_back(value.dump());
      }
    }
    conditions_.push_back(std::move(bound));
  }
}

bool EventMatcher::NameMatches(uint32_t event_name_id) const {
  if (any_event_) return true;
  for (uint32_t id : event_ids_) {
    if (id == event_name_id) return true;
  }
  return false;
}

bool EventMatcher::Matches(uint64_t event_index) const {
  if (!NameMatches(store_->event[event_index])) return false;
  for (const auto& condition : conditions_) {
    if (!ConditionHolds(condition, event_index)) return false;
  }
  return true;
}

bool EventMatcher::ConditionHolds(const BoundCondition& condition, uint64_t event_index) const {
  const std::optional<Value> value = ReadField(*store_, condition.field, event_index);
  // A missing field is "not equal" to anything and fails every other test.
  if (!value) return condition.op == ConditionOp::kNe;
  if (condition.op == ConditionOp::kExists) return true;

  const std::optional<double> number = ValueNumber(*store_, *value);
  const std::string text = ValueText(*store_, *value);
  auto equals = [&](size_t i) {
    if (condition.numbers[i]) return number && *number == *condition.numbers[i];
    return text == condition.texts[i];
  };
  const std::string& operand = condition.texts.front();
  switch (condition.op) {
    case ConditionOp::kEq:
      return equals(0);
    case ConditionOp::kNe:
      return !equals(0);
    case ConditionOp::kIn:
      for (size_t i = 0; i < condition.texts.size(); ++i) {
        if (equals(i)) return true;
      }
      return false;
    case ConditionOp::kContains:
      return text.find(operand) != std::string::npos;
    case ConditionOp::kStartsWith:
      return text.compare(0, operand.size(), operand) == 0;
    case ConditionOp::kEndsWith:
      return text.size() >= operand.size() &&
             text.compare(text.size() - operand.size(), operand.size(), operand) == 0;
    case ConditionOp::kGt:
      return number && *number > *condition.numbers[0];
    case ConditionOp::kGte:
      return number && *number >= *condition.numbers[0];
    case ConditionOp::kLt:
      return number && *number < *condition.numbers[0];
    case ConditionOp::kLte:
      return number && *number <= *condition.numbers[0];
    case ConditionOp::kExists:
      return true;
  }
  return false;
}

}  // namespace touchpath
