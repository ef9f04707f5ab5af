#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribution/models/model_credit.h"
#include "core/attribution/path_table.h"
#include "core/store/event_store.h"

namespace touchpath::testing {

// "A > B > C" with its numbers, for tiny inline path tables.
struct PathRow {
  std::string path;
  double conversions = 0;
  double value = 0;
  double nulls = 0;
};

// Splits on " > " like fractribution does (so "a > " keeps an empty last channel).
inline std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> channels;
  size_t start = 0;
  while (true) {
    const size_t end = path.find(" > ", start);
    if (end == std::string_view::npos) {
      channels.emplace_back(path.substr(start));
      return channels;
    }
    channels.emplace_back(path.substr(start, end - start));
    start = end + 3;
  }
}

inline PathTable MakePaths(std::initializer_list<PathRow> rows) {
  PathTable table;
  PathTableBuilder builder(&table);
  for (const PathRow& row : rows) {
    for (const std::string& channel : SplitPath(row.path)) {
      builder.AddTouch(builder.ChannelId(channel));
    }
    builder.EndRow(row.conversions, row.value, row.nulls);
  }
  return table;
}

inline uint32_t ChannelOf(const PathTable& table, std::string_view label) {
  for (uint32_t id = 0; id < table.channels.size(); ++id) {
    if (table.channels[id] == label) return id;
  }
  return kNoId;
}

inline double Conversions(const PathTable& table, const ModelCredit& credit,
                          std::string_view label) {
  return credit.conversions.at(ChannelOf(table, label));
}
inline double Value(const PathTable& table, const ModelCredit& credit, std::string_view label) {
  return credit.value.at(ChannelOf(table, label));
}

inline double Sum(const std::vector<double>& numbers) {
  double sum = 0;
  for (double number : numbers) sum += number;
  return sum;
}

constexpr int64_t kDayUs = int64_t{86400} * 1000000;

// Builds an EventStore by hand: sessions and events in (entity, time) order.
class TinyStore {
 public:
  // Opens a session for `entity` starting at `start_us` (entities arrive grouped, in order).
  void Session(std::string_view entity, int64_t start_us, std::string_view channel,
               std::string_view source = "(direct)") {
    const size_t entity_count = store_.entities.size();
    if (entity_count == 0 || store_.entities.Get(entity_count - 1) != entity) {
      if (entity_count > 0) store_.entity_begin.push_back(store_.event_count());
      store_.entities.Intern(entity);
    }
    SessionTable& sessions = store_.sessions;
    sessions.entity.push_back(static_cast<uint32_t>(store_.entities.size() - 1));
    sessions.start_us.push_back(start_us);
    sessions.key.push_back(0);
    sessions.channel.push_back(store_.strings.Intern(channel));
    sessions.source.push_back(store_.strings.Intern(source));
    sessions.medium.push_back(store_.strings.Intern("(none)"));
    sessions.campaign.push_back(store_.strings.Intern("(not set)"));
    sessions.source_medium.push_back(store_.strings.Intern(std::string(source) + " / (none)"));
  }
  // An event in the current session.
  void Event(int64_t ts_us, std::string_view name,
             double revenue = std::numeric_limits<double>::quiet_NaN()) {
    if (store_.event_count() > 0) store_.event_fields.EndRow(std::nullopt);
    store_.ts_us.push_back(ts_us);
    const uint32_t name_id = store_.event_names.Intern(name);
    if (name_id == store_.event_name_string.size()) {
      store_.event_name_string.push_back(store_.strings.Intern(name));
    }
    store_.event.push_back(name_id);
    store_.session.push_back(static_cast<uint32_t>(store_.sessions.size() - 1));
    if (!std::isnan(revenue)) {
      store_.revenue_event.push_back(store_.event_count() - 1);
      store_.revenue_amount.push_back(revenue);
    }
    store_.context.push_back(0);
  }
  // A session with one page_view at its start.
  void Visit(std::string_view entity, int64_t start_us, std::string_view channel) {
    Session(entity, start_us, channel);
    Event(start_us, "page_view");
  }
  // A string param on the latest event (call right after Event, before the next Event).
  void Param(std::string_view field, std::string_view text) {
    store_.event_fields.Append(store_.fields.Intern(field),
                               Value::String(store_.strings.Intern(text)));
  }
  EventStore Build() {
    store_.entity_begin.push_back(store_.event_count());
    if (store_.event_count() > 0) store_.event_fields.EndRow(std::nullopt);
    store_.contexts.EndRow(std::nullopt);
    return std::move(store_);
  }

 private:
  EventStore store_;
};

}  // namespace touchpath::testing
