#include "core/store/packed_field_table.h"

#include <algorithm>

#include "core/common/hash.h"
#include "core/common/vector_growth.h"

namespace touchpath {

std::string_view PackedFieldTable::EncodeOpenRow(std::optional<int64_t> session_key) {
  if (session_key) {
    const uint32_t int_kind = static_cast<uint32_t>(ValueKind::kInt);
    for (size_t i = 0; i < open_keys_.size(); ++i) {
      if ((open_keys_[i] & 3u) == int_kind && open_bits_[i] == ZigZag(*session_key)) {
        open_keys_[i] |= kSessionKeyMark;
      }
    }
  }
  const AppendOrder& layout = LayoutOfOpenRow();
  row_buffer_.resize((open_bits_.size() + 1) * kMaxVarintBytes);
  uint8_t* out = PutVarint(layout.shape, row_buffer_.data());
  for (const uint32_t i : layout.order) {
    if (HasBytes(open_keys_[i])) out = PutVarint(open_bits_[i], out);
  }
  encoded_size_ = static_cast<size_t>(out - row_buffer_.data());
  return std::string_view(reinterpret_cast<const char*>(row_buffer_.data()), encoded_size_);
}

void PackedFieldTable::WriteEncodedRow() {
  WriteRow(row_buffer_.data(), encoded_size_);
  DiscardRow();
}

std::string_view PackedFieldTable::RowBytes(uint64_t row) const {
  const uint8_t* start = RowStart(row);
  return std::string_view(reinterpret_cast<const char*>(start),
                          static_cast<size_t>(SkipRow(start) - start));
}

// Exports list a row's fields in no fixed order (GA4's event_params vary row to row), so rows
// are kept in key order: the same set of fields is then one shape. But rows of one event type
// append their fields in one order, so the order found for a list of appended keys is kept,
// with its shape: a row that repeats the list is neither sorted nor has its shape interned.
const PackedFieldTable::AppendOrder& PackedFieldTable::LayoutOfOpenRow() {
  if (append_orders_.empty()) append_orders_.resize(kAppendOrders);
  const uint64_t hash = HashBytes(reinterpret_cast<const char*>(open_keys_.data()),
                                  open_keys_.size() * sizeof(uint32_t));
  AppendOrder& layout = append_orders_[hash % kAppendOrders];
  if (layout.known && layout.hash == hash && layout.keys == open_keys_) return layout;
  layout.known = true;
  layout.hash = hash;
  layout.keys = open_keys_;
  // An insertion sort of (field id, index) words: rows are short, and comparing whole words
  // keeps a repeated field's first value first without an indirection a step (the public GA4
  // sample lists each row's params in another order, so nearly every row comes here).
  std::vector<uint64_t>& sorting = sort_scratch_;
  sorting.resize(open_keys_.size());
  for (uint32_t i = 0; i < open_keys_.size(); ++i) {
    const uint64_t word = static_cast<uint64_t>(FieldOf(open_keys_[i])) << 32 | i;
    uint32_t j = i;
    for (; j > 0 && sorting[j - 1] > word; --j) sorting[j] = sorting[j - 1];
    sorting[j] = word;
  }
  std::vector<uint32_t>& order = layout.order;
  order.resize(sorting.size());
  sorted_keys_.resize(sorting.size());
  for (size_t position = 0; position < sorting.size(); ++position) {
    order[position] = static_cast<uint32_t>(sorting[position]);
    sorted_keys_[position] = open_keys_[order[position]];
  }
  layout.shape = shapes_.Intern(std::string_view(reinterpret_cast<const char*>(sorted_keys_.data()),
                                                 sorted_keys_.size() * sizeof(uint32_t)));
  if (layout.shape == shape_value_count_.size()) {
    shape_value_count_.push_back(
        static_cast<uint32_t>(std::count_if(sorted_keys_.begin(), sorted_keys_.end(), HasBytes)));
  }
  return layout;
}

void PackedFieldTable::WriteRow(const uint8_t* bytes, size_t size) {
  if (blocks_.empty() || blocks_.back().size + size > blocks_.back().capacity) {
    Block block;
    block.capacity =
        std::max(std::clamp(block_bytes_, kFirstBlockBytes, largest_block_bytes_), size);
    block_bytes_ += block.capacity + kBlockPadding;
    // Zeroed, padding included: SkipVarints reads whole words past a row's end.
    block.bytes = std::make_unique<uint8_t[]>(block.capacity + kBlockPadding);
    blocks_.push_back(std::move(block));
  }
  Block& block = blocks_.back();
  if (row_count_ % rows_per_position_ == 0) {
    positions_.push_back(static_cast<uint64_t>(blocks_.size() - 1) << 32 | block.size);
  }
  std::memcpy(block.bytes.get() + block.size, bytes, size);
  block.size += size;
  ++row_count_;
}

const uint8_t* PackedFieldTable::SkipRow(const uint8_t* row) const {
  const uint64_t shape = GetVarint(row);
  return SkipVarints(row, shape_value_count_[shape]);
}

const PackedFieldTable::RowWalker::ShapeWalk& PackedFieldTable::RowWalker::WalkOf(uint64_t shape) {
  ShapeWalk& walk = shape_walks_[shape];
  if (walk.first != kUndecided) return walk;
  walk.first = static_cast<uint32_t>(wanted_keys_.size());
  const std::string_view keys = table_->shapes_.Get(static_cast<uint32_t>(shape));
  uint32_t values = 0;  // passed over since the last wanted key
  for (size_t i = 0; i < keys.size() / sizeof(uint32_t); ++i) {
    const uint32_t key = ShapeKey(keys, i);
    const uint32_t field_id = FieldOf(key);
    if (field_id < wanted_fields_.size() && wanted_fields_[field_id]) {
      wanted_keys_.push_back(WantedKey{values, key});
      ++walk.count;
      values = 0;
    } else if (HasBytes(key)) {
      ++values;
    }
  }
  walk.values_after = values;
  return walk;
}

const uint8_t* PackedFieldTable::RowStart(uint64_t row, size_t* block_of_row) const {
  const uint64_t position = positions_[row / rows_per_position_];
  size_t block = position >> 32;
  const uint8_t* cursor = blocks_[block].bytes.get() + (position & 0xffffffffu);
  for (uint64_t skip = row % rows_per_position_; skip > 0; --skip) {
    cursor = NextRowStart(&block, SkipRow(cursor));
  }
  if (block_of_row != nullptr) *block_of_row = block;
  return cursor;
}

std::optional<Value> PackedFieldTable::Find(uint64_t row, uint32_t field_id,
                                            int64_t session_key) const {
  const uint8_t* cursor = RowStart(row);
  const std::string_view shape = ShapeOf(cursor);
  for (size_t i = 0; i < shape.size() / sizeof(uint32_t); ++i) {
    const uint32_t key = ShapeKey(shape, i);
    if (FieldOf(key) == field_id) return Read(key, cursor, session_key);
    if (HasBytes(key)) cursor = SkipVarint(cursor);
  }
  return std::nullopt;
}

bool PackedFieldTable::AnyRowHolds(uint32_t field_id) const {
  for (uint32_t shape = 0; shape < shapes_.size(); ++shape) {
    const std::string_view keys = shapes_.Get(shape);
    for (size_t i = 0; i < keys.size() / sizeof(uint32_t); ++i) {
      if (FieldOf(ShapeKey(keys, i)) == field_id) return true;
    }
  }
  return false;
}

size_t PackedFieldTable::FieldCount(uint64_t row) const {
  const uint8_t* cursor = RowStart(row);
  return ShapeOf(cursor).size() / sizeof(uint32_t);
}

PackedFieldTable::Remapper::Remapper(PackedFieldTable* into, PackedFieldTable&& from,
                                     const std::vector<uint32_t>& field_ids,
                                     const std::vector<uint32_t>& string_ids)
    : into_(into),
      from_(std::move(from)),
      field_ids_(field_ids),
      string_ids_(string_ids),
      plans_(from_.shapes_.size()),
      cursor_(from_.blocks_.empty() ? nullptr : from_.blocks_[0].bytes.get()) {
  from = PackedFieldTable();
}

// Rows of one shape map alike: to the shape its keys make here (sorted again, stably, by this
// table's field ids), and to where each stored value goes in that order.
const PackedFieldTable::Remapper::ShapePlan& PackedFieldTable::Remapper::PlanOf(
    uint32_t from_shape) {
  ShapePlan& plan = plans_[from_shape];
  if (plan.shape != kNoId) return plan;
  const std::string_view keys = from_.shapes_.Get(from_shape);
  std::vector<uint32_t> mapped(keys.size() / sizeof(uint32_t));
  for (size_t i = 0; i < mapped.size(); ++i) {
    const uint32_t key = ShapeKey(keys, i);
    mapped[i] = field_ids_[FieldOf(key)] << 2 | (key & 3u);
  }
  std::vector<size_t> order(mapped.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return FieldOf(mapped[a]) < FieldOf(mapped[b]); });
  std::vector<uint32_t> sorted_keys(mapped.size());
  std::vector<uint32_t> slot_of(mapped.size());
  uint32_t slot = 0;
  for (size_t position = 0; position < order.size(); ++position) {
    sorted_keys[position] = mapped[order[position]];
    if (HasBytes(sorted_keys[position])) slot_of[order[position]] = slot++;
  }
  for (size_t i = 0; i < mapped.size(); ++i) {
    if (!HasBytes(mapped[i])) continue;
    plan.value_slot.push_back(slot_of[i]);
    plan.is_string.push_back(static_cast<ValueKind>(mapped[i] & 3u) == ValueKind::kString);
  }
  plan.shape = into_->shapes_.Intern(std::string_view(
      reinterpret_cast<const char*>(sorted_keys.data()), sorted_keys.size() * sizeof(uint32_t)));
  if (plan.shape == into_->shape_value_count_.size()) into_->shape_value_count_.push_back(slot);
  return plan;
}

bool PackedFieldTable::Remapper::Next(std::string_view* row) {
  if (next_row_ == from_.row_count_) return false;
  ++next_row_;
  const size_t block_before = block_;
  cursor_ = from_.NextRowStart(&block_, cursor_);
  if (block_ != block_before) from_.blocks_[block_before].bytes.reset();
  const ShapePlan& plan = PlanOf(static_cast<uint32_t>(GetVarint(cursor_)));
  values_.resize(plan.value_slot.size());
  for (size_t i = 0; i < plan.value_slot.size(); ++i) {
    const uint64_t stored = GetVarint(cursor_);
    values_[plan.value_slot[i]] = plan.is_string[i] ? string_ids_[stored] : stored;
  }
  row_.resize((values_.size() + 1) * kMaxVarintBytes);
  uint8_t* out = PutVarint(plan.shape, row_.data());
  for (const uint64_t value : values_) out = PutVarint(value, out);
  *row = std::string_view(reinterpret_cast<const char*>(row_.data()),
                          static_cast<size_t>(out - row_.data()));
  return true;
}

void PackedFieldTable::AppendRemapped(PackedFieldTable&& other,
                                      const std::vector<uint32_t>& field_ids,
                                      const std::vector<uint32_t>& string_ids) {
  Remapper rows(this, std::move(other), field_ids, string_ids);
  std::string_view row;
  while (rows.Next(&row)) AppendRowBytes(row);
}

PackedFieldTable PackedFieldTable::Reordered(const std::vector<uint32_t>& order) && {
  PackedFieldTable sorted(rows_per_position_);
  sorted.largest_block_bytes_ = kReorderedBlockBytes;
  sorted.positions_.reserve(positions_.size());  // as many rows: no array left behind growing
  // An entity's events mostly follow each other in the input, so the next row wanted is often
  // the one after the last copied: found where that one ended, without a RowStart walk.
  uint64_t next_source = 0;
  size_t next_block = 0;
  const uint8_t* next_start = blocks_.empty() ? nullptr : blocks_[0].bytes.get();
  for (uint32_t source : order) {
    const uint8_t* start;
    if (source == next_source) {
      start = NextRowStart(&next_block, next_start);
    } else {
      start = RowStart(source, &next_block);
    }
    next_start = SkipRow(start);
    next_source = source + 1;
    sorted.WriteRow(start, static_cast<size_t>(next_start - start));
  }
  sorted.shapes_ = std::move(shapes_);
  sorted.shape_value_count_ = std::move(shape_value_count_);
  *this = PackedFieldTable();
  return sorted;
}

size_t PackedFieldTable::MemoryBytes() const {
  return block_bytes_ + blocks_.capacity() * sizeof(Block) +
         positions_.capacity() * sizeof(uint64_t) + shapes_.MemoryBytes() +
         shape_value_count_.capacity() * sizeof(uint32_t);
}

size_t PackedFieldTable::BytesToGrow() const {
  return largest_block_bytes_ + BytesOfNextGrowth(blocks_) + BytesOfNextGrowth(positions_) +
         shapes_.BytesToGrow() + BytesOfNextGrowth(shape_value_count_);
}

void PackedFieldTable::EncodeTo(ByteWriter* out) const {
  out->Number(rows_per_position_);
  out->Number(row_count_);
  out->Array(positions_.data(), positions_.size());
  shapes_.EncodeTo(out);
  out->Array(shape_value_count_.data(), shape_value_count_.size());
  out->Number(blocks_.size());
  for (const Block& block : blocks_) {
    out->Text(std::string_view(reinterpret_cast<const char*>(block.bytes.get()), block.size));
  }
}

bool PackedFieldTable::DecodeFrom(ByteReader* in) {
  rows_per_position_ = in->Number();
  row_count_ = in->Number();
  positions_.resize(in->ArrayCount<uint64_t>());
  in->ArrayValues(positions_.data(), positions_.size());
  shapes_.DecodeFrom(in);
  shape_value_count_.resize(in->ArrayCount<uint32_t>());
  in->ArrayValues(shape_value_count_.data(), shape_value_count_.size());
  const uint64_t block_count = in->Number();
  for (uint64_t i = 0; i < block_count && in->ok(); ++i) {
    const std::string_view bytes = in->Text();
    Block block;
    block.size = block.capacity = bytes.size();
    // Zeroed padding, as WriteRow's blocks have.
    block.bytes = std::make_unique<uint8_t[]>(block.capacity + kBlockPadding);
    std::memcpy(block.bytes.get(), bytes.data(), bytes.size());
    block_bytes_ += block.capacity + kBlockPadding;
    blocks_.push_back(std::move(block));
  }
  in->FailIf(rows_per_position_ == 0 || shape_value_count_.size() != shapes_.size() ||
             positions_.size() != (row_count_ + rows_per_position_ - 1) / rows_per_position_);
  return in->ok();
}

}  // namespace touchpath
