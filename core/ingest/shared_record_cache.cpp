#include "core/ingest/shared_record_cache.h"

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
  return record.field_id == field_id && record.raw == raw ? &record : nullptr;
}

void SharedRecordCache::Add(uint32_t field_id, std::string_view raw,
                            const std::vector<Field>& fields, size_t replaced_invalid_utf8) {
  if (raw_bytes_ + raw.size() > kMaxRawBytes) return;
  auto [slot, inserted] = records_.try_emplace(Key(field_id, raw));
  if (!inserted) return;
  slot->second = Record{field_id, std::string(raw), fields, replaced_invalid_utf8};
  raw_bytes_ += raw.size();
}

}  // namespace touchpath
