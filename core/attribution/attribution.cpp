#include "core/attribution/attribution.h"

#include <string>

#include "core/attribution/models/markov.h"
#include "core/attribution/models/rule_models.h"
#include "core/attribution/models/shapley_models.h"
#include "core/attribution/path_transform.h"
#include "core/attribution/touchpoints.h"

namespace touchpath {

namespace {

nlohmann::json CreditJson(const PathTable& table, const ModelCredit& credit) {
  nlohmann::json rows = nlohmann::json::array();
  for (size_t channel = 0; channel < table.channel_count(); ++channel) {
    rows.push_back({{"channel", table.channels[channel]},
                    {"conversions", credit.conversions[channel]},
                    {"value", credit.value[channel]}});
  }
  return rows;
}

void AddMarkov(const PathTable& table, int order, nlohmann::json* result) {
  const MarkovResult markov = MarkovModel(table, order);
  if (!markov.credit.available()) {
    (*result)["unavailable"]["markov"] = markov.credit.unavailable;
    return;
  }
  (*result)["models"]["markov"] = CreditJson(table, markov.credit);
  nlohmann::json effects = nlohmann::json::array();
  for (size_t channel = 0; channel < table.channel_count(); ++channel) {
    effects.push_back(
        {{"channel", table.channels[channel]}, {"effect", markov.removal_effects[channel]}});
  }
  (*result)["removal_effects"] = std::move(effects);
  (*result)["conversion_probability"] = markov.conversion_probability;
  nlohmann::json transitions = nlohmann::json::array();
  for (const MarkovTransition& transition : markov.transitions) {
    transitions.push_back({{"from", markov.state_labels[transition.from]},
                           {"to", markov.state_labels[transition.to]},
                           {"probability", transition.probability}});
  }
  (*result)["transition_matrix"] = std::move(transitions);
}

// `journeys` may carry times (one row per journey, from events); the models other than
// time_decay run on its aggregate.
nlohmann::json RunModels(const PathTable& raw_journeys, const AttributionSpec& spec) {
  // Transformed copies only when transforms are asked for: a month's journeys take hundreds of
  // MB, which a browser tab's memory may not have twice.
  PathTable transformed;
  const PathTable* current = &raw_journeys;
  for (PathTransform transform : spec.transforms) {
    transformed = ApplyPathTransform(*current, transform);
    current = &transformed;
  }
  const PathTable& journeys = *current;
  const PathTable paths = journeys.has_times() ? AggregatePaths(journeys) : PathTable();
  const PathTable& table = journeys.has_times() ? paths : journeys;

  double conversions = 0, value = 0, nulls = 0;
  for (size_t row = 0; row < table.row_count(); ++row) {
    conversions += table.conversions[row];
    value += table.value[row];
    nulls += table.nulls[row];
  }
  nlohmann::json result = {{"type", "attribution"}};
  if (!spec.id.empty()) result["id"] = spec.id;
  result["conversions"] = conversions;
  result["value"] = value;
  result["paths"] = {{"converting", conversions}, {"null", nulls}};
  result["channels"] = table.channels;
  result["models"] = nlohmann::json::object();
  for (AttributionModel model : spec.models) {
    ModelCredit credit;
    switch (model) {
      case AttributionModel::kFirstTouch:
        credit = FirstTouchModel(table);
        break;
      case AttributionModel::kLastTouch:
        credit = LastTouchModel(table);
        break;
      case AttributionModel::kLastNonDirect:
        credit = LastNonDirectModel(table);
        break;
      case AttributionModel::kLinear:
        credit = LinearModel(table);
        break;
      case AttributionModel::kPositionBased:
        credit = PositionBasedModel(table, spec.position_weights);
        break;
      case AttributionModel::kTimeDecay:
        credit = TimeDecayModel(journeys, spec.half_life_us);
        break;
      case AttributionModel::kShapley:
        credit = ShapleyModel(table);
        break;
      case AttributionModel::kShapleyRate:
        credit = ShapleyRateModel(table);
        break;
      case AttributionModel::kMarkov:
        AddMarkov(table, spec.markov_order, &result);
        continue;
    }
    const std::string name(AttributionModelName(model));
    if (credit.available()) {
      result["models"][name] = CreditJson(table, credit);
    } else {
      result["unavailable"][name] = credit.unavailable;
    }
  }
  if (!spec.warnings.empty()) result["warnings"] = spec.warnings;
  return result;
}

// "<count> <what>, more than the 100000 attribution reports".
std::string TooManyTouchpoints(size_t count, std::string_view what) {
  return std::to_string(count) + " " + std::string(what) + ", more than the " +
         std::to_string(kMaxAttributedTouchpoints) + " attribution reports";
}

}  // namespace

Status AnalyzeAttribution(const EventStore& store, const AttributionSpec& spec,
                          nlohmann::json* result) {
  const EventMatcher conversion(store, spec.conversion);
  const PathTable journeys =
      BuildTouchpointPaths(store, spec.touchpoints, [&](uint64_t event_index) {
        return conversion.NameMatches(store.event[event_index]) && conversion.Matches(event_index);
      });
  if (journeys.channel_count() > kMaxAttributedTouchpoints) {
    return Status::BadSpec(
        TooManyTouchpoints(journeys.channel_count(), "distinct touchpoint values") +
        ": attribute by one with fewer values, such as channel, source, medium, campaign or "
        "source_medium");
  }
  *result = RunModels(journeys, spec);
  return Status::Ok();
}

Status AnalyzeAttribution(const PathTable& table, const AttributionSpec& spec,
                          nlohmann::json* result) {
  if (table.channel_count() > kMaxAttributedTouchpoints) {
    return Status::BadInput(
        TooManyTouchpoints(table.channel_count(), "channels in the path table"));
  }
  *result = RunModels(table, spec);
  (*result)["skipped"] = table.skipped_rows;
  nlohmann::json errors = nlohmann::json::array();
  for (const LineError& error : table.errors) {
    errors.push_back({{"line", error.line}, {"message", error.message}});
  }
  (*result)["errors"] = std::move(errors);
  return Status::Ok();
}

}  // namespace touchpath
