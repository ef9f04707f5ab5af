#include "core/attribution/attribution_spec.h"

#include <algorithm>
#include <cmath>

#include "core/spec/duration.h"

namespace touchpath {

namespace {

constexpr struct {
  std::string_view name;
  AttributionModel model;
} kModels[] = {
    {"first_touch", AttributionModel::kFirstTouch},
    {"last_touch", AttributionModel::kLastTouch},
    {"last_non_direct", AttributionModel::kLastNonDirect},
    {"linear", AttributionModel::kLinear},
    {"position_based", AttributionModel::kPositionBased},
    {"time_decay", AttributionModel::kTimeDecay},
    {"markov", AttributionModel::kMarkov},
    {"shapley", AttributionModel::kShapley},
    {"shapley_rate", AttributionModel::kShapleyRate},
};

constexpr std::string_view kKnownKeys[] = {
    "type",        "id",           "label",          "conversion", "touchpoint", "lookback",
    "value_field", "transform",    "path_transform", "transforms", "models",     "position_weights",
    "half_life",   "markov_order",
};

constexpr int kMaxMarkovOrder = 8;

std::string ModelList() {
  std::string names;
  for (const auto& known : kModels) {
    if (!names.empty()) names += ", ";
    names += known.name;
  }
  return names;
}

Status ParseModels(const nlohmann::json& json, const std::string& where,
                   std::vector<AttributionModel>* models) {
  if (!json.is_array() || json.empty()) {
    return Status::BadSpec(where + ": a non-empty list of model names (" + ModelList() + ")");
  }
  models->clear();
  for (size_t i = 0; i < json.size(); ++i) {
    const std::string item_where = where + "[" + std::to_string(i) + "]";
    if (!json[i].is_string()) return Status::BadSpec(item_where + ": a model name (string)");
    const std::string name = json[i].get<std::string>();
    auto known = std::find_if(std::begin(kModels), std::end(kModels),
                              [&](const auto& entry) { return entry.name == name; });
    if (known == std::end(kModels)) {
      return Status::BadSpec(item_where + ": unknown model '" + name.substr(0, 80) + "' (use " +
                             ModelList() + ")");
    }
    if (std::find(models->begin(), models->end(), known->model) == models->end()) {
      models->push_back(known->model);
    }
  }
  return Status::Ok();
}

Status ParseTransforms(const nlohmann::json& json, const std::string& where,
                       std::vector<PathTransform>* transforms) {
  const nlohmann::json list = json.is_array() ? json : nlohmann::json::array({json});
  transforms->clear();
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string item_where = json.is_array() ? where + "[" + std::to_string(i) + "]" : where;
    PathTransform transform;
    if (!list[i].is_string() || !ParsePathTransform(list[i].get<std::string>(), &transform)) {
      return Status::BadSpec(
          item_where + ": unknown path transform" +
          (list[i].is_string() ? " '" + list[i].get<std::string>() + "'" : std::string()) +
          " (use unique, exposure, first or frequency)");
    }
    transforms->push_back(transform);
  }
  return Status::Ok();
}

Status ParsePositionWeights(const nlohmann::json& json, const std::string& where,
                            PositionWeights* weights) {
  const std::string expected =
      ": three non-negative numbers [first, middle, last] with a positive sum, e.g. [40, 20, 40]";
  if (!json.is_array() || json.size() != 3) return Status::BadSpec(where + expected);
  double parts[3];
  for (int i = 0; i < 3; ++i) {
    if (!json[i].is_number()) return Status::BadSpec(where + expected);
    parts[i] = json[i].get<double>();
    if (!std::isfinite(parts[i]) || parts[i] < 0) return Status::BadSpec(where + expected);
  }
  const double sum = parts[0] + parts[1] + parts[2];
  if (!(sum > 0)) return Status::BadSpec(where + expected);
  *weights = PositionWeights{parts[0] / sum, parts[1] / sum, parts[2] / sum};
  return Status::Ok();
}

Status ParseDurationField(const nlohmann::json& json, const std::string& where, bool allow_none,
                          std::optional<int64_t>* micros) {
  const std::string expected = allow_none ? ": a duration like \"30d\", \"12h\" or \"none\""
                                          : ": a positive duration like \"7d\" or \"12h\"";
  if (!json.is_string() || !ParseDuration(json.get<std::string>(), micros)) {
    return Status::BadSpec(where + expected);
  }
  if (!allow_none && (!*micros || **micros <= 0)) return Status::BadSpec(where + expected);
  return Status::Ok();
}

Status ParseField(const nlohmann::json& json, const std::string& where, FieldRef* field) {
  if (!json.is_string()) {
    return Status::BadSpec(where + ": a field name like \"channel\" or \"param.value\"");
  }
  return ParseFieldRef(json.get<std::string>(), where, field);
}

}  // namespace

std::string_view AttributionModelName(AttributionModel model) {
  for (const auto& known : kModels) {
    if (known.model == model) return known.name;
  }
  return "unknown";
}

Status ParseAttributionSpec(const nlohmann::json& analysis, std::string_view where_view,
                            AttributionSpec* spec) {
  const std::string where(where_view);
  *spec = AttributionSpec();
  if (!analysis.is_object()) return Status::BadSpec(where + ": an attribution analysis object");
  for (const auto& model : kModels) spec->models.push_back(model.model);
  spec->conversion.events = {"purchase"};
  spec->conversion.label = "purchase";

  for (auto item = analysis.begin(); item != analysis.end(); ++item) {
    const std::string& key = item.key();
    const nlohmann::json& value = item.value();
    const std::string field_where = where + "." + key;
    Status status;
    if (key == "id") {
      if (!value.is_string()) return Status::BadSpec(field_where + ": a string");
      spec->id = value.get<std::string>();
    } else if (key == "conversion") {
      spec->conversion = EventFilterSpec();
      status = ParseEventFilter(value, field_where, &spec->conversion);
    } else if (key == "touchpoint") {
      status = ParseField(value, field_where, &spec->touchpoints.touchpoint);
    } else if (key == "value_field") {
      FieldRef field;
      status = ParseField(value, field_where, &field);
      spec->touchpoints.value_field = field;
    } else if (key == "lookback") {
      status = ParseDurationField(value, field_where, /*allow_none=*/true,
                                  &spec->touchpoints.lookback_us);
    } else if (key == "half_life") {
      std::optional<int64_t> half_life;
      status = ParseDurationField(value, field_where, /*allow_none=*/false, &half_life);
      if (status.ok()) spec->half_life_us = *half_life;
    } else if (key == "transform" || key == "path_transform" || key == "transforms") {
      status = ParseTransforms(value, field_where, &spec->transforms);
    } else if (key == "models") {
      status = ParseModels(value, field_where, &spec->models);
    } else if (key == "position_weights") {
      status = ParsePositionWeights(value, field_where, &spec->position_weights);
    } else if (key == "markov_order") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1 ||
          value.get<int64_t>() > kMaxMarkovOrder) {
        return Status::BadSpec(field_where + ": an integer from 1 to " +
                               std::to_string(kMaxMarkovOrder));
      }
      spec->markov_order = static_cast<int>(value.get<int64_t>());
    } else if (std::find(std::begin(kKnownKeys), std::end(kKnownKeys), key) ==
               std::end(kKnownKeys)) {
      spec->warnings.push_back(field_where + ": unknown key, ignored");
    }
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace touchpath
