#include "core/attribution/path_table.h"

#include <string>
#include <unordered_map>

namespace touchpath {

PathTableBuilder::PathTableBuilder(PathTable* table) : table_(table) { Rehash(64); }

uint32_t PathTableBuilder::FindOrAddChannel(std::string_view label, uint64_t key) {
  const size_t mask = slots_.size() - 1;
  for (size_t slot = SlotOf(key, label.size());; slot = (slot + 1) & mask) {
    const Slot& candidate = slots_[slot];
    if (candidate.id == kFreeSlot) return AddChannel(label, key, slot);
    if (candidate.key == key && candidate.size == label.size() &&
        (label.size() <= 8 || table_->channels[candidate.id] == label)) {
      return candidate.id;
    }
  }
}

uint32_t PathTableBuilder::AddChannel(std::string_view label, uint64_t key, size_t slot) {
  const auto id = static_cast<uint32_t>(table_->channels.size());
  table_->channels.emplace_back(label);
  slots_[slot] = {key, label.size(), id};
  if (2 * table_->channels.size() > slots_.size()) Rehash(2 * slots_.size());
  return id;
}

void PathTableBuilder::Rehash(size_t slot_count) {
  while (slot_count < 2 * table_->channels.size()) slot_count *= 2;
  slots_.assign(slot_count, Slot());
  slot_shift_ = 64;
  for (size_t count = slot_count; count > 1; count /= 2) --slot_shift_;
  for (uint32_t id = 0; id < table_->channels.size(); ++id) {
    const std::string& label = table_->channels[id];
    const uint64_t key = LabelKey(label);
    size_t slot = SlotOf(key, label.size());
    while (slots_[slot].id != kFreeSlot) slot = (slot + 1) & (slot_count - 1);
    slots_[slot] = {key, label.size(), id};
  }
}

void PathTableBuilder::EndTimedRow(double conversions, double value, double nulls,
                                   int64_t conversion_time_us) {
  assert(table_->touch_time_us.size() == table_->touch_channel.size());
  table_->row_begin.push_back(table_->touch_channel.size());
  table_->conversions.push_back(conversions);
  table_->value.push_back(value);
  table_->nulls.push_back(nulls);
  table_->conversion_time_us.push_back(conversion_time_us);
}

void PathTableBuilder::DiscardRow() {
  table_->touch_channel.resize(table_->row_begin.back());
  if (!table_->touch_time_us.empty()) table_->touch_time_us.resize(table_->row_begin.back());
}

namespace {

// A row's channel ids as bytes: a compact hash key for identical sequences.
std::string PathKey(const PathTable& table, size_t row) {
  return std::string(reinterpret_cast<const char*>(table.path_begin(row)),
                     table.path_length(row) * sizeof(uint32_t));
}

}  // namespace

PathTable AggregatePaths(const PathTable& table) {
  PathTable merged;
  merged.channels = table.channels;
  merged.skipped_rows = table.skipped_rows;
  merged.errors = table.errors;
  std::unordered_map<std::string, size_t> row_of_path;
  row_of_path.reserve(table.row_count());
  for (size_t row = 0; row < table.row_count(); ++row) {
    auto [slot, inserted] = row_of_path.emplace(PathKey(table, row), merged.row_count());
    if (inserted) {
      merged.touch_channel.insert(merged.touch_channel.end(), table.path_begin(row),
                                  table.path_end(row));
      merged.row_begin.push_back(merged.touch_channel.size());
      merged.conversions.push_back(0);
      merged.value.push_back(0);
      merged.nulls.push_back(0);
    }
    merged.conversions[slot->second] += table.conversions[row];
    merged.value[slot->second] += table.value[row];
    merged.nulls[slot->second] += table.nulls[row];
  }
  return merged;
}

std::string PathText(const PathTable& table, size_t row) {
  std::string text;
  for (const uint32_t* touch = table.path_begin(row); touch != table.path_end(row); ++touch) {
    if (!text.empty()) text += " > ";
    text += table.channels[*touch];
  }
  return text;
}

}  // namespace touchpath
