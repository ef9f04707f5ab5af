#include "core/engine/session.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/analysis/run_spec.h"
#include "core/ingest/ingestor.h"
#include "core/spec/spec_json.h"

namespace touchpath {

namespace {

nlohmann::json InputJson(const LoadStats& stats, const LoadedData& data) {
  nlohmann::json errors = nlohmann::json::array();
  for (const LoadError& error : stats.errors) {
    errors.push_back({{"line", error.line}, {"message", error.message}});
  }
  nlohmann::json input = {
      {"format", stats.format},   {"bytes", stats.bytes},        {"rows", stats.rows},
      {"skipped", stats.skipped}, {"errors", std::move(errors)},
  };
  if (data.events) {
    input["events"] = stats.events;
    input["entities"] = data.events->entity_count();
    input["sessions"] = data.events->sessions.size();
    input["replaced_invalid_utf8"] = stats.replaced_invalid_utf8;
  }
  if (data.paths) {
    input["paths"] = data.paths->row_count();
    input["channels"] = data.paths->channel_count();
  }
  return input;
}

// The derived fields that session traffic resolution fills.
constexpr const char* kTrafficFields[] = {"channel", "source", "medium", "source_medium",
                                          "campaign"};

}  // namespace

Status ProjectionForSpecs(std::string_view specs_json, FieldProjection* projection) {
  nlohmann::json specs;
  Status status = ParseJsonText(specs_json, "specs", &specs);
  if (!status.ok()) return status;
  if (!specs.is_array()) specs = nlohmann::json::array({std::move(specs)});
  FieldProjection needs;
  for (size_t i = 0; i < specs.size(); ++i) {
    status = AddSpecFieldNeeds(specs[i], &needs);
    if (!status.ok()) {
      if (specs.size() == 1) return status;
      return Status::BadSpec("specs[" + std::to_string(i) + "]: " + status.message());
    }
  }
  *projection = std::move(needs);
  return Status::Ok();
}

struct Session::Impl {
  explicit Impl(const SessionOptions& options)
      : options(options),
        ingestor(options.format, options.projection, options.memory_limit_bytes),
        stored_fields(options.projection
                          ? std::optional<FieldProjection>(Ga4StoredFields(*options.projection))
                          : std::nullopt) {}
  SessionOptions options;
  Ingestor ingestor;
  // What a projected load keeps (nullopt: everything).
  std::optional<FieldProjection> stored_fields;
  LoadedData data;
  Status finish_status;
  bool finished = false;
  bool loaded() const { return data.events || data.paths; }
};

Session::Session(SessionOptions options) : impl_(std::make_unique<Impl>(options)) {}
Session::~Session() = default;

void Session::BeginInput(std::string_view name) {
  if (!impl_->finished) impl_->ingestor.BeginInput(name);
}

bool Session::ReadsLines() const { return !impl_->finished && impl_->ingestor.ReadsLines(); }

std::unique_ptr<Session> Session::NewLaterPart() const {
  auto part = std::make_unique<Session>(impl_->options);
  part->impl_->ingestor.BeginLaterPart(impl_->ingestor.input_name());
  return part;
}

bool Session::AppendLaterPart(Session&& part) {
  return !impl_->finished && !part.impl_->finished &&
         impl_->ingestor.AppendLaterPart(std::move(part.impl_->ingestor));
}

void Session::BeginLaterPart(std::string_view input_name) {
  impl_->ingestor.BeginLaterPart(input_name);
}

std::string Session::EncodeLaterPart() { return impl_->ingestor.EncodeLaterPart(); }

Status Session::AppendEncodedPart(std::string_view bytes, bool* appended) {
  *appended = false;
  std::unique_ptr<Session> part = NewLaterPart();
  Status status = part->impl_->ingestor.DecodeLaterPart(bytes);
  if (!status.ok()) return status;
  *appended = AppendLaterPart(std::move(*part));
  return Status::Ok();
}

Status Session::Feed(std::string_view chunk) {
  if (impl_->finished) return Status::BadInput("loading has finished; start a new session");
  return impl_->ingestor.Feed(chunk);
}

uint64_t Session::events_loaded() const { return impl_->ingestor.stats().events; }

uint64_t Session::bytes_to_finish() const { return impl_->ingestor.PeakBytesToFinish(); }

Status Session::Finish() {
  if (impl_->finished) return impl_->finish_status;
  impl_->finished = true;
  impl_->finish_status = impl_->ingestor.Finish(&impl_->data);
  return impl_->finish_status;
}

Status Session::Run(std::string_view spec_json, std::string* result_json) {
  if (!impl_->finished) {
    Status status = Finish();
    if (!status.ok()) return status;
  }
  if (!impl_->loaded()) return impl_->finish_status;
  nlohmann::json spec;
  Status status = ParseJsonText(spec_json, "spec", &spec);
  if (!status.ok()) return status;
  if (impl_->stored_fields && impl_->data.events) {
    FieldProjection needs;
    status = AddSpecFieldNeeds(spec, &needs);
    if (!status.ok()) return status;
    const std::string missing = impl_->stored_fields->Missing(needs);
    if (!missing.empty()) {
      return Status::BadSpec("the spec reads " + missing +
                             ", which this load skipped (it kept only the fields of the specs "
                             "given before loading): load again with this spec or without specs");
    }
  }
  const AnalysisInput input{impl_->data.events ? &*impl_->data.events : nullptr,
                            impl_->data.paths ? &*impl_->data.paths : nullptr};
  nlohmann::json results;
  status = RunAnalyses(input, spec, &results);
  if (!status.ok()) return status;
  const nlohmann::json document = {{"input", InputJson(impl_->ingestor.stats(), impl_->data)},
                                   {"results", std::move(results)}};
  *result_json = DumpJson(document);
  return Status::Ok();
}

std::string Session::Describe() const {
  if (!impl_->loaded()) return DumpJson({{"error", "no data loaded"}});
  // Projection applies to event exports; a path table is always read whole.
  const std::optional<FieldProjection>& stored = impl_->stored_fields;
  nlohmann::json description = {{"input", InputJson(impl_->ingestor.stats(), impl_->data)},
                                {"projected", stored.has_value() && impl_->data.events},
                                {"events", nlohmann::json::array()},
                                {"fields", nlohmann::json::array()}};
  if (impl_->data.paths) {
    description["channels"] = impl_->data.paths->channels;
    return DumpJson(description);
  }
  const EventStore& store = *impl_->data.events;
  std::vector<uint64_t> counts(store.event_names.size(), 0);
  for (uint32_t name : store.event) ++counts[name];
  std::vector<uint32_t> order(counts.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return counts[a] > counts[b]; });
  for (uint32_t name : order) {
    description["events"].push_back(
        {{"name", store.event_names.Get(name)}, {"count", counts[name]}});
  }
  std::vector<std::string> field_names;
  for (uint32_t field = 0; field < store.fields.size(); ++field) {
    const std::string_view name = store.fields.Get(field);
    if (!stored || stored->Keeps(name)) field_names.emplace_back(name);
  }
  std::sort(field_names.begin(), field_names.end());
  nlohmann::json& fields = description["fields"];
  fields.push_back("event");
  if (!stored || stored->session_traffic) {
    for (const char* name : kTrafficFields) fields.push_back(name);
  }
  fields.push_back("session");
  for (auto& name : field_names) fields.push_back(std::move(name));
  if (store.event_count() > 0) {
    const auto [first, last] = std::minmax_element(store.ts_us.begin(), store.ts_us.end());
    description["time_range_us"] = {*first, *last};
  }
  return DumpJson(description);
}

}  // namespace touchpath
