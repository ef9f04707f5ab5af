#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/store/event_store.h"

namespace touchpath::testing {

using TestFields = std::vector<std::pair<std::string, std::variant<std::string, int64_t, double>>>;

// One event for a hand-made store: times in seconds, params as "param.<key>" fields; `context`:
// fields shared by many events (device.*, geo.*), stored as the event's context.
struct TestEvent {
  std::string user;
  int64_t seconds = 0;
  std::string name;
  TestFields fields = {};
  int64_t session = -1;  // ga_session_id; -1: none (30-minute inactivity rule)
  TestFields context = {};
};

// Builds a store through the real builder (sorting, sessions, session traffic).
EventStore MakeStore(const std::vector<TestEvent>& events);

// Parses `funnel_json` (one funnel analysis) and runs it; fails the test on a bad spec.
nlohmann::json RunFunnel(const EventStore& store, const std::string& funnel_json);

std::vector<uint64_t> StepCounts(const nlohmann::json& funnel_result);

}  // namespace touchpath::testing
