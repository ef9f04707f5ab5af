#include "core/attribution/path_table.h"

#include <cassert>
#include <string>

namespace touchpath {

PathTableBuilder::PathTableBuilder(PathTable* table) : table_(table) {
  for (uint32_t id = 0; id < table->channels.size(); ++id) {
    labels_.push_back(table->channels[id]);
    channel_ids_.emplace(labels_.back(), id);
    if (first_labels_.size() < kScannedLabels) first_labels_.push_back(labels_.back());
  }
}

uint32_t PathTableBuilder::ChannelId(std::string_view label) {
  // Paths reuse a handful of channels: a short scan beats hashing every touch.
  for (size_t id = 0; id < first_labels_.size(); ++id) {
    const std::string_view known = first_labels_[id];
    if (known.size() == label.size() && (label.empty() || known[0] == label[0]) && known == label) {
      return static_cast<uint32_t>(id);
    }
  }
  if (labels_.size() <= kScannedLabels) return AddChannel(label);
  auto found = channel_ids_.find(label);
  if (found != channel_ids_.end()) return found->second;
  return AddChannel(label);
}

uint32_t PathTableBuilder::AddChannel(std::string_view label) {
  const auto id = static_cast<uint32_t>(table_->channels.size());
  labels_.emplace_back(label);
  channel_ids_.emplace(labels_.back(), id);
  if (first_labels_.size() < kScannedLabels) first_labels_.push_back(labels_.back());
  table_->channels.emplace_back(label);
  return id;
}

void PathTableBuilder::EndRow(double conversions, double value, double nulls) {
  assert(table_->conversion_time_us.empty());
  table_->row_begin.push_back(table_->touch_channel.size());
  table_->conversions.push_back(conversions);
  table_->value.push_back(value);
  table_->nulls.push_back(nulls);
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
