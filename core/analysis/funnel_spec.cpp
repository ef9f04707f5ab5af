#include "core/analysis/funnel_spec.h"

#include "core/spec/duration.h"

namespace touchpath {

namespace {

constexpr std::string_view kDefaultWindow = "30d";

Status ParseStepNumber(const nlohmann::json& json, const std::string& where, size_t step_count,
                       int* step) {
  if (!json.is_number_integer() || json.get<int64_t>() < 1 ||
      json.get<int64_t>() > static_cast<int64_t>(step_count)) {
    return Status::BadSpec(where + ": must be a step number from 1 to " +
                           std::to_string(step_count));
  }
  *step = static_cast<int>(json.get<int64_t>()) - 1;
  return Status::Ok();
}

Status ParseExclusion(const nlohmann::json& json, const std::string& where, size_t step_count,
                      FunnelExclusion* exclusion) {
  Status status = ParseEventFilter(json, where, &exclusion->filter);
  if (!status.ok()) return status;
  auto from = json.find("from_step");
  auto to = json.find("to_step");
  exclusion->from_step = 0;
  exclusion->to_step = static_cast<int>(step_count) - 1;
  if (from != json.end()) {
    status = ParseStepNumber(*from, where + ".from_step", step_count, &exclusion->from_step);
    if (!status.ok()) return status;
  }
  if (to != json.end()) {
    status = ParseStepNumber(*to, where + ".to_step", step_count, &exclusion->to_step);
    if (!status.ok()) return status;
  }
  if (exclusion->to_step <= exclusion->from_step) {
    return Status::BadSpec(where + ": to_step must come after from_step");
  }
  return Status::Ok();
}

}  // namespace

Status ParseFunnelSpec(const nlohmann::json& json, std::string_view where_view, FunnelSpec* spec) {
  const std::string where(where_view);
  auto id = json.find("id");
  if (id != json.end()) {
    if (!id->is_string()) return Status::BadSpec(where + ".id: must be a string");
    spec->id = id->get<std::string>();
  }

  auto steps = json.find("steps");
  if (steps == json.end() || !steps->is_array() || steps->empty()) {
    return Status::BadSpec(where + ".steps: a funnel needs a non-empty array of steps");
  }
  if (steps->size() > FunnelSpec::kMaxSteps) {
    return Status::BadSpec(where + ".steps: at most 64 steps");
  }
  for (size_t i = 0; i < steps->size(); ++i) {
    EventFilterSpec step;
    Status status =
        ParseEventFilter((*steps)[i], where + ".steps[" + std::to_string(i) + "]", &step);
    if (!status.ok()) return status;
    spec->steps.push_back(std::move(step));
  }

  auto window = json.find("window");
  const bool has_window = window != json.end();
  if (has_window && !window->is_string()) {
    return Status::BadSpec(where + ".window: a duration like \"7d\", \"12h\" or \"none\"");
  }
  const std::string window_text =
      has_window ? window->get<std::string>() : std::string(kDefaultWindow);
  if (!ParseDuration(window_text, &spec->window_us)) {
    return Status::BadSpec(
        where + ".window: '" + window_text +
        "' is not a duration (use \"90s\", \"30m\", \"12h\", \"7d\" or \"none\")");
  }

  auto order = json.find("order");
  if (order != json.end()) {
    const std::string name = order->is_string() ? order->get<std::string>() : std::string();
    if (name == "ordered") {
      spec->order = FunnelOrder::kOrdered;
    } else if (name == "strict") {
      spec->order = FunnelOrder::kStrict;
    } else if (name == "any") {
      spec->order = FunnelOrder::kAny;
    } else {
      return Status::BadSpec(where + ".order: use \"ordered\", \"strict\" or \"any\"");
    }
  }

  auto count = json.find("count");
  if (count != json.end()) {
    const std::string name = count->is_string() ? count->get<std::string>() : std::string();
    if (name == "users") {
      spec->count = FunnelCount::kUsers;
    } else if (name == "sessions") {
      spec->count = FunnelCount::kSessions;
    } else {
      return Status::BadSpec(where + ".count: use \"users\" or \"sessions\"");
    }
  }

  auto exclusions = json.find("exclusions");
  if (exclusions != json.end()) {
    if (!exclusions->is_array()) return Status::BadSpec(where + ".exclusions: must be an array");
    if (exclusions->size() > FunnelSpec::kMaxExclusions) {
      return Status::BadSpec(where + ".exclusions: at most 8 exclusions");
    }
    if (!exclusions->empty() && spec->order == FunnelOrder::kAny) {
      return Status::BadSpec(where +
                             ".exclusions: not available with order \"any\" (steps have "
                             "no order to be between)");
    }
    for (size_t i = 0; i < exclusions->size(); ++i) {
      FunnelExclusion exclusion;
      Status status =
          ParseExclusion((*exclusions)[i], where + ".exclusions[" + std::to_string(i) + "]",
                         spec->steps.size(), &exclusion);
      if (!status.ok()) return status;
      spec->exclusions.push_back(std::move(exclusion));
    }
  }

  auto breakdown = json.find("breakdown");
  if (breakdown != json.end() && !breakdown->is_null()) {
    if (!breakdown->is_string()) return Status::BadSpec(where + ".breakdown: must be a field name");
    FieldRef field;
    Status status = ParseFieldRef(breakdown->get<std::string>(), where + ".breakdown", &field);
    if (!status.ok()) return status;
    spec->breakdown = std::move(field);
  }
  return Status::Ok();
}

}  // namespace touchpath
