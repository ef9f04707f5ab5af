#include "core/ingest/shared_record_cache.h"

#include <algorithm>

#include "core/common/byte_scan.h"
#include "core/common/hash.h"

namespace touchpath {

uint64_t SharedRecordCache::Key(uint32_t field_id, std::string_view raw) {
  return HashCombine(HashBytes(raw.data(), raw.size()), field_id);
}

const SharedRecordCache::Record* SharedRecordCache::Find(uint32_t field_id,
                                                         std::string_view raw) const {
  auto found = records_.find(Key(field_id, raw));
  if (found == records_.end()) return nullptr;
  const Record& record = found->second;
  // A hash collision is a miss: the row is parsed, never given another record's fields.
  const bool same = record.field_id == field_id && record.raw.size() == raw.size() &&
                    byte_scan::BytesEqual(record.raw.data(), raw.data(), raw.size());
  return same ? &record : nullptr;
}

const SharedRecordCache::Record* SharedRecordCache::Add(uint32_t field_id, std::string_view raw,
                                                        const std::vector<Field>& fields,
                                                        size_t replaced_invalid_utf8) {
  if (raw_bytes_ + raw.size() > max_raw_bytes_) return nullptr;
  auto [slot, inserted] = records_.try_emplace(Key(field_id, raw));
  if (!inserted) return nullptr;
  slot->second = Record{field_id, std::string(raw), fields, replaced_invalid_utf8};
  raw_bytes_ += raw.size();
  return &slot->second;
}

const SharedRecordCache::Record* SharedRecordCache::FindRecentPrefix(uint32_t field_id,
                                                                     std::string_view text) {
  if (field_id >= recent_.size()) return nullptr;
  for (const Record* record : recent_[field_id]) {
    const std::string& raw = record->raw;
    if (text.size() < raw.size()) continue;
    // Records of one field share long beginnings ({"category":"mobile",...): their last
    // bytes tell most of them apart at once.
    if (raw.size() >= 8 && byte_scan::WordAt<uint64_t>(text.data() + raw.size() - 8) !=
                               byte_scan::WordAt<uint64_t>(raw.data() + raw.size() - 8)) {
      continue;
    }
    if (byte_scan::BytesEqual(text.data(), raw.data(), raw.size())) return record;
  }
  return nullptr;
}

void SharedRecordCache::MarkRecent(const Record* record) {
  if (record->field_id >= recent_.size()) recent_.resize(record->field_id + 1);
  std::vector<const Record*>& recent = recent_[record->field_id];
  if (!recent.empty() && recent.front() == record) return;  // a run of rows repeating it
  auto found = std::find(recent.begin(), recent.end(), record);
  if (found == recent.end()) {
    if (recent.size() < kRecentPerField) recent.push_back(record);
    found = recent.end() - 1;
  }
  std::rotate(recent.begin(), found, found + 1);
  recent.front() = record;
}

}  // namespace touchpath
