#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace touchpath {

// A problem with one input line, kept for the result's "errors" list.
struct LineError {
  uint64_t line = 0;
  std::string message;
};

// The attribution models' input: aggregated journeys. Row r is one channel sequence with the
// conversions, conversion value and null (non-converting) journeys that followed it. Rows built
// from events also carry times (touch starts and the conversion time) for time_decay.
struct PathTable {
  std::vector<std::string> channels;  // channel id -> label

  // Row r's touches are [row_begin[r], row_begin[r + 1]) in touch_channel (and touch_time_us).
  std::vector<uint64_t> row_begin{0};
  std::vector<uint32_t> touch_channel;
  std::vector<int64_t> touch_time_us;  // empty when the input had no times

  std::vector<double> conversions;
  std::vector<double> value;
  std::vector<double> nulls;
  std::vector<int64_t> conversion_time_us;  // per row when the table has times, else empty

  // Rows the reader could not use (path-table files only).
  uint64_t skipped_rows = 0;
  std::vector<LineError> errors;  // the first kMaxErrors problems

  static constexpr size_t kMaxErrors = 100;

  size_t row_count() const { return conversions.size(); }
  size_t channel_count() const { return channels.size(); }
  bool has_times() const { return !conversion_time_us.empty(); }
  uint64_t path_length(size_t row) const { return row_begin[row + 1] - row_begin[row]; }
  const uint32_t* path_begin(size_t row) const { return touch_channel.data() + row_begin[row]; }
  const uint32_t* path_end(size_t row) const { return touch_channel.data() + row_begin[row + 1]; }
};

// Appends rows to a PathTable, interning channel labels.
class PathTableBuilder {
 public:
  explicit PathTableBuilder(PathTable* table);

  uint32_t ChannelId(std::string_view label);
  void AddTouch(uint32_t channel) { table_->touch_channel.push_back(channel); }
  void AddTouch(uint32_t channel, int64_t time_us) {
    table_->touch_channel.push_back(channel);
    table_->touch_time_us.push_back(time_us);
  }
  // Ends the row holding the touches added since the previous EndRow.
  void EndRow(double conversions, double value, double nulls);
  void EndTimedRow(double conversions, double value, double nulls, int64_t conversion_time_us);
  // Drops the touches added since the previous EndRow.
  void DiscardRow();

 private:
  static constexpr size_t kScannedLabels = 16;
  uint32_t AddChannel(std::string_view label);

  PathTable* table_;
  std::deque<std::string> labels_;              // stable storage for the views below
  std::vector<std::string_view> first_labels_;  // the first kScannedLabels labels
  std::unordered_map<std::string_view, uint32_t> channel_ids_;
};

// Merges rows with the same channel sequence (summing their numbers); times are dropped.
// Rows keep the order of their first occurrence.
PathTable AggregatePaths(const PathTable& table);

// The row's path as "a > b > c", for messages and tests.
std::string PathText(const PathTable& table, size_t row);

}  // namespace touchpath
