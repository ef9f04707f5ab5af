#include "core/analysis/run_spec.h"

#include <functional>
#include <vector>

#include "core/analysis/funnel.h"
#include "core/analysis/funnel_spec.h"
#include "core/attribution/attribution.h"

namespace touchpath {

Status RunAnalyses(const AnalysisInput& input, const nlohmann::json& spec,
                   nlohmann::json* results) {
  if (!spec.is_object()) return Status::BadSpec("spec: must be a JSON object");
  auto analyses = spec.find("analyses");
  if (analyses == spec.end() || !analyses->is_array() || analyses->empty()) {
    return Status::BadSpec("analyses: a non-empty array of analyses is required");
  }
  std::vector<std::function<nlohmann::json()>> runs;
  for (size_t i = 0; i < analyses->size(); ++i) {
    const nlohmann::json& analysis = (*analyses)[i];
    const std::string where = "analyses[" + std::to_string(i) + "]";
    if (!analysis.is_object()) return Status::BadSpec(where + ": must be an object");
    auto type = analysis.find("type");
    const std::string type_name =
        type != analysis.end() && type->is_string() ? type->get<std::string>() : "";
    if (type_name == "funnel") {
      if (input.events == nullptr) {
        return Status::BadSpec(where +
                               ": a funnel needs event data, but the input is a path "
                               "table (only attribution runs on path tables)");
      }
      FunnelSpec funnel;
      Status status = ParseFunnelSpec(analysis, where, &funnel);
      if (!status.ok()) return status;
      runs.push_back([store = input.events, funnel = std::move(funnel)] {
        return AnalyzeFunnel(*store, funnel);
      });
    } else if (type_name == "attribution") {
      AttributionSpec attribution;
      Status status = ParseAttributionSpec(analysis, where, &attribution);
      if (!status.ok()) return status;
      runs.push_back([input, attribution = std::move(attribution)] {
        return input.events != nullptr ? AnalyzeAttribution(*input.events, attribution)
                                       : AnalyzeAttribution(*input.paths, attribution);
      });
    } else {
      return Status::BadSpec(
          where + ".type: " +
          (type_name.empty() ? std::string("missing") : "unknown type '" + type_name + "'") +
          " (available: funnel, attribution)");
    }
  }
  *results = nlohmann::json::array();
  for (const auto& run : runs) results->push_back(run());
  return Status::Ok();
}

}  // namespace touchpath
