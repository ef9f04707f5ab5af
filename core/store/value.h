#pragma once

#include <cstdint>
#include <cstring>

namespace touchpath {

// The type a scalar had in the export. Strings are ids into EventStore::strings.
enum class ValueKind : uint8_t { kString = 0, kInt = 1, kDouble = 2 };

// A typed scalar in 8 bytes of payload plus its kind; stored packed (see PackedFieldTable).
struct Value {
  ValueKind kind = ValueKind::kString;
  uint64_t bits = 0;

  static Value String(uint32_t id) { return {ValueKind::kString, id}; }
  static Value Int(int64_t number) { return {ValueKind::kInt, static_cast<uint64_t>(number)}; }
  static Value Double(double number) {
    uint64_t bits;
    std::memcpy(&bits, &number, sizeof bits);
    return {ValueKind::kDouble, bits};
  }

  uint32_t string_id() const { return static_cast<uint32_t>(bits); }
  int64_t int_value() const { return static_cast<int64_t>(bits); }
  double double_value() const {
    double number;
    std::memcpy(&number, &bits, sizeof number);
    return number;
  }
  bool operator==(const Value& other) const { return kind == other.kind && bits == other.bits; }
};

}  // namespace touchpath
