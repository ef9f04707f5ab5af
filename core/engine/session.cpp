#include "core/engine/session.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/analysis/run_spec.h"
#include "core/ingest/ingestor.h"
#include "core/spec/spec_json.h"
#include "core/store/event_store.h"

namespace touchpath {

namespace {

nlohmann::json InputJson(const LoadStats& stats, const EventStore& store) {
  nlohmann::json errors = nlohmann::json::array();
  for (const LoadError& error : stats.errors) {
    errors.push_back({{"line", error.line}, {"message", error.message}});
  }
  return {
      {"format", stats.format},
      {"bytes", stats.bytes},
      {"rows", stats.rows},
      {"events", stats.events},
      {"entities", store.entity_count()},
      {"sessions", store.sessions.size()},
      {"skipped", stats.skipped},
      {"replaced_invalid_utf8", stats.replaced_invalid_utf8},
      {"errors", std::move(errors)},
  };
}

}  // namespace

struct Session::Impl {
  explicit Impl(const SessionOptions& options) : ingestor(options.format) {}
  Ingestor ingestor;
  std::optional<EventStore> store;
  Status finish_status;
  bool finished = false;
};

Session::Session(SessionOptions options) : impl_(std::make_unique<Impl>(options)) {}
Session::~Session() = default;

void Session::BeginInput(std::string_view name) {
  if (!impl_->finished) impl_->ingestor.BeginInput(name);
}

Status Session::Feed(std::string_view chunk) {
  if (impl_->finished) return Status::BadInput("loading has finished; start a new session");
  return impl_->ingestor.Feed(chunk);
}

Status Session::Finish() {
  if (impl_->finished) return impl_->finish_status;
  impl_->finished = true;
  EventStore store;
  impl_->finish_status = impl_->ingestor.Finish(&store);
  if (impl_->finish_status.ok()) impl_->store = std::move(store);
  return impl_->finish_status;
}

Status Session::Run(std::string_view spec_json, std::string* result_json) {
  if (!impl_->finished) {
    Status status = Finish();
    if (!status.ok()) return status;
  }
  if (!impl_->store) return impl_->finish_status;
  nlohmann::json spec;
  Status status = ParseJsonText(spec_json, "spec", &spec);
  if (!status.ok()) return status;
  nlohmann::json results;
  status = RunAnalyses(*impl_->store, spec, &results);
  if (!status.ok()) return status;
  const nlohmann::json document = {{"input", InputJson(impl_->ingestor.stats(), *impl_->store)},
                                   {"results", std::move(results)}};
  *result_json = DumpJson(document);
  return Status::Ok();
}

std::string Session::Describe() const {
  if (!impl_->store) return DumpJson({{"error", "no data loaded"}});
  const EventStore& store = *impl_->store;
  std::vector<uint64_t> counts(store.event_names.size(), 0);
  for (uint32_t name : store.event) ++counts[name];
  std::vector<uint32_t> order(counts.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return counts[a] > counts[b]; });
  nlohmann::json events = nlohmann::json::array();
  for (uint32_t name : order) {
    events.push_back({{"name", store.event_names.Get(name)}, {"count", counts[name]}});
  }
  std::vector<std::string> field_names;
  for (uint32_t field = 0; field < store.fields.size(); ++field) {
    field_names.emplace_back(store.fields.Get(field));
  }
  std::sort(field_names.begin(), field_names.end());
  nlohmann::json fields = {"event", "channel", "source", "medium", "source_medium", "campaign"};
  for (auto& name : field_names) fields.push_back(std::move(name));
  nlohmann::json description = {{"input", InputJson(impl_->ingestor.stats(), store)},
                                {"events", std::move(events)},
                                {"fields", std::move(fields)}};
  if (store.event_count() > 0) {
    const auto [first, last] = std::minmax_element(store.ts_us.begin(), store.ts_us.end());
    description["time_range_us"] = {*first, *last};
  }
  return DumpJson(description);
}

}  // namespace touchpath
