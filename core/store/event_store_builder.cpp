#include "core/store/event_store_builder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>
#include <unordered_map>

#include "core/common/hash.h"

namespace touchpath {

namespace {

constexpr int64_t kNoSessionKey = std::numeric_limits<int64_t>::min();
constexpr int64_t kInactivityGapUs = 30LL * 60 * 1000000;

// Bytes Build and ResolveSessionTraffic allocate a session: its row of the session table
// (entity, start, key, five traffic ids) and ResolveSessionTraffic's best tier and row.
constexpr size_t kBuiltBytesPerSession = sizeof(uint32_t) + 2 * sizeof(int64_t) +
                                         5 * sizeof(uint32_t) + sizeof(int8_t) +
                                         sizeof(PackedFieldTable::RowPosition);
// An entry of Build's map from an entity's session keys to sessions: a node (link, hash, key,
// id), its bucket and the allocator's own header, rounded up.
constexpr size_t kSessionMapBytesPerEntry = 64;
// What ResolveSessionTraffic's walk over the fields plans for a shape: where its traffic fields
// lie among its values (a few words a field; it reads six record paths), rounded up.
constexpr size_t kTrafficWalkBytesPerShape = 128;

template <typename T>
std::vector<T> Permuted(const ChunkedColumn<T>& column, const std::vector<uint32_t>& order) {
  std::vector<T> sorted(order.size());
  for (size_t i = 0; i < order.size(); ++i) sorted[i] = column[order[i]];
  return sorted;
}

// Each of `from`'s ids (in order, so new texts keep their order of first appearance) mapped to
// the same text's id in `into`.
std::vector<uint32_t> InternAll(const StringDictionary& from, StringDictionary* into) {
  std::vector<uint32_t> ids(from.size());
  for (uint32_t id = 0; id < ids.size(); ++id) ids[id] = into->Intern(from.Get(id));
  return ids;
}

}  // namespace

EventStoreBuilder::EventStoreBuilder() {
  // Context 0 is the empty one, so rows without shared fields cost no lookup.
  store_.contexts.EndRow(std::nullopt);
}

void EventStoreBuilder::BeginEvent() { DiscardEvent(); }  // drops what a caller left open

void EventStoreBuilder::DiscardEvent() {
  staged_fields_.DiscardRow();
  store_.contexts.DiscardRow();
}

uint32_t EventStoreBuilder::InternContext() {
  PackedFieldTable& contexts = store_.contexts;
  if (contexts.open_field_count() == 0) return 0;
  const uint32_t id = InternContextRow(contexts.EncodeOpenRow(std::nullopt));
  contexts.DiscardRow();
  return id;
}

uint32_t EventStoreBuilder::InternContextRow(std::string_view bytes) {
  // Interned by their packed bytes: equal field lists (in any order) pack the same.
  PackedFieldTable& contexts = store_.contexts;
  const auto hash = static_cast<uint32_t>(HashBytes(bytes.data(), bytes.size()));
  context_index_.MakeRoomForOneMore(contexts.row_count());
  const size_t slot =
      context_index_.Find(hash, [&](uint32_t id) { return contexts.RowBytes(id) == bytes; });
  if (context_index_.IdAt(slot) != kNoId) return context_index_.IdAt(slot);
  const auto id = static_cast<uint32_t>(contexts.row_count());
  contexts.AppendRowBytes(bytes);
  context_index_.Set(slot, hash, id);
  return id;
}

bool EventStoreBuilder::EndEvent(const EventCore& core) {
  if (store_.event_names.size() >= kMaxEventNames &&
      store_.event_names.Find(core.event_name) == kNoId) {
    DiscardEvent();
    return false;
  }
  // A user's rows mostly come one after another: the previous row's entity is tried first.
  if (last_entity_ == kNoId || store_.entities.Get(last_entity_) != core.entity) {
    last_entity_ = store_.entities.Intern(core.entity);
  }
  CountSession(last_entity_, core);
  staged_entity_.push_back(last_entity_);
  staged_ts_.push_back(core.ts_us);
  const auto event_name_id = static_cast<EventNameId>(store_.event_names.Intern(core.event_name));
  if (event_name_id == store_.event_name_string.size()) {
    store_.event_name_string.push_back(store_.strings.Intern(core.event_name));
  }
  staged_event_.push_back(event_name_id);
  staged_session_key_.push_back(core.session_key);
  staged_batch_index_.push_back(static_cast<int32_t>(std::clamp<int64_t>(
      core.batch_index, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max())));
  if (!std::isnan(core.revenue)) {
    staged_revenue_row_.push_back(static_cast<uint32_t>(staged_ts_.size() - 1));
    staged_revenue_amount_.push_back(core.revenue);
  }
  const bool repeats = core.repeats_previous_context && staged_context_.size() > 0;
  staged_context_.push_back(repeats ? staged_context_[staged_context_.size() - 1]
                                    : InternContext());
  staged_fields_.EndRow(core.session_key);
  return true;
}

void EventStoreBuilder::CountSession(uint32_t entity, const EventCore& core) {
  if (entity == session_counts_.size()) session_counts_.push_back(EntitySessionCount());
  EntitySessionCount& sessions = session_counts_.at(entity);
  const int64_t key = core.session_key ? *core.session_key : kNoSessionKey;
  if (key != kNoSessionKey) {
    if (sessions.keyed > 0 && sessions.latest_keys[0] == key) return;
    if (sessions.keyed > 1 && sessions.latest_keys[1] == key) {  // back to the other session
      std::swap(sessions.latest_keys[0], sessions.latest_keys[1]);
      return;
    }
    sessions.latest_keys[1] = sessions.latest_keys[0];
    sessions.latest_keys[0] = key;
    ++sessions_at_most_;
    keyed_sessions_of_an_entity_at_most_ =
        std::max<uint64_t>(keyed_sessions_of_an_entity_at_most_, ++sessions.keyed);
    return;
  }
  // Unsigned, as Build measures its gaps: a step back in time wraps around to a huge climb.
  const uint64_t climb =
      static_cast<uint64_t>(core.ts_us) - static_cast<uint64_t>(sessions.last_keyless_us);
  if (!sessions.any_keyless || climb > static_cast<uint64_t>(kInactivityGapUs)) {
    ++sessions_at_most_;
  }
  sessions.last_keyless_us = core.ts_us;
  sessions.any_keyless = true;
}

bool EventStoreBuilder::Append(EventStoreBuilder&& later) {
  const StringDictionary& later_names = later.store_.event_names;
  size_t new_names = 0;
  for (uint32_t id = 0; id < later_names.size(); ++id) {
    new_names += store_.event_names.Find(later_names.Get(id)) == kNoId;
  }
  if (store_.event_names.size() + new_names > kMaxEventNames) return false;

  const std::vector<uint32_t> string_ids = InternAll(later.store_.strings, &store_.strings);
  const std::vector<uint32_t> entity_ids = InternAll(later.store_.entities, &store_.entities);
  const std::vector<uint32_t> field_ids = InternAll(later.store_.fields, &store_.fields);
  std::vector<EventNameId> name_ids(later_names.size());
  for (uint32_t id = 0; id < later_names.size(); ++id) {
    name_ids[id] = static_cast<EventNameId>(store_.event_names.Intern(later_names.Get(id)));
    if (name_ids[id] == store_.event_name_string.size()) {
      store_.event_name_string.push_back(string_ids[later.store_.event_name_string[id]]);
    }
  }

  // Context 0 is the empty one in both. The others are interned by their bytes remapped.
  std::vector<uint32_t> context_ids(later.store_.contexts.row_count(), 0);
  PackedFieldTable::Remapper later_contexts(&store_.contexts, std::move(later.store_.contexts),
                                            field_ids, string_ids);
  std::string_view context;
  for (uint64_t row = 0; later_contexts.Next(&context); ++row) {
    if (row > 0) context_ids[row] = InternContextRow(context);
  }

  // Column by column, each of `later`'s chunks freed once copied: the next chunk here reuses it.
  const auto first_row = static_cast<uint32_t>(event_count());
  staged_fields_.AppendRemapped(std::move(later.staged_fields_), field_ids, string_ids);
  auto same = [](auto value) { return value; };
  staged_entity_.AppendDraining(std::move(later.staged_entity_),
                                [&](uint32_t id) { return entity_ids[id]; });
  staged_ts_.AppendDraining(std::move(later.staged_ts_), same);
  staged_event_.AppendDraining(std::move(later.staged_event_),
                               [&](EventNameId id) { return name_ids[id]; });
  staged_session_key_.AppendDraining(std::move(later.staged_session_key_));
  staged_batch_index_.AppendDraining(std::move(later.staged_batch_index_), same);
  staged_context_.AppendDraining(std::move(later.staged_context_),
                                 [&](uint32_t id) { return context_ids[id]; });
  for (size_t i = 0; i < later.staged_revenue_row_.size(); ++i) {
    staged_revenue_row_.push_back(first_row + later.staged_revenue_row_[i]);
    staged_revenue_amount_.push_back(later.staged_revenue_amount_[i]);
  }
  // An entity's events in both parts: its sessions are at most the two parts' bounds together,
  // and counting goes on from the later part's last events.
  for (uint32_t id = 0; id < later.session_counts_.size(); ++id) {
    const uint32_t entity = entity_ids[id];  // new entities come in order, after the known ones
    if (entity == session_counts_.size()) session_counts_.push_back(EntitySessionCount());
    EntitySessionCount& sessions = session_counts_.at(entity);
    const EntitySessionCount added = later.session_counts_[id];
    // The latest keys: the later part's, then this part's (each counted in its part's bound).
    if (added.keyed == 1) sessions.latest_keys[1] = sessions.latest_keys[0];
    if (added.keyed >= 1) sessions.latest_keys[0] = added.latest_keys[0];
    if (added.keyed >= 2) sessions.latest_keys[1] = added.latest_keys[1];
    sessions.keyed += added.keyed;
    keyed_sessions_of_an_entity_at_most_ =
        std::max<uint64_t>(keyed_sessions_of_an_entity_at_most_, sessions.keyed);
    if (added.any_keyless) {
      sessions.last_keyless_us = added.last_keyless_us;
      sessions.any_keyless = true;
    }
  }
  sessions_at_most_ += later.sessions_at_most_;
  later = EventStoreBuilder();
  return true;
}

namespace {

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

}  // namespace

template <typename Self, typename Visit>
void EventStoreBuilder::VisitStaged(Self& self, Visit&& visit) {
  visit(self.store_.strings);
  visit(self.store_.entities);
  visit(self.store_.event_names);
  visit(self.store_.event_name_string);
  visit(self.store_.fields);
  visit(self.store_.contexts);
  visit(self.staged_entity_);
  visit(self.staged_ts_);
  visit(self.staged_event_);
  visit(self.staged_session_key_);
  visit(self.staged_batch_index_);
  visit(self.staged_context_);
  visit(self.staged_fields_);
  visit(self.staged_revenue_row_);
  visit(self.staged_revenue_amount_);
  visit(self.session_counts_);
  visit(self.sessions_at_most_);
  visit(self.keyed_sessions_of_an_entity_at_most_);
}

void EventStoreBuilder::EncodeStaged(ByteWriter* out) const {
  VisitStaged(*this, [out](const auto& part) {
    if constexpr (IsVector<std::decay_t<decltype(part)>>::value) {
      out->Array(part.data(), part.size());
    } else if constexpr (std::is_integral_v<std::decay_t<decltype(part)>>) {
      out->Number(part);
    } else {
      part.EncodeTo(out);
    }
  });
}

bool EventStoreBuilder::DecodeStaged(ByteReader* in) {
  store_ = EventStore();
  VisitStaged(*this, [in](auto& part) {
    using Part = std::decay_t<decltype(part)>;
    if constexpr (IsVector<Part>::value) {
      part.resize(in->ArrayCount<typename Part::value_type>());
      in->ArrayValues(part.data(), part.size());
    } else if constexpr (std::is_integral_v<Part>) {
      part = in->Number();
    } else {
      part.DecodeFrom(in);
    }
  });
  return in->ok();
}

void EventStoreBuilder::PlaceRevenue(const std::vector<uint32_t>& order) {
  std::vector<bool> has_revenue(order.size(), false);
  for (uint32_t row : staged_revenue_row_) has_revenue[row] = true;
  store_.revenue_event.reserve(staged_revenue_row_.size());
  store_.revenue_amount.reserve(staged_revenue_row_.size());
  for (size_t i = 0; i < order.size(); ++i) {
    if (!has_revenue[order[i]]) continue;
    // Rows were staged in input order, so the amounts are found by binary search.
    const auto found =
        std::lower_bound(staged_revenue_row_.begin(), staged_revenue_row_.end(), order[i]);
    store_.revenue_event.push_back(i);
    store_.revenue_amount.push_back(
        staged_revenue_amount_[static_cast<size_t>(found - staged_revenue_row_.begin())]);
  }
  staged_revenue_row_ = {};
  staged_revenue_amount_ = {};
}

size_t EventStoreBuilder::MemoryBytes() const {
  auto bytes = [](const auto& column) { return column.capacity() * sizeof(column[0]); };
  return store_.Memory().total() + staged_fields_.MemoryBytes() + staged_entity_.MemoryBytes() +
         staged_ts_.MemoryBytes() + staged_event_.MemoryBytes() +
         staged_session_key_.MemoryBytes() + staged_batch_index_.MemoryBytes() +
         bytes(staged_revenue_row_) + bytes(staged_revenue_amount_) +
         staged_context_.MemoryBytes() + context_index_.MemoryBytes() +
         session_counts_.MemoryBytes();
}

size_t EventStoreBuilder::PeakBytesToBuild() const {
  const size_t events = event_count();
  const size_t entities = store_.entities.size();
  // Build's arrays, in its order: entity_begin and its running copy; the sort order (which
  // becomes the session column); the permuted times, names and contexts; revenue's marks and
  // columns; the reordered fields, as far as the freed staged columns cannot hold them; the
  // session table (reserved for the bound) and its map of one entity's keys. Then
  // ResolveSessionTraffic's: its per-session arrays (with the table's), its plans per shape, and
  // the texts it interns (after Build seals the strings: a few hundred in practice).
  const size_t per_event =
      sizeof(uint32_t) + sizeof(int64_t) + sizeof(EventNameId) + sizeof(uint32_t);
  const size_t revenue =
      events / 8 + staged_revenue_row_.size() * (sizeof(uint64_t) + sizeof(double));
  const size_t sessions = std::min<uint64_t>(sessions_at_most_, events);
  // Build frees these staged columns before it reorders the fields, whose blocks fit in their
  // chunks (PackedFieldTable::kReorderedBlockBytes): only the fields beyond them take new memory.
  static_assert(
      std::min({decltype(staged_entity_)::kChunkBytes, decltype(staged_ts_)::kChunkBytes,
                decltype(staged_event_)::kChunkBytes, decltype(staged_context_)::kChunkBytes,
                decltype(staged_batch_index_)::kChunkBytes}) >=
      PackedFieldTable::kReorderedBlockBytes + 64);
  const size_t freed_before_fields = staged_entity_.MemoryBytes() + staged_ts_.MemoryBytes() +
                                     staged_event_.MemoryBytes() + staged_context_.MemoryBytes() +
                                     staged_batch_index_.MemoryBytes();
  const size_t fields_beyond_freed =
      staged_fields_.MemoryBytes() - std::min(staged_fields_.MemoryBytes(), freed_before_fields);
  const size_t building = 2 * (entities + 1) * sizeof(uint64_t) + events * per_event + revenue +
                          fields_beyond_freed + sessions * kBuiltBytesPerSession +
                          keyed_sessions_of_an_entity_at_most_ * kSessionMapBytesPerEntry +
                          staged_fields_.shape_count() * kTrafficWalkBytesPerShape +
                          StringDictionary::BytesToInternAfterSeal();
  // Until then, the next event may take a chunk of each staged column and grow the indexes and
  // tables it adds to (each held beside its old array while it is copied): with a user, a text
  // or a context an event, that can pass what building needs.
  const size_t next_chunks =
      decltype(staged_entity_)::kChunkBytes + decltype(staged_ts_)::kChunkBytes +
      decltype(staged_event_)::kChunkBytes + decltype(staged_session_key_)::kChunkBytes +
      decltype(staged_batch_index_)::kChunkBytes + decltype(staged_context_)::kChunkBytes +
      decltype(session_counts_)::kChunkBytes;
  const size_t loading = next_chunks + store_.entities.BytesToGrow() +
                         store_.strings.BytesToGrow() + staged_fields_.BytesToGrow() +
                         store_.contexts.BytesToGrow() + context_index_.BytesToGrow();
  return MemoryBytes() + std::max(building, loading);
}

EventStore EventStoreBuilder::Build() && {
  const size_t event_count = staged_ts_.size();
  const size_t entity_count = store_.entities.size();
  const size_t sessions_at_most = std::min<uint64_t>(sessions_at_most_, event_count);
  session_counts_.Clear();

  // Counting sort by entity (ids follow first appearance), then each entity by time.
  std::vector<uint64_t>& entity_begin = store_.entity_begin;
  entity_begin.assign(entity_count + 1, 0);
  for (size_t i = 0; i < event_count; ++i) ++entity_begin[staged_entity_[i] + 1];
  std::partial_sum(entity_begin.begin(), entity_begin.end(), entity_begin.begin());
  std::vector<uint32_t> order(event_count);
  {
    std::vector<uint64_t> next(entity_begin.begin(), entity_begin.end() - 1);
    for (size_t i = 0; i < event_count; ++i)
      order[next[staged_entity_[i]]++] = static_cast<uint32_t>(i);
  }
  for (size_t entity = 0; entity < entity_count; ++entity) {
    auto first = order.begin() + static_cast<std::ptrdiff_t>(entity_begin[entity]);
    auto last = order.begin() + static_cast<std::ptrdiff_t>(entity_begin[entity + 1]);
    auto earlier = [&](uint32_t a, uint32_t b) {
      if (staged_ts_[a] != staged_ts_[b]) return staged_ts_[a] < staged_ts_[b];
      if (staged_batch_index_[a] != staged_batch_index_[b]) {
        return staged_batch_index_[a] < staged_batch_index_[b];
      }
      return a < b;
    };
    if (!std::is_sorted(first, last, earlier)) std::sort(first, last, earlier);
  }
  staged_entity_.Clear();

  store_.ts_us = Permuted(staged_ts_, order);
  staged_ts_.Clear();
  store_.event = Permuted(staged_event_, order);
  staged_event_.Clear();
  store_.context = Permuted(staged_context_, order);
  staged_context_.Clear();
  staged_batch_index_.Clear();

  PlaceRevenue(order);
  store_.event_fields = std::move(staged_fields_).Reordered(order);

  // Sessions, numbered in sorted order so an entity's sessions are contiguous. Each event's key
  // is read where it was staged, and its session written over its place in `order` (read just
  // before), which then becomes the session column: no second array of either.
  SessionTable& sessions = store_.sessions;
  // Reserved once: growing would hold the old and the new arrays together.
  sessions.entity.reserve(sessions_at_most);
  sessions.start_us.reserve(sessions_at_most);
  sessions.key.reserve(sessions_at_most);
  std::unordered_map<int64_t, uint32_t> entity_sessions;
  for (size_t entity = 0; entity < entity_count; ++entity) {
    entity_sessions.clear();
    uint32_t keyless_session = kNoId;
    int64_t keyless_last_ts = 0;
    for (uint64_t i = entity_begin[entity]; i < entity_begin[entity + 1]; ++i) {
      const int64_t key = staged_session_key_[order[i]].value_or(kNoSessionKey);
      uint32_t session;
      if (key != kNoSessionKey) {
        auto [slot, inserted] = entity_sessions.try_emplace(key, 0);
        if (inserted) slot->second = static_cast<uint32_t>(sessions.size());
        session = slot->second;
      } else {
        // Sorted, so the gap is >= 0; unsigned arithmetic keeps it exact for any two int64s.
        const uint64_t gap_us =
            static_cast<uint64_t>(store_.ts_us[i]) - static_cast<uint64_t>(keyless_last_ts);
        if (keyless_session == kNoId || gap_us > static_cast<uint64_t>(kInactivityGapUs)) {
          keyless_session = static_cast<uint32_t>(sessions.size());
        }
        keyless_last_ts = store_.ts_us[i];
        session = keyless_session;
      }
      if (session == sessions.size()) {
        sessions.entity.push_back(static_cast<uint32_t>(entity));
        sessions.start_us.push_back(store_.ts_us[i]);
        sessions.key.push_back(key);
      }
      order[i] = session;
    }
  }
  staged_session_key_.Clear();
  store_.session = std::move(order);
  const size_t session_count = sessions.size();
  // Events that arrived out of time order make the bound larger than the sessions: the store
  // keeps no reserve it will not use.
  if (sessions.entity.capacity() > session_count + session_count / 8) {
    sessions.entity.shrink_to_fit();
    sessions.start_us.shrink_to_fit();
    sessions.key.shrink_to_fit();
  }
  for (auto* column : {&sessions.source, &sessions.medium, &sessions.campaign,
                       &sessions.source_medium, &sessions.channel}) {
    column->assign(session_count, kNoId);
  }
  // ResolveSessionTraffic's new texts ("google / cpc", channel names) go to a table of their
  // own: the strings' index and views stay as loading left them.
  store_.strings.Seal();
  return std::move(store_);
}

}  // namespace touchpath
