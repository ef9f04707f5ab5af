#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/field_path_index.h"
#include "core/ingest/field_projection.h"
#include "core/ingest/ga4_param_element.h"
#include "core/ingest/shared_record_cache.h"
#include "core/ingest/memo_gate.h"
#include "core/ingest/recent_text_memo.h"
#include "core/json/json_cursor.h"
#include "core/store/event_store_builder.h"

namespace touchpath {

// Maps one GA4 BigQuery-export row (one JSON object, as `bq extract` writes it) into the
// builder, projecting what the store keeps and skipping the rest (items, bundle ids).
//   identity: user_id, else user_pseudo_id     time: event_timestamp (µs, string or number)
//   params:   param.<key> from event_params     user properties: user.<key>
//   export fields: dotted paths (device.category, ecommerce.purchase_revenue, ...)
//   revenue: ecommerce.purchase_revenue, else the `value` param of a purchase
// Under a projection it stores only Ga4StoredFields(projection) and skips every other value.
class Ga4RowParser {
 public:
  explicit Ga4RowParser(EventStoreBuilder* builder,
                        const std::optional<FieldProjection>& projection = std::nullopt);
  ~Ga4RowParser();

  // Adds the row's event, or returns false with *error saying why the row is unusable.
  bool Parse(std::string_view row, std::string* error);
  size_t replaced_invalid_utf8() const { return replaced_invalid_utf8_; }

 private:
  struct RowState;
  // A piece of a row's context: a replayed shared record, or one field.
  struct ContextItem {
    const SharedRecordCache::Record* record;  // nullptr for a field
    uint32_t field_id;
    Value value;
    bool operator==(const ContextItem& other) const {
      return record == other.record && field_id == other.field_id && value == other.value;
    }
  };
  // What a run of top-level members gave: its members' count and the context they added.
  // A run holds only members that were skipped (items, and under a projection every member it
  // drops) or that only add to the context (device, geo, stream_id, ...), without replacing
  // invalid UTF-8. An event's own members (params, ecommerce, ...) end a run even when they add
  // nothing: they differ from row to row, and a run that held one would rarely repeat.
  struct ReplayableRun {
    size_t members = 0;
    std::vector<ContextItem> context;
  };
  // The run being read, by offsets into the row.
  struct OpenRun {
    size_t position = 0;       // of the first member
    size_t begin = 0;          // where the text after the previous member's value starts
    size_t end = 0;            // the end of the last member's value
    size_t context_begin = 0;  // the first of its context items
    size_t members = 0;
  };
  bool ParseRow(std::string_view text, std::string* error);
  // Reads the row's members after its '{'. Runs of replayable members are remembered by their
  // text, and a later row that repeats one (a user's rows do) replays its context instead;
  // while run_gate_ rests, the members are read plainly.
  bool ParseMembers(RowState* row);
  bool ParseMembersPlainly(RowState* row);
  void RememberRun(OpenRun* run);
  // `text` (a key or string just read) as a view that lasts the row: itself when it lies in
  // the row, else a copy in *decoded (a cursor's buffer is reused by the next read).
  std::string_view StableText(std::string_view text, std::string* decoded) const;
  bool ParseTopLevel(std::string_view key, RowState* row);
  // What an event_params / user_properties element stored: its field and value (none for a
  // null, a dropped field, ...).
  struct StoredParam {
    uint32_t field_id = 0;
    std::optional<Value> value;
  };
  // Elements read by ReadGa4ParamElement, by their text, and whether remembering them pays.
  struct ElementMemo {
    RecentTextMemo<StoredParam> texts;
    MemoGate gate;
  };
  // `parent`: FieldPathIndex::kEventParams or kUserProperties.
  bool ParseKeyValueArray(uint32_t parent, ElementMemo* elements);
  bool ParseTypedValue(uint32_t field_id);
  // Sets *value to a typed value's member `type` holding a string (decoded) or a number
  // literal; false when it yields nothing (a number that is neither an int64 nor a finite double).
  bool TypedMemberValue(uint32_t field_id, std::string_view type, bool is_string,
                        std::string_view text, Value* value);
  // What reading a param element by hand gave: a value (in *value), nothing to store (a null,
  // a dropped field), or a shape the general parser must read (a number that is no int64 or
  // finite double, invalid UTF-8).
  enum class ParamRead { kValue, kNothing, kGeneralParser };
  ParamRead ParamElementValue(uint32_t field_id, const Ga4ParamElement& element, Value* value);
  // Reads a value whose text was set aside (it came before its key) on the record cursor.
  bool ParseValueText(uint32_t field_id, std::string_view text);
  bool ParseRecord(uint32_t field_id, bool shared_by_events);
  // A top-level record: replayed from its cache when its text was seen before, else parsed
  // (and remembered).
  bool ParseCachedRecord(uint32_t field_id, bool shared_by_events);
  void ReplayRecord(const SharedRecordCache::Record& record, bool shared_by_events);
  SharedRecordCache& RecordCache(bool shared_by_events) {
    return shared_by_events ? shared_records_ : event_records_;
  }
  bool ParseScalar(uint32_t field_id, bool shared_by_events);
  // A string's or number's text; any other value is skipped, leaving *text empty.
  bool ReadStringOrNumberText(std::string_view* text, JsonType* type);
  bool ReadIdentity(std::string_view* identity, std::string* decoded);
  uint32_t InternValue(uint32_t field_id, std::string_view text);
  void AddField(uint32_t field_id, Value value, bool shared_by_events);
  // A context item is buffered while buffering_context_ is on, else sent to the builder.
  void AddContextItem(const ContextItem& item);
  void SendContextItem(const ContextItem& item);
  // Whether the row's context repeats the previous ended row's; if not, adds its fields.
  bool AddContext();

  EventStoreBuilder* builder_;
  std::unique_ptr<RowState> row_state_;  // reused by every row
  RowState* row_ = nullptr;
  const bool keeps_user_properties_;  // the projection keeps some user.* field
  // ParseTopLevel skipped the member, or it only added to the row's context (device, ...).
  bool member_replayable_ = false;
  // Fields the row's event core is derived from, noticed as they stream past.
  uint32_t session_id_field_;
  uint32_t value_param_field_;
  uint32_t purchase_revenue_field_;
  JsonCursor row_cursor_;
  JsonCursor record_cursor_;  // parses set-aside text: a new shared record, a value before its key
  JsonCursor* cursor_ = &row_cursor_;  // the one being read
  std::string_view row_text_;
  SharedRecordCache shared_records_;  // device, geo, ...: few distinct texts
  // ecommerce, collected_traffic_source, ...: repeated within a session, but many are unique
  // (transaction ids), so they get a smaller cache of their own.
  SharedRecordCache event_records_{size_t{8} << 20};
  bool recording_ = false;
  std::vector<SharedRecordCache::Field> recorded_fields_;
  // The row's context as it was read, and the previous ended row's: rows of one user repeat
  // theirs, and then the builder is told so instead of being given the fields again. Buffered
  // while context_gate_ (a fifth of rows repeat) or run_gate_ is open; else each field goes
  // to the builder as it is read.
  std::vector<ContextItem> context_items_;
  std::vector<ContextItem> previous_context_items_;
  bool buffering_context_ = true;
  bool previous_context_known_ = false;  // the last ended row's context was buffered
  MemoGate context_gate_{20};
  std::string record_error_;
  FieldPathIndex field_paths_;
  // Runs of replayable top-level members, by their text from the ',' before the first key to
  // the end of the last value. A run found replaces reading several members, so it pays when
  // found one time in ten.
  RecentTextMemo<ReplayableRun> replayable_runs_{16384, 10};
  // Open while one row in ten finds a run (user-grouped exports: most rows do).
  MemoGate run_gate_{10};
  // event_params / user_properties elements: where a session's rows follow one another they
  // repeat about two in three of them (ga_session_id, page_location, ...) at the same position.
  // An element found saves about 3x what a miss costs (callgrind), so one in four must be found.
  ElementMemo param_elements_{{4096, 25}, MemoGate(25)};
  ElementMemo user_property_elements_{{4096, 25}, MemoGate(25)};
  // Per field, the string id of its previous value: repeats (device, geo, titles) skip hashing.
  std::vector<uint32_t> last_value_;
  std::string top_key_;
  size_t replaced_invalid_utf8_ = 0;
};

// What a load under `projection` stores: its paths, the traffic fields when it resolves session
// traffic, and the fields every event's core reads (session id, revenue).
FieldProjection Ga4StoredFields(const FieldProjection& projection);

}  // namespace touchpath
