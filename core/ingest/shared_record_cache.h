#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/store/value.h"

namespace touchpath {

// Remembers what was parsed out of the raw JSON text of a top-level record: one shared by
// events (device, geo, app_info, ...) or one of an event's own (ecommerce,
// collected_traffic_source, ...). Many rows carry byte-identical records, so a row whose record
// text was seen before replays the fields instead of parsing and interning them again.
class SharedRecordCache {
 public:
  // Keeps records until their texts take `max_raw_bytes`.
  explicit SharedRecordCache(size_t max_raw_bytes = size_t{32} << 20)
      : max_raw_bytes_(max_raw_bytes) {}

  struct Field {
    uint32_t field_id;
    Value value;
  };
  struct Record {
    uint32_t field_id;  // the record's own field (e.g. "device")
    std::string raw;
    std::vector<Field> fields;
    size_t replaced_invalid_utf8;
  };

  // nullptr when this record text was not seen for this field.
  const Record* Find(uint32_t field_id, std::string_view raw) const;
  // A recently used record of this field whose text starts `text` (the unread rest of a row):
  // found without first scanning for where the record ends. Rows of one user repeat records.
  const Record* FindRecentPrefix(uint32_t field_id, std::string_view text);
  void MarkRecent(const Record* record);
  // Keeps the record unless the cache is full (then rows are simply parsed); nullptr if not kept.
  const Record* Add(uint32_t field_id, std::string_view raw, const std::vector<Field>& fields,
                    size_t replaced_invalid_utf8);

 private:
  static uint64_t Key(uint32_t field_id, std::string_view raw);

  static constexpr size_t kRecentPerField = 8;
  std::unordered_map<uint64_t, Record> records_;    // node-based: Record pointers stay valid
  std::vector<std::vector<const Record*>> recent_;  // per field id, most recent first
  size_t max_raw_bytes_;
  size_t raw_bytes_ = 0;
};

}  // namespace touchpath
