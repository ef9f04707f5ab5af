#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/common/byte_codec.h"
#include "core/common/varint.h"
#include "core/store/string_dictionary.h"
#include "core/store/value.h"

namespace touchpath {

// Rows of (field id, typed value) lists packed into bytes. A row is its shape (which fields,
// of which kinds, in which order: interned, so one or two bytes) followed by one varint per
// value. A GA4 event's ~7 params take ~18 bytes this way instead of 84 as (key, value) pairs,
// which is what lets a month of GA4 fit in a browser tab (issue 5: <= 40 bytes an event).
//
// An int field equal to the row's session key (GA4 repeats param.ga_session_id on every event)
// is stored as a mark without bytes; readers pass the key back in (EventStore keeps it once per
// session), so it costs nothing per event.
//
// Rows live in blocks that never move and never split a row. Every Nth row's position is
// kept (N = rows_per_position), so finding a row skips at most N - 1 others: 16 for the
// per-event rows (half a byte an event), 1 for small tables of long rows read at random.
class PackedFieldTable {
 public:
  explicit PackedFieldTable(uint64_t rows_per_position = 16)
      : largest_block_bytes_(kLargestBlockBytes), rows_per_position_(rows_per_position) {}
  PackedFieldTable(PackedFieldTable&&) = default;
  PackedFieldTable& operator=(PackedFieldTable&&) = default;

  // Fields of the row being written; EndRow closes the row, DiscardRow drops it. A row's
  // fields come back in field-id order, a repeated field's values in the order appended.
  // Inline: a load appends tens of fields a row, and the call cost more than the append.
  void Append(uint32_t field_id, Value value) {
    open_keys_.push_back(field_id << 2 | static_cast<uint32_t>(value.kind));
    open_bits_.push_back(Encode(value));
  }
  void EndRow(std::optional<int64_t> session_key) {
    EncodeOpenRow(session_key);
    WriteEncodedRow();
  }
  void DiscardRow() { open_keys_.clear(), open_bits_.clear(); }
  size_t open_field_count() const { return open_keys_.size(); }
  // Distinct shapes (sets of field keys) of the rows so far.
  size_t shape_count() const { return shapes_.size(); }
  // What writing the next row may allocate at most: a block, and its arrays grown (each held
  // beside its old array while it is copied).
  size_t BytesToGrow() const;
  // EndRow in two halves, for interning: the open row's bytes (equal rows have equal bytes;
  // valid until the next call), then writing them as the next row.
  std::string_view EncodeOpenRow(std::optional<int64_t> session_key);
  void WriteEncodedRow();
  std::string_view RowBytes(uint64_t row) const;

  uint64_t row_count() const { return row_count_; }
  // The row's value for a field (the first one when the field repeats); `session_key` is the
  // key the row was ended with (any value when it had none).
  std::optional<Value> Find(uint64_t row, uint32_t field_id, int64_t session_key) const;
  size_t FieldCount(uint64_t row) const;
  // Whether any row holds the field: one of the rows' shapes lists it. A reader that knows a
  // field is never here need not look for it row by row.
  bool AnyRowHolds(uint32_t field_id) const;
  // Calls visit(field_id, value) for each of the row's fields, in field-id order.
  template <typename Visit>
  void ForEachField(uint64_t row, int64_t session_key, Visit&& visit) const;
  // Where a row starts, as RowWalker::Position tells it: found again without a walk.
  using RowPosition = const uint8_t*;
  // ForEachField for the row at `position`.
  template <typename Visit>
  void ForEachFieldAt(RowPosition position, int64_t session_key, Visit&& visit) const {
    VisitRow(position, session_key, visit);
  }
  // Reads the rows in order without looking up positions: for sequential passes over some
  // wanted fields. The other fields' values are passed over unread: where a shape's wanted
  // fields lie among its values is worked out once per shape.
  class RowWalker {
   public:
    // Calls visit(field_id, value) for each wanted field of the current row, in field-id order
    // (a repeated field's values in the order appended), then moves to the next row.
    template <typename Visit>
    void VisitWantedAndAdvance(int64_t session_key, Visit&& visit);
    // Moves to the next row without reading the current one.
    void Advance() { cursor_ = table_->SkipRow(table_->NextRowStart(&block_, cursor_)); }
    // Where the current row starts.
    RowPosition Position() {
      cursor_ = table_->NextRowStart(&block_, cursor_);
      return cursor_;
    }

   private:
    friend class PackedFieldTable;
    RowWalker(const PackedFieldTable* table, std::vector<bool> wanted_fields)
        : table_(table),
          cursor_(table->blocks_.empty() ? nullptr : table->blocks_[0].bytes.get()),
          wanted_fields_(std::move(wanted_fields)),
          shape_walks_(table->shapes_.size()) {}
    static constexpr uint32_t kUndecided = 0xFFFFFFFFu;
    // A wanted field's key and how many of the row's values come before it, after the
    // previous wanted field's.
    struct WantedKey {
      uint32_t values_before;
      uint32_t key;
    };
    // A shape's wanted keys (wanted_keys_[first, first + count)) and the values after them.
    struct ShapeWalk {
      uint32_t first = kUndecided;
      uint32_t count = 0;
      uint32_t values_after = 0;
    };
    const ShapeWalk& WalkOf(uint64_t shape);

    const PackedFieldTable* table_;
    size_t block_ = 0;
    const uint8_t* cursor_;  // where the previous row ended (the first row, at the start)
    std::vector<bool> wanted_fields_;   // by field id
    std::vector<ShapeWalk> shape_walks_;  // by shape id
    std::vector<WantedKey> wanted_keys_;
  };
  RowWalker WalkRows(std::vector<bool> wanted_fields) const {
    return RowWalker(this, std::move(wanted_fields));
  }

  // Reads the rows of another table (with no open row), in order, as this table would have
  // encoded them had it been given their fields: field ids and string ids mapped to this
  // table's (`field_ids[id]`, `string_ids[id]`). Each of the other table's shapes is mapped once,
  // to a shape interned here. The other table is taken over, each block freed once read, so
  // this table's next block can take that memory instead of fresh pages.
  class Remapper;
  // Appends `other`'s rows after this table's rows, remapped (Remapper); `other` is left empty.
  void AppendRemapped(PackedFieldTable&& other, const std::vector<uint32_t>& field_ids,
                      const std::vector<uint32_t>& string_ids);
  // Appends a row as EncodeOpenRow or a Remapper into this table gave its bytes.
  void AppendRowBytes(std::string_view row) {
    WriteRow(reinterpret_cast<const uint8_t*>(row.data()), row.size());
  }
  // The rows order[0], order[1], ... as a new table; this one is left empty. The new table's
  // blocks hold at most kReorderedBlockBytes: see there.
  PackedFieldTable Reordered(const std::vector<uint32_t>& order) &&;
  // Small enough, with the block's padding and the allocator's header, for any freed chunk of
  // 128 KiB or more to hold one (two in 256 KiB, ...). EventStoreBuilder::Build frees its
  // staged columns' chunks (128-512 KiB) before it reorders the fields, so the sorted rows fill
  // that memory. 1 MiB blocks fitted none of those gaps: in WebAssembly, whose memory never
  // shrinks, the sorted rows took fresh memory, about 20 bytes an event at Build's peak.
  static constexpr size_t kReorderedBlockBytes = (size_t{1} << 17) - 64;
  // The rows, shapes and positions as they are, for another engine instance
  // (Session::EncodeLaterPart). No row may be open.
  void EncodeTo(ByteWriter* out) const;
  // Reads what EncodeTo wrote into this empty table; false (the reader failed) on bytes cut
  // short. The rows' contents are taken as written: Session::AppendEncodedPart checks a
  // checksum of the whole part first.
  bool DecodeFrom(ByteReader* in);
  // Bytes held (rows, positions, shapes), for the memory report.
  size_t MemoryBytes() const;

 private:
  struct Block {
    std::unique_ptr<uint8_t[]> bytes;
    size_t size = 0;
    size_t capacity = 0;
  };
  // Blocks grow with the table (64 KiB, 128 KiB, ... 1 MiB) so a small load wastes little.
  static constexpr size_t kFirstBlockBytes = size_t{1} << 16;
  static constexpr size_t kLargestBlockBytes = size_t{1} << 20;
  // A field's key is its id << 2 | its ValueKind, or kSessionKeyMark for a marked session key.
  static constexpr uint32_t kSessionKeyMark = 3;
  static uint32_t FieldOf(uint32_t key) { return key >> 2; }
  static bool HasBytes(uint32_t key) { return (key & 3u) != kSessionKeyMark; }
  // The number a value is stored as (doubles byte-swapped: see Read).
  static uint64_t Encode(Value value) {
    switch (value.kind) {
      case ValueKind::kString:
        return value.bits;
      case ValueKind::kInt:
        return ZigZag(value.int_value());
      case ValueKind::kDouble:
        return __builtin_bswap64(value.bits);
    }
    return value.bits;
  }
  // The key's value, reading its varint from `cursor` unless it is a mark. Doubles are stored
  // byte-swapped: round numbers (12.5, 0, 1e3) have zero low mantissa bytes, which become high
  // bytes and so vanish from the varint.
  static Value Read(uint32_t key, const uint8_t*& cursor, int64_t session_key) {
    if (!HasBytes(key)) return Value::Int(session_key);
    const uint64_t stored = GetVarint(cursor);
    switch (static_cast<ValueKind>(key & 3u)) {
      case ValueKind::kString:
        return Value::String(static_cast<uint32_t>(stored));
      case ValueKind::kInt:
        return Value::Int(UnZigZag(stored));
      case ValueKind::kDouble:
        return Value{ValueKind::kDouble, __builtin_bswap64(stored)};
    }
    return Value{};
  }
  static uint32_t ShapeKey(std::string_view shape, size_t index) {
    uint32_t key;
    std::memcpy(&key, shape.data() + index * sizeof key, sizeof key);
    return key;
  }
  std::string_view ShapeOf(const uint8_t*& row) const { return shapes_.Get(GetVarint(row)); }
  // Blocks end with this many zero bytes past their capacity, for SkipVarints' word reads.
  static constexpr size_t kBlockPadding = 8;
  // Where the row starts; *block (if given) is set to the block holding it.
  const uint8_t* RowStart(uint64_t row, size_t* block = nullptr) const;
  const uint8_t* SkipRow(const uint8_t* row) const;
  // Where the row after one ending at `cursor` starts: a row that did not fit the rest of block
  // `*block` starts the next one.
  const uint8_t* NextRowStart(size_t* block, const uint8_t* cursor) const {
    const Block& current = blocks_[*block];
    return cursor == current.bytes.get() + current.size ? blocks_[++*block].bytes.get() : cursor;
  }
  // Calls visit(field_id, value) for each field of the row at `cursor`; returns the row's end.
  template <typename Visit>
  const uint8_t* VisitRow(const uint8_t* cursor, int64_t session_key, Visit&& visit) const;
  void WriteRow(const uint8_t* bytes, size_t size);
  // How a row whose keys were appended as `keys` is written: its fields' indices in key order
  // and its shape.
  struct AppendOrder {
    bool known = false;
    uint64_t hash = 0;
    std::vector<uint32_t> keys;   // as appended, session key marks included
    std::vector<uint32_t> order;  // indices into keys, stably sorted by field id
    uint32_t shape = 0;
  };
  const AppendOrder& LayoutOfOpenRow();

  std::vector<Block> blocks_;
  size_t block_bytes_ = 0;  // all blocks' capacities
  size_t largest_block_bytes_;  // a block for a longer row is that row's size
  uint64_t rows_per_position_;
  std::vector<uint64_t> positions_;  // of every Nth row: block index << 32 | offset in block
  uint64_t row_count_ = 0;
  StringDictionary shapes_;  // a shape is its field keys (field id << 2 | kind) as bytes
  std::vector<uint32_t> shape_value_count_;  // per shape: its fields that have bytes

  std::vector<uint32_t> open_keys_;
  std::vector<uint64_t> open_bits_;
  std::vector<uint8_t> row_buffer_;
  size_t encoded_size_ = 0;
  // Recent append orders, direct-mapped by the hash of their keys (allocated on first use).
  static constexpr size_t kAppendOrders = 256;
  std::vector<AppendOrder> append_orders_;
  std::vector<uint64_t> sort_scratch_;  // LayoutOfOpenRow's scratch
  std::vector<uint32_t> sorted_keys_;   // LayoutOfOpenRow's scratch
};

class PackedFieldTable::Remapper {
 public:
  Remapper(PackedFieldTable* into, PackedFieldTable&& from, const std::vector<uint32_t>& field_ids,
           const std::vector<uint32_t>& string_ids);
  // The next row's bytes (valid until the next call); false after the last row.
  bool Next(std::string_view* row);

 private:
  // How rows of one shape map: the shape here, and where each stored value goes.
  struct ShapePlan {
    uint32_t shape = kNoId;
    std::vector<uint32_t> value_slot;  // by stored value in `from`'s order: its slot here
    std::vector<bool> is_string;
  };
  const ShapePlan& PlanOf(uint32_t from_shape);

  PackedFieldTable* into_;
  PackedFieldTable from_;
  const std::vector<uint32_t>& field_ids_;
  const std::vector<uint32_t>& string_ids_;
  std::vector<ShapePlan> plans_;  // by `from`'s shape id
  uint64_t next_row_ = 0;
  size_t block_ = 0;
  const uint8_t* cursor_;  // where the previous row ended (the first row, at the start)
  std::vector<uint64_t> values_;
  std::vector<uint8_t> row_;
};

template <typename Visit>
const uint8_t* PackedFieldTable::VisitRow(const uint8_t* cursor, int64_t session_key,
                                          Visit&& visit) const {
  const std::string_view shape = ShapeOf(cursor);
  for (size_t i = 0; i < shape.size() / sizeof(uint32_t); ++i) {
    const uint32_t key = ShapeKey(shape, i);
    visit(FieldOf(key), Read(key, cursor, session_key));
  }
  return cursor;
}

template <typename Visit>
void PackedFieldTable::ForEachField(uint64_t row, int64_t session_key, Visit&& visit) const {
  VisitRow(RowStart(row), session_key, visit);
}

template <typename Visit>
void PackedFieldTable::RowWalker::VisitWantedAndAdvance(int64_t session_key, Visit&& visit) {
  // At the first row, cursor_ is block 0's start, never its end (the first row is in it).
  const uint8_t* cursor = table_->NextRowStart(&block_, cursor_);
  const ShapeWalk& walk = WalkOf(GetVarint(cursor));
  for (uint32_t i = 0; i < walk.count; ++i) {
    const WantedKey& wanted = wanted_keys_[walk.first + i];
    cursor = SkipVarints(cursor, wanted.values_before);
    visit(FieldOf(wanted.key), Read(wanted.key, cursor, session_key));
  }
  cursor_ = SkipVarints(cursor, walk.values_after);
}

}  // namespace touchpath
