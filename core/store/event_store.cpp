#include "core/store/event_store.h"

#include <algorithm>

namespace touchpath {

namespace {

template <typename T>
size_t Bytes(const std::vector<T>& column) {
  return column.capacity() * sizeof(T);
}

}  // namespace

std::optional<double> EventStore::Revenue(uint64_t event_index) const {
  const auto found = std::lower_bound(revenue_event.begin(), revenue_event.end(), event_index);
  if (found == revenue_event.end() || *found != event_index) return std::nullopt;
  return revenue_amount[static_cast<size_t>(found - revenue_event.begin())];
}

StoreMemory EventStore::Memory() const {
  StoreMemory memory;
  memory.event_columns = Bytes(ts_us) + Bytes(event) + Bytes(session) + Bytes(context) +
                         Bytes(revenue_event) + Bytes(revenue_amount) + event_fields.MemoryBytes();
  memory.entities_and_sessions = Bytes(entity_begin) + entities.MemoryBytes() +
                                 Bytes(sessions.entity) + Bytes(sessions.start_us) +
                                 Bytes(sessions.key) + Bytes(sessions.source) +
                                 Bytes(sessions.medium) + Bytes(sessions.campaign) +
                                 Bytes(sessions.source_medium) + Bytes(sessions.channel);
  memory.dictionaries = strings.MemoryBytes() + event_names.MemoryBytes() +
                        Bytes(event_name_string) + fields.MemoryBytes() + contexts.MemoryBytes();
  return memory;
}

}  // namespace touchpath
