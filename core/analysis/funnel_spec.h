#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/spec/event_filter.h"
#include "core/spec/field_ref.h"

namespace touchpath {

enum class FunnelOrder { kOrdered, kStrict, kAny };
enum class FunnelCount { kUsers, kSessions };

// {"event": "refund", "from_step": 2, "to_step": 3}: steps are 1-based in the spec, 0-based here.
struct FunnelExclusion {
  EventFilterSpec filter;
  int from_step = 0;
  int to_step = 0;
};

struct FunnelSpec {
  static constexpr size_t kMaxSteps = 64;
  static constexpr size_t kMaxExclusions = 8;

  std::string id;
  std::vector<EventFilterSpec> steps;
  std::optional<int64_t> window_us;  // nullopt: no limit ("none")
  FunnelOrder order = FunnelOrder::kOrdered;
  FunnelCount count = FunnelCount::kUsers;
  std::vector<FunnelExclusion> exclusions;
  std::optional<FieldRef> breakdown;
};

// `where` names the analysis for messages, e.g. "analyses[0]".
Status ParseFunnelSpec(const nlohmann::json& json, std::string_view where, FunnelSpec* spec);

}  // namespace touchpath
