#include "core/ingest/ga4_row_parser.h"

#include <cmath>
#include <limits>

#include "core/common/byte_scan.h"
#include "core/ingest/session_traffic_inputs.h"

namespace touchpath {

using byte_scan::TextIs;

namespace {

// Records and scalars that describe the user or the stream rather than the single event:
// stored once per distinct combination (a "context") instead of once per event.
bool IsSharedField(std::string_view key) {
  return TextIs(key, "device") || TextIs(key, "geo") || TextIs(key, "app_info") ||
         TextIs(key, "traffic_source") || TextIs(key, "privacy_info") || TextIs(key, "user_ltv") ||
         TextIs(key, "event_dimensions") || TextIs(key, "platform") || TextIs(key, "stream_id") ||
         TextIs(key, "event_date") || TextIs(key, "user_first_touch_timestamp") ||
         TextIs(key, "is_active_user");
}

// Per-event bookkeeping ids nobody analyses; keeping them would cost 12 bytes an event each.
bool IsIgnoredField(std::string_view key) {
  return TextIs(key, "items") || TextIs(key, "event_bundle_sequence_id") ||
         TextIs(key, "event_server_timestamp_offset") || TextIs(key, "event_previous_timestamp");
}

constexpr double kNoRevenue = std::numeric_limits<double>::quiet_NaN();

// The fields an event's core is derived from (besides name, identity and time).
constexpr std::string_view kSessionIdPath = "param.ga_session_id";
constexpr std::string_view kValueParamPath = "param.value";
constexpr std::string_view kPurchaseRevenuePath = "ecommerce.purchase_revenue";

std::optional<FieldProjection> StoredFields(const std::optional<FieldProjection>& projection) {
  if (!projection) return std::nullopt;
  return Ga4StoredFields(*projection);
}

double NumberOf(Value value) {
  if (value.kind == ValueKind::kInt) return static_cast<double>(value.int_value());
  if (value.kind == ValueKind::kDouble) return value.double_value();
  return kNoRevenue;
}

}  // namespace

// One row's event core as its members stream past. One serves every row: a user_pseudo_id is
// longer than a short string's inline space, and a string made for it each row cost a malloc
// and a free.
struct Ga4RowParser::RowState {
  // Identities and the event name, as views into the row (StableText); empty when the row has
  // none (an empty string in the export counts as none). The strings hold those that had to
  // be decoded.
  std::string_view user_id;
  std::string_view user_pseudo_id;
  std::string_view event_name;
  std::string user_id_decoded;
  std::string user_pseudo_id_decoded;
  std::string event_name_decoded;
  std::optional<int64_t> timestamp_us;
  std::optional<int64_t> session_id;
  int64_t batch_index = 0;
  double purchase_revenue = kNoRevenue;
  double value_param = kNoRevenue;
  std::string problem;  // first semantic problem (wrong type of a required field)

  void Clear() {
    user_id = {};
    user_pseudo_id = {};
    event_name = {};
    timestamp_us.reset();
    session_id.reset();
    batch_index = 0;
    purchase_revenue = kNoRevenue;
    value_param = kNoRevenue;
    problem.clear();
  }
};

FieldProjection Ga4StoredFields(const FieldProjection& projection) {
  FieldProjection stored = projection;
  for (std::string_view path : {kSessionIdPath, kValueParamPath, kPurchaseRevenuePath}) {
    stored.Add(path);
  }
  if (projection.session_traffic) {
    for (std::string_view path : kSessionTrafficInputs) stored.Add(path);
  }
  return stored;
}

Ga4RowParser::Ga4RowParser(EventStoreBuilder* builder,
                           const std::optional<FieldProjection>& projection)
    : builder_(builder),
      row_state_(std::make_unique<RowState>()),
      keeps_user_properties_(!projection || projection->Keeps("user") ||
                             projection->LeadsTo("user")),
      session_id_field_(builder->FieldId(kSessionIdPath)),
      value_param_field_(builder->FieldId(kValueParamPath)),
      purchase_revenue_field_(builder->FieldId(kPurchaseRevenuePath)),
      field_paths_(builder, StoredFields(projection)) {}

Ga4RowParser::~Ga4RowParser() = default;

uint32_t Ga4RowParser::InternValue(uint32_t field_id, std::string_view text) {
  if (field_id >= last_value_.size()) last_value_.resize(field_id + 1, kNoId);
  uint32_t& last = last_value_[field_id];
  if (last != kNoId) {
    const std::string_view previous = builder_->strings().Get(last);
    if (previous.size() == text.size() &&
        byte_scan::BytesEqual(previous.data(), text.data(), text.size())) {
      return last;
    }
  }
  last = builder_->StringId(text);
  return last;
}

void Ga4RowParser::AddField(uint32_t field_id, Value value, bool shared_by_events) {
  if (recording_) recorded_fields_.push_back({field_id, value});
  if (field_id == session_id_field_) {
    int64_t session_id;
    if (value.kind == ValueKind::kInt) {
      row_->session_id = value.int_value();
    } else if (value.kind == ValueKind::kString &&
               JsonCursor::ParseInt64(builder_->strings().Get(value.string_id()), &session_id)) {
      row_->session_id = session_id;
    }
  } else if (field_id == purchase_revenue_field_) {
    row_->purchase_revenue = NumberOf(value);
  } else if (field_id == value_param_field_) {
    row_->value_param = NumberOf(value);
  }
  if (shared_by_events) {
    AddContextItem({nullptr, field_id, value});
  } else {
    builder_->AddEventField(field_id, value);
  }
}

void Ga4RowParser::AddContextItem(const ContextItem& item) {
  if (buffering_context_) {
    context_items_.push_back(item);
  } else {
    SendContextItem(item);
  }
}

void Ga4RowParser::SendContextItem(const ContextItem& item) {
  if (item.record == nullptr) {
    builder_->AddContextField(item.field_id, item.value);
    return;
  }
  for (const SharedRecordCache::Field& field : item.record->fields) {
    builder_->AddContextField(field.field_id, field.value);
  }
}

bool Ga4RowParser::AddContext() {
  if (!buffering_context_) return false;  // the fields went to the builder as they were read
  const bool repeats = previous_context_known_ && context_items_ == previous_context_items_;
  context_gate_.Count(1, repeats ? 1 : 0);
  if (repeats) return true;
  for (const ContextItem& item : context_items_) SendContextItem(item);
  return false;
}

bool Ga4RowParser::ParseScalar(uint32_t field_id, bool shared_by_events) {
  if (field_id == FieldPathIndex::kSkipped) return cursor_->SkipValue();
  switch (cursor_->Peek()) {
    case JsonType::kString: {
      std::string_view text;
      if (!cursor_->ReadString(&text)) return false;
      AddField(field_id, Value::String(InternValue(field_id, text)), shared_by_events);
      return true;
    }
    case JsonType::kNumber: {
      std::string_view literal;
      if (!cursor_->ReadNumberLiteral(&literal)) return false;
      int64_t integer;
      double number;
      if (JsonCursor::ParseInt64(literal, &integer)) {
        AddField(field_id, Value::Int(integer), shared_by_events);
      } else if (JsonCursor::ParseDouble(literal, &number)) {
        AddField(field_id, Value::Double(number), shared_by_events);
      }
      return true;
    }
    case JsonType::kTrue:
    case JsonType::kFalse: {
      bool flag;
      if (!cursor_->ReadBool(&flag)) return false;
      AddField(field_id, Value::String(InternValue(field_id, flag ? "true" : "false")),
               shared_by_events);
      return true;
    }
    case JsonType::kObject:
      return ParseRecord(field_id, shared_by_events);
    default:
      return cursor_->SkipValue();  // null, arrays of records we do not keep
  }
}

bool Ga4RowParser::ParseRecord(uint32_t field_id, bool shared_by_events) {
  if (!cursor_->EnterObject()) return false;
  std::string_view key;
  while (cursor_->NextKey(&key)) {
    if (!ParseScalar(field_paths_.Child(field_id, key), shared_by_events)) return false;
  }
  return cursor_->ok();
}

void Ga4RowParser::ReplayRecord(const SharedRecordCache::Record& record, bool shared_by_events) {
  if (shared_by_events) {
    AddContextItem({&record, 0, Value()});
  } else {
    for (const SharedRecordCache::Field& field : record.fields) {
      AddField(field.field_id, field.value, false);  // notes revenue inside ecommerce
    }
  }
  replaced_invalid_utf8_ += record.replaced_invalid_utf8;
  RecordCache(shared_by_events).MarkRecent(&record);
}

bool Ga4RowParser::ParseCachedRecord(uint32_t field_id, bool shared_by_events) {
  SharedRecordCache& cache = RecordCache(shared_by_events);
  if (const SharedRecordCache::Record* recent = cache.FindRecentPrefix(field_id, cursor_->rest())) {
    cursor_->SkipKnownValue(recent->raw.size());
    ReplayRecord(*recent, shared_by_events);
    return true;
  }
  const size_t begin = cursor_->offset();
  if (!cursor_->SkipValue()) return false;
  const std::string_view raw = row_text_.substr(begin, cursor_->offset() - begin);
  if (const SharedRecordCache::Record* known = cache.Find(field_id, raw)) {
    ReplayRecord(*known, shared_by_events);
    return true;
  }
  // First sighting: parse the record's text on its own cursor, noting the fields it yields.
  JsonCursor* const row_cursor = cursor_;
  cursor_ = &record_cursor_;
  record_cursor_.Reset(raw);
  recorded_fields_.clear();
  recording_ = true;
  const bool ok = ParseRecord(field_id, shared_by_events) && record_cursor_.AtEnd();
  recording_ = false;
  cursor_ = row_cursor;
  const size_t replaced = record_cursor_.replaced_invalid_utf8();
  replaced_invalid_utf8_ += replaced;
  if (!ok) {
    record_error_ = "invalid JSON: " + record_cursor_.error() + " of the " +
                    std::string(builder_->fields().Get(field_id)) + " record";
    return false;
  }
  if (const SharedRecordCache::Record* added =
          cache.Add(field_id, raw, recorded_fields_, replaced)) {
    cache.MarkRecent(added);
  }
  return true;
}

bool Ga4RowParser::ReadStringOrNumberText(std::string_view* text, JsonType* type) {
  *type = cursor_->Peek();
  if (*type == JsonType::kString) return cursor_->ReadString(text);
  if (*type == JsonType::kNumber) return cursor_->ReadNumberLiteral(text);
  return cursor_->SkipValue();
}

bool Ga4RowParser::ReadIdentity(std::string_view* identity, std::string* decoded) {
  std::string_view text;
  JsonType type;
  if (!ReadStringOrNumberText(&text, &type)) return false;
  if (!text.empty()) *identity = StableText(text, decoded);
  return true;
}

bool Ga4RowParser::ParseTopLevel(std::string_view key, RowState* row) {
  member_replayable_ = false;
  if (TextIs(key, "event_name")) {
    if (cursor_->Peek() != JsonType::kString) {
      if (cursor_->Peek() != JsonType::kNull && row->problem.empty()) {
        row->problem = "event_name is not a string";
      }
      return cursor_->SkipValue();
    }
    std::string_view name;
    if (!cursor_->ReadString(&name)) return false;
    row->event_name = StableText(name, &row->event_name_decoded);
    return true;
  }
  if (TextIs(key, "event_timestamp")) {
    std::string_view text;
    JsonType type;
    if (!ReadStringOrNumberText(&text, &type)) return false;
    if (type != JsonType::kString && type != JsonType::kNumber) {
      // null is an absent timestamp; true, {} or [] are present but unusable.
      if (type != JsonType::kNull && row->problem.empty()) {
        row->problem = "event_timestamp is not an integer (microseconds)";
      }
      return true;
    }
    int64_t micros;
    if (JsonCursor::ParseInt64(text, &micros)) {
      row->timestamp_us = micros;
    } else if (row->problem.empty()) {
      row->problem = "event_timestamp '" + std::string(text.substr(0, 40)) +
                     "' is not an integer (microseconds)";
    }
    return true;
  }
  if (TextIs(key, "user_id")) return ReadIdentity(&row->user_id, &row->user_id_decoded);
  if (TextIs(key, "user_pseudo_id")) {
    return ReadIdentity(&row->user_pseudo_id, &row->user_pseudo_id_decoded);
  }
  if (TextIs(key, "event_params")) {
    return ParseKeyValueArray(FieldPathIndex::kEventParams, &param_elements_);
  }
  if (TextIs(key, "user_properties") && keeps_user_properties_) {
    return ParseKeyValueArray(FieldPathIndex::kUserProperties, &user_property_elements_);
  }
  if (TextIs(key, "batch_event_index")) {
    std::string_view text;
    JsonType type;
    if (!ReadStringOrNumberText(&text, &type)) return false;
    int64_t index;
    if (JsonCursor::ParseInt64(text, &index)) row->batch_index = index;
    return true;
  }
  const uint32_t field_id = IsIgnoredField(key) || TextIs(key, "user_properties")
                                ? FieldPathIndex::kSkipped
                                : field_paths_.Child(FieldPathIndex::kTopLevel, key);
  member_replayable_ = true;  // skipped, or adds to the context and nothing else
  if (field_id == FieldPathIndex::kSkipped) return cursor_->SkipValue();
  const bool shared = IsSharedField(key);
  member_replayable_ = shared;
  if (cursor_->Peek() == JsonType::kObject) return ParseCachedRecord(field_id, shared);
  return ParseScalar(field_id, shared);
}

void Ga4RowParser::RememberRun(OpenRun* run) {
  if (run->members >= 2) {
    const std::string_view text = row_text_.substr(run->begin, run->end - run->begin);
    if (ReplayableRun* remembered = replayable_runs_.Add(run->position, text)) {
      remembered->members = run->members;
      remembered->context.assign(
          context_items_.begin() + static_cast<ptrdiff_t>(run->context_begin),
          context_items_.end());
    }
  }
  run->members = 0;
}

std::string_view Ga4RowParser::StableText(std::string_view text, std::string* decoded) const {
  // An unescaped string is a view into the row; an escaped one lives in a cursor's buffer,
  // which later reads reuse: only that needs a copy.
  if (text.data() >= row_text_.data() && text.data() < row_text_.data() + row_text_.size()) {
    return text;
  }
  decoded->assign(text);
  return *decoded;
}

bool Ga4RowParser::ParseMembersPlainly(RowState* row) {
  std::string_view key;
  while (cursor_->NextKey(&key)) {
    if (!ParseTopLevel(StableText(key, &top_key_), row)) return false;
  }
  return cursor_->ok();
}

bool Ga4RowParser::ParseMembers(RowState* row) {
  if (!run_gate_.open()) return ParseMembersPlainly(row);
  std::string_view key;
  OpenRun run;
  bool found_run = false;
  for (size_t position = 0;; ++position) {
    // Not at the first member: a run's text starts with the ',' before it.
    if (position > 0) {
      if (const auto* known = replayable_runs_.Find(position, cursor_->rest())) {
        if (run.members > 0) RememberRun(&run);
        cursor_->SkipKnownValue(known->text.size());
        const std::vector<ContextItem>& context = known->payload.context;
        context_items_.insert(context_items_.end(), context.begin(), context.end());
        position += known->payload.members - 1;
        found_run = true;
        continue;
      }
    }
    const size_t member_begin = cursor_->offset();
    if (!cursor_->NextKey(&key)) break;
    const size_t context_before = context_items_.size();
    const size_t replaced_before = replaced_invalid_utf8_ + cursor_->replaced_invalid_utf8();
    if (!ParseTopLevel(StableText(key, &top_key_), row)) return false;
    // A replacement of invalid UTF-8 would not be counted again by a replay.
    const bool replayable =
        position > 0 && member_replayable_ &&
        replaced_invalid_utf8_ + cursor_->replaced_invalid_utf8() == replaced_before;
    if (!replayable) {
      if (run.members > 0) RememberRun(&run);
      continue;
    }
    if (run.members == 0) {
      run.position = position;
      run.begin = member_begin;
      run.context_begin = context_before;
    }
    ++run.members;
    run.end = cursor_->offset();
  }
  if (cursor_->ok() && run.members > 0) RememberRun(&run);
  run_gate_.Count(1, found_run ? 1 : 0);
  return cursor_->ok();
}

bool Ga4RowParser::Parse(std::string_view text, std::string* error) {
  const bool parsed = ParseRow(text, error);
  run_gate_.EndRow();
  context_gate_.EndRow();
  param_elements_.gate.EndRow();
  user_property_elements_.gate.EndRow();
  return parsed;
}

bool Ga4RowParser::ParseRow(std::string_view text, std::string* error) {
  cursor_->Reset(text);
  row_text_ = text;
  record_error_.clear();
  context_items_.clear();
  // Runs capture the context items their members add, so they need them buffered too.
  buffering_context_ = context_gate_.open() || run_gate_.open();
  RowState& row = *row_state_;
  row.Clear();
  row_ = &row;
  builder_->BeginEvent();
  const bool is_object = cursor_->Peek() == JsonType::kObject;
  const bool ok = is_object && cursor_->EnterObject() && ParseMembers(&row);
  const bool complete = ok && cursor_->ok() && cursor_->AtEnd();
  replaced_invalid_utf8_ += cursor_->replaced_invalid_utf8();
  if (!complete) {
    builder_->DiscardEvent();
    if (!record_error_.empty()) {
      *error = record_error_;
    } else if (!cursor_->ok()) {
      *error = "invalid JSON: " + cursor_->error();
    } else if (!is_object) {
      *error = "not a JSON object";
    } else {
      *error = "unexpected text after the JSON object";
    }
    return false;
  }
  const std::string_view identity = !row.user_id.empty() ? row.user_id : row.user_pseudo_id;
  std::string& problem = row.problem;
  if (problem.empty() && row.event_name.empty()) problem = "event_name is missing";
  if (problem.empty() && !row.timestamp_us) problem = "event_timestamp is missing";
  if (problem.empty() && identity.empty()) problem = "neither user_id nor user_pseudo_id is set";
  if (!problem.empty()) {
    builder_->DiscardEvent();
    *error = problem;
    return false;
  }
  EventCore core;
  core.entity = identity;
  core.ts_us = *row.timestamp_us;
  core.event_name = row.event_name;
  core.session_key = row.session_id;
  core.batch_index = row.batch_index;
  core.revenue = !std::isnan(row.purchase_revenue)    ? row.purchase_revenue
                 : TextIs(row.event_name, "purchase") ? row.value_param
                                                      : kNoRevenue;
  core.repeats_previous_context = AddContext();
  if (!builder_->EndEvent(core)) {
    *error = "a new event_name beyond the " + std::to_string(kMaxEventNames) +
             " distinct names the engine keeps";
    return false;
  }
  context_items_.swap(previous_context_items_);
  previous_context_known_ = buffering_context_;
  return true;
}

}  // namespace touchpath
