#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/chunked_column.h"
#include "core/store/event_store.h"
#include "core/store/id_index.h"
#include "core/store/session_key_column.h"

namespace touchpath {

// The identity, time and name of one export row; views need only live through EndEvent.
struct EventCore {
  std::string_view entity;
  int64_t ts_us = 0;
  std::string_view event_name;
  std::optional<int64_t> session_key;  // the export's session id, scoped to the entity
  // Orders events with equal timestamps (GA4 batch_event_index); compared as int32, clamped.
  int64_t batch_index = 0;
  double revenue = std::numeric_limits<double>::quiet_NaN();  // NaN when absent
  // The row added no context fields: its context is the previous ended event's. A parser that
  // saw the previous row's shared records again says so, and the context is not interned.
  bool repeats_previous_context = false;
};

// Collects events in input order, then sorts them into an EventStore. A row's fields are
// added between BeginEvent and EndEvent (or DiscardEvent, for a row that turned out bad),
// so no per-event container is allocated.
class EventStoreBuilder {
 public:
  EventStoreBuilder();

  uint32_t FieldId(std::string_view path) { return store_.fields.Intern(path); }
  uint32_t StringId(std::string_view text) { return store_.strings.Intern(text); }
  const StringDictionary& strings() const { return store_.strings; }
  const StringDictionary& fields() const { return store_.fields; }

  void BeginEvent();
  // Fields that vary per event (params, user properties, ecommerce, ...).
  void AddEventField(uint32_t field_id, Value value) { staged_fields_.Append(field_id, value); }
  // Fields shared by many events (device, geo, ...): interned as one context per distinct set.
  void AddContextField(uint32_t field_id, Value value) { store_.contexts.Append(field_id, value); }
  // False when the row would bring a name beyond kMaxEventNames: the row is then discarded.
  [[nodiscard]] bool EndEvent(const EventCore& core);
  void DiscardEvent();
  // Appends the events `later` staged after this builder's (a later part of the input, staged
  // on another thread), as if this builder had been fed them. The dictionaries take `later`'s
  // new texts in their order of first appearance, so the built store is the one a single
  // builder would have built. False, changing nothing, when the event names together would
  // pass kMaxEventNames (a single builder would have discarded rows: feed them here instead).
  [[nodiscard]] bool Append(EventStoreBuilder&& later);
  // What has been staged, for Append in another engine instance (Session::EncodeLaterPart).
  void EncodeStaged(ByteWriter* out) const;
  // Reads what EncodeStaged wrote into this new builder, to be appended to another one (it
  // cannot stage more events: its context index is not rebuilt). False on bytes cut short.
  bool DecodeStaged(ByteReader* in);

  size_t event_count() const { return staged_ts_.size(); }
  // Bytes held so far (staged columns, the store's dictionaries): what loading has cost.
  size_t MemoryBytes() const;
  // What Build (and ResolveSessionTraffic after it) will hold at its peak, had loading stopped
  // here: what is held now plus every array they allocate, as if none of the memory they free
  // could be used again but for the reordered fields. WebAssembly's allocator never returns
  // memory, and the staged columns it frees are chunks between other chunks, too small for
  // Build's whole-column arrays; the reordered fields come in blocks sized to fill them. At
  // least what the next event may briefly need too (an index growing). An upper bound: engines
  // compare it with their memory limit.
  size_t PeakBytesToBuild() const;
  // At most how many sessions Build will make of what was staged (counted as events arrive).
  uint64_t sessions_at_most() const { return sessions_at_most_; }
  // Sorts by (entity, time, batch index, input order), assigns sessions (the export's id,
  // else a new session after 30 minutes without events) and returns the store. The session
  // table's traffic columns are left for ResolveSessionTraffic.
  EventStore Build() &&;

 private:
  // Calls visit(part) on every part EncodeStaged writes, in one order for both directions.
  template <typename Self, typename Visit>
  static void VisitStaged(Self& self, Visit&& visit);

  // The open context row's id, interned (0: no fields).
  uint32_t InternContext();
  // The id of a context row given as its packed bytes, interned.
  uint32_t InternContextRow(std::string_view bytes);
  void PlaceRevenue(const std::vector<uint32_t>& order);

  EventStore store_;

  // Columns in input order (chunked: no growth peaks while loading).
  ChunkedColumn<uint32_t> staged_entity_;
  ChunkedColumn<int64_t> staged_ts_;
  ChunkedColumn<EventNameId> staged_event_;
  SessionKeyColumn staged_session_key_;
  ChunkedColumn<int32_t> staged_batch_index_;  // clamped to int32: GA4's are small
  std::vector<uint32_t> staged_revenue_row_;   // input rows that carry revenue, ascending
  std::vector<double> staged_revenue_amount_;
  ChunkedColumn<uint32_t> staged_context_;
  uint32_t last_entity_ = kNoId;  // the entity of the last event ended
  PackedFieldTable staged_fields_;

  // Bounds on the sessions Build will make, kept as events arrive in any order. An entity's
  // keyed sessions are at most the times its key was neither of its two latest keys (exact for
  // users of up to two sessions, whatever the order of their events); its sessions without a
  // key are at most 1 + its steps back in time or of over 30 minutes (between those steps its
  // events climb by at most 30 minutes a step, so they share a session once sorted).
  struct EntitySessionCount {
    int64_t latest_keys[2] = {0, 0};  // the latest first; as many as `keyed` says, up to two
    int64_t last_keyless_us = 0;
    uint32_t keyed = 0;  // keys counted so far
    bool any_keyless = false;
  };
  void CountSession(uint32_t entity, const EventCore& core);
  // By entity id, in chunks of 4 Ki (128 KiB): loads of a few users stay small.
  ChunkedColumn<EntitySessionCount, 12> session_counts_;
  uint64_t sessions_at_most_ = 0;
  uint64_t keyed_sessions_of_an_entity_at_most_ = 0;

  IdIndex context_index_;  // of store_.contexts' rows by their bytes
};

}  // namespace touchpath
