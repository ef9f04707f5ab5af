#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/store/value.h"

namespace touchpath {

// Rows of (field id, typed value) lists in compressed-sparse-row form: row r owns entries
// [row_begin[r], row_begin[r + 1]). The kind rides in the low 2 bits of the key so an entry
// costs 12 bytes.
struct FieldTable {
  std::vector<uint64_t> row_begin{0};
  std::vector<uint32_t> key_and_kind;
  std::vector<uint64_t> bits;

  size_t row_count() const { return row_begin.size() - 1; }
  void Append(uint32_t field_id, Value value) {
    key_and_kind.push_back(field_id << 2 | static_cast<uint32_t>(value.kind));
    bits.push_back(value.bits);
  }
  void EndRow() { row_begin.push_back(key_and_kind.size()); }

  static uint32_t FieldOf(uint32_t key_and_kind) { return key_and_kind >> 2; }
  Value ValueAt(uint64_t entry) const {
    return Value{static_cast<ValueKind>(key_and_kind[entry] & 3u), bits[entry]};
  }
  // The row's value for a field (first one if repeated).
  std::optional<Value> Find(uint64_t row, uint32_t field_id) const {
    for (uint64_t entry = row_begin[row]; entry < row_begin[row + 1]; ++entry) {
      if (FieldOf(key_and_kind[entry]) == field_id) return ValueAt(entry);
    }
    return std::nullopt;
  }
};

}  // namespace touchpath
