#include "core/analysis/run_spec.h"

#include <optional>
#include <vector>

#include "core/analysis/funnel.h"
#include "core/analysis/funnel_spec.h"
#include "core/attribution/attribution.h"

namespace touchpath {

namespace {

// One analysis of a spec, parsed and validated: exactly one member is set.
struct ParsedAnalysis {
  std::optional<FunnelSpec> funnel;
  std::optional<AttributionSpec> attribution;
};

// `has_events`: whether the input is event data (a funnel cannot run on a path table).
Status ParseAnalyses(const nlohmann::json& spec, bool has_events,
                     std::vector<ParsedAnalysis>* parsed) {
  if (!spec.is_object()) return Status::BadSpec("spec: must be a JSON object");
  auto analyses = spec.find("analyses");
  if (analyses == spec.end() || !analyses->is_array() || analyses->empty()) {
    return Status::BadSpec("analyses: a non-empty array of analyses is required");
  }
  for (size_t i = 0; i < analyses->size(); ++i) {
    const nlohmann::json& analysis = (*analyses)[i];
    const std::string where = "analyses[" + std::to_string(i) + "]";
    if (!analysis.is_object()) return Status::BadSpec(where + ": must be an object");
    auto type = analysis.find("type");
    const std::string type_name =
        type != analysis.end() && type->is_string() ? type->get<std::string>() : "";
    ParsedAnalysis& entry = parsed->emplace_back();
    if (type_name == "funnel") {
      if (!has_events) {
        return Status::BadSpec(where +
                               ": a funnel needs event data, but the input is a path "
                               "table (only attribution runs on path tables)");
      }
      Status status = ParseFunnelSpec(analysis, where, &entry.funnel.emplace());
      if (!status.ok()) return status;
    } else if (type_name == "attribution") {
      Status status = ParseAttributionSpec(analysis, where, &entry.attribution.emplace());
      if (!status.ok()) return status;
    } else {
      return Status::BadSpec(
          where + ".type: " +
          (type_name.empty() ? std::string("missing") : "unknown type '" + type_name + "'") +
          " (available: funnel, attribution)");
    }
  }
  return Status::Ok();
}

void AddFieldNeed(const FieldRef& field, FieldProjection* needs) {
  switch (field.kind) {
    case FieldKind::kStored:
      needs->Add(field.path);
      break;
    case FieldKind::kChannel:
    case FieldKind::kSource:
    case FieldKind::kMedium:
    case FieldKind::kCampaign:
    case FieldKind::kSourceMedium:
      needs->session_traffic = true;
      break;
    case FieldKind::kEvent:
    case FieldKind::kSession:
      break;  // every load has them
  }
}

void AddFilterNeeds(const EventFilterSpec& filter, FieldProjection* needs) {
  for (const ConditionSpec& condition : filter.where) AddFieldNeed(condition.field, needs);
}

}  // namespace

Status RunAnalyses(const AnalysisInput& input, const nlohmann::json& spec,
                   nlohmann::json* results) {
  std::vector<ParsedAnalysis> analyses;
  Status status = ParseAnalyses(spec, input.events != nullptr, &analyses);
  if (!status.ok()) return status;
  *results = nlohmann::json::array();
  for (size_t i = 0; i < analyses.size(); ++i) {
    const ParsedAnalysis& analysis = analyses[i];
    if (analysis.funnel) {
      results->push_back(AnalyzeFunnel(*input.events, *analysis.funnel));
      continue;
    }
    nlohmann::json result;
    status = input.events != nullptr
                 ? AnalyzeAttribution(*input.events, *analysis.attribution, &result)
                 : AnalyzeAttribution(*input.paths, *analysis.attribution, &result);
    if (!status.ok()) return status.Prefixed("analyses[" + std::to_string(i) + "]: ");
    results->push_back(std::move(result));
  }
  return Status::Ok();
}

Status AddSpecFieldNeeds(const nlohmann::json& spec, FieldProjection* needs) {
  std::vector<ParsedAnalysis> analyses;
  Status status = ParseAnalyses(spec, /*has_events=*/true, &analyses);
  if (!status.ok()) return status;
  for (const ParsedAnalysis& analysis : analyses) {
    if (analysis.funnel) {
      for (const EventFilterSpec& step : analysis.funnel->steps) AddFilterNeeds(step, needs);
      for (const FunnelExclusion& exclusion : analysis.funnel->exclusions) {
        AddFilterNeeds(exclusion.filter, needs);
      }
      if (analysis.funnel->breakdown) AddFieldNeed(*analysis.funnel->breakdown, needs);
    } else {
      const AttributionSpec& attribution = *analysis.attribution;
      AddFilterNeeds(attribution.conversion, needs);
      AddFieldNeed(attribution.touchpoints.touchpoint, needs);
      if (attribution.touchpoints.value_field) {
        AddFieldNeed(*attribution.touchpoints.value_field, needs);
      }
    }
  }
  return Status::Ok();
}

}  // namespace touchpath
