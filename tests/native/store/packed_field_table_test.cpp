// PackedFieldTable: every kind of value comes back exactly, from any row, after any block
// boundary, after reordering; and rows cost a few bytes a field.
#include "core/store/packed_field_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace touchpath {
namespace {

struct Field {
  uint32_t id;
  Value value;
};

// Row r of a deterministic table: a varying number of fields of every kind.
std::vector<Field> RowFields(uint64_t row) {
  std::vector<Field> fields;
  const uint32_t count = static_cast<uint32_t>(row % 9);
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t mix = row * 2654435761u + i;
    switch (mix % 3) {
      case 0:
        fields.push_back({i * 3, Value::String(static_cast<uint32_t>(mix % 100000))});
        break;
      case 1:
        fields.push_back({i * 3 + 1, Value::Int(static_cast<int64_t>(mix) - 1000000000)});
        break;
      default:
        fields.push_back({i * 3 + 2, Value::Double(static_cast<double>(mix % 1000) / 8)});
    }
  }
  return fields;
}

void AppendRow(PackedFieldTable* table, const std::vector<Field>& fields) {
  for (const Field& field : fields) table->Append(field.id, field.value);
  table->EndRow(std::nullopt);
}

void ExpectRow(const PackedFieldTable& table, uint64_t row, const std::vector<Field>& fields) {
  ASSERT_EQ(table.FieldCount(row), fields.size()) << "row " << row;
  size_t index = 0;
  table.ForEachField(row, 0, [&](uint32_t id, Value value) {
    EXPECT_EQ(id, fields[index].id) << "row " << row;
    EXPECT_EQ(value, fields[index].value) << "row " << row;
    ++index;
  });
  for (const Field& field : fields) EXPECT_EQ(table.Find(row, field.id, 0), field.value);
  EXPECT_EQ(table.Find(row, 1000, 0), std::nullopt);
}

TEST(PackedFieldTable, ExtremeValuesOfEveryKindRoundTrip) {
  const std::vector<Field> fields = {
      {0, Value::Int(std::numeric_limits<int64_t>::min())},
      {1, Value::Int(std::numeric_limits<int64_t>::max())},
      {2, Value::Int(-1)},
      {3, Value::Int(0)},
      {4, Value::Double(-0.0)},
      {5, Value::Double(std::numeric_limits<double>::quiet_NaN())},
      {6, Value::Double(std::numeric_limits<double>::infinity())},
      {7, Value::Double(19.99)},
      {8, Value::String(0)},
      {9, Value::String(std::numeric_limits<uint32_t>::max() - 1)},
  };
  PackedFieldTable table;
  AppendRow(&table, fields);
  ExpectRow(table, 0, fields);
}

TEST(PackedFieldTable, EmptyRowsAndRepeatedFields) {
  PackedFieldTable table;
  table.EndRow(std::nullopt);
  AppendRow(&table, {{7, Value::String(1)}, {7, Value::String(2)}});
  table.EndRow(std::nullopt);
  ASSERT_EQ(table.row_count(), 3u);
  EXPECT_EQ(table.FieldCount(0), 0u);
  EXPECT_EQ(table.Find(0, 7, 0), std::nullopt);
  EXPECT_EQ(table.Find(1, 7, 0), Value::String(1)) << "the first of a repeated field";
  EXPECT_EQ(table.FieldCount(2), 0u);
}

TEST(PackedFieldTable, FieldsInAnyOrderComeBackInFieldOrderAndShareAShape) {
  // GA4 lists event_params in a different order from row to row.
  constexpr uint64_t kRows = 20000;
  PackedFieldTable table;
  std::vector<uint32_t> ids = {9, 3, 7, 1, 5, 8, 2, 6, 4, 0};
  for (uint64_t row = 0; row < kRows; ++row) {
    std::rotate(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(row % 7), ids.end());
    std::swap(ids[row % 10], ids[(row * 3) % 10]);
    for (uint32_t id : ids) table.Append(id, Value::Int(id * 10 + static_cast<int64_t>(row % 3)));
    table.EndRow(std::nullopt);
  }
  for (uint64_t row = 0; row < kRows; ++row) {
    uint32_t expected_id = 0;
    table.ForEachField(row, 0, [&](uint32_t id, Value value) {
      EXPECT_EQ(id, expected_id);
      EXPECT_EQ(value, Value::Int(id * 10 + static_cast<int64_t>(row % 3)));
      ++expected_id;
    });
    EXPECT_EQ(expected_id, 10u);
  }
  // One shape: each row is its shape's byte, ten one-byte values and its share of the kept
  // positions; a shape per row would cost ~100 bytes more a row.
  EXPECT_LE(table.MemoryBytes(), kRows * (1 + 10 + 1) + (size_t{1} << 20));
}

// A row that repeats an earlier row's append order (rows of one event type do) is written
// from the order and shape found for the first: its fields must still come back in field-id
// order, a repeated field's first value first, whatever their kinds.
TEST(PackedFieldTable, RowsRepeatingAnAppendOrderReadBackLikeTheFirst) {
  const std::vector<std::vector<uint32_t>> append_orders = {{5, 2, 5, 1}, {1, 5, 2, 5}, {2, 2, 1}};
  constexpr uint64_t kRows = 1000;
  PackedFieldTable table;
  std::vector<std::vector<Field>> expected(kRows);
  for (uint64_t row = 0; row < kRows; ++row) {
    const std::vector<uint32_t>& ids = append_orders[row % append_orders.size()];
    std::vector<Field> fields;
    for (size_t i = 0; i < ids.size(); ++i) {
      const auto number = static_cast<int64_t>(row * 10 + i);
      // Every fifth row's first field is a string: the same ids, another list of keys.
      fields.push_back({ids[i], row % 5 == 0 && i == 0 ? Value::String(static_cast<uint32_t>(number))
                                                        : Value::Int(number)});
    }
    AppendRow(&table, fields);
    std::stable_sort(fields.begin(), fields.end(),
                     [](const Field& a, const Field& b) { return a.id < b.id; });
    expected[row] = fields;
  }
  for (uint64_t row = 0; row < kRows; ++row) {
    std::vector<Field> seen;
    table.ForEachField(row, 0, [&](uint32_t id, Value value) { seen.push_back({id, value}); });
    ASSERT_EQ(seen.size(), expected[row].size()) << row;
    for (size_t i = 0; i < seen.size(); ++i) {
      ASSERT_EQ(seen[i].id, expected[row][i].id) << row;
      ASSERT_EQ(seen[i].value, expected[row][i].value) << row << " field " << i;
    }
  }
}

// Append orders are remembered in a few hundred slots: lists that share a slot, here the same
// field ids with other kinds, must not take each other's layout.
TEST(PackedFieldTable, AppendOrdersThatDifferOnlyInKindsKeepTheirOwnLayouts) {
  constexpr uint32_t kIds = 4000;
  PackedFieldTable table;
  for (uint32_t id = 0; id < kIds; ++id) {
    AppendRow(&table, {{id, Value::Int(id)}, {id + 1, Value::Int(1)}});
    AppendRow(&table, {{id, Value::String(id)}, {id + 1, Value::Int(1)}});
  }
  for (uint32_t id = 0; id < kIds; ++id) {
    ASSERT_EQ(table.Find(2 * id, id, 0), Value::Int(id)) << id;
    ASSERT_EQ(table.Find(2 * id + 1, id, 0), Value::String(id)) << id;
  }
}

TEST(PackedFieldTable, IntsEqualToTheSessionKeyCostNoBytesAndReadBackExactly) {
  constexpr int64_t kKey = 1721000000;  // a GA4 ga_session_id
  constexpr uint64_t kRows = 4096;
  PackedFieldTable table;
  for (uint64_t row = 0; row < kRows; ++row) {
    table.Append(1, Value::Int(kKey));                            // the key: a mark
    table.Append(2, Value::Int(kKey + 1));                        // an int that is not the key
    table.Append(3, Value::String(static_cast<uint32_t>(kKey)));  // the same bits, a string
    table.EndRow(row % 2 ? std::optional<int64_t>(kKey) : std::nullopt);
  }
  for (uint64_t row = 0; row < kRows; ++row) {
    const int64_t other_key = 7;  // what a reader passes for a row without a key
    const int64_t key = row % 2 ? kKey : other_key;
    EXPECT_EQ(table.Find(row, 1, key), Value::Int(kKey)) << row;
    EXPECT_EQ(table.Find(row, 2, key), Value::Int(kKey + 1)) << row;
    EXPECT_EQ(table.Find(row, 3, key), Value::String(static_cast<uint32_t>(kKey))) << row;
    std::vector<Value> values;
    table.ForEachField(row, key, [&](uint32_t, Value value) { values.push_back(value); });
    EXPECT_EQ(values, (std::vector<Value>{Value::Int(kKey), Value::Int(kKey + 1),
                                          Value::String(static_cast<uint32_t>(kKey))}));
  }
}

TEST(PackedFieldTable, MarkedSessionKeysSaveTheirBytes) {
  // A keyed row is shape 1 + 5 + 5 bytes, the same row without its key 1 + 5 + 5 + 5.
  constexpr int64_t kKey = 1721000000;
  constexpr uint64_t kRows = 400000;
  PackedFieldTable keyed, unkeyed;
  for (PackedFieldTable* table : {&keyed, &unkeyed}) {
    for (uint64_t row = 0; row < kRows; ++row) {
      table->Append(1, Value::Int(kKey));
      table->Append(2, Value::Int(kKey + 1));
      table->Append(3, Value::Int(kKey + 2));
      table->EndRow(table == &keyed ? std::optional<int64_t>(kKey) : std::nullopt);
    }
  }
  EXPECT_LE(keyed.MemoryBytes() + kRows * 4, unkeyed.MemoryBytes());
}

TEST(PackedFieldTable, DiscardedRowLeavesNoTrace) {
  PackedFieldTable table;
  table.Append(1, Value::Int(5));
  table.DiscardRow();
  AppendRow(&table, {{2, Value::Int(6)}});
  ASSERT_EQ(table.row_count(), 1u);
  ExpectRow(table, 0, {{2, Value::Int(6)}});
}

TEST(PackedFieldTable, EveryRowIsFoundAcrossBlocks) {
  // ~4 MB of rows: several 1 MiB blocks, rows at every offset from a kept position.
  constexpr uint64_t kRows = 400000;
  PackedFieldTable table;
  for (uint64_t row = 0; row < kRows; ++row) AppendRow(&table, RowFields(row));
  ASSERT_EQ(table.row_count(), kRows);
  ASSERT_GT(table.MemoryBytes(), size_t{2} << 20) << "the test must span blocks";
  for (uint64_t row = 0; row < kRows; ++row) ExpectRow(table, row, RowFields(row));
}

// Every field id RowFields can give.
std::vector<bool> AllFields() { return std::vector<bool>(27, true); }

TEST(PackedFieldTable, WalkingTheRowsVisitsEachRowsFieldsInOrderAcrossBlocks) {
  constexpr uint64_t kRows = 300000;
  PackedFieldTable table;
  for (uint64_t row = 0; row < kRows; ++row) AppendRow(&table, RowFields(row));
  PackedFieldTable::RowWalker walker = table.WalkRows(AllFields());
  // Rows whose positions the walk told, read again after it.
  std::vector<std::pair<uint64_t, PackedFieldTable::RowPosition>> positions;
  for (uint64_t row = 0; row < kRows; ++row) {
    if (row % 997 == 0) positions.emplace_back(row, walker.Position());
    std::vector<Field> seen;
    walker.VisitWantedAndAdvance(0, [&](uint32_t id, Value value) { seen.push_back({id, value}); });
    const std::vector<Field> expected = RowFields(row);
    ASSERT_EQ(seen.size(), expected.size()) << row;
    for (size_t i = 0; i < seen.size(); ++i) {
      ASSERT_EQ(seen[i].id, expected[i].id) << row;
      ASSERT_EQ(seen[i].value, expected[i].value) << row;
    }
  }
  ASSERT_GT(positions.size(), 300u);
  for (const auto& [row, position] : positions) {
    std::vector<Field> seen;
    table.ForEachFieldAt(position, 0, [&](uint32_t id, Value value) { seen.push_back({id, value}); });
    const std::vector<Field> expected = RowFields(row);
    ASSERT_EQ(seen.size(), expected.size()) << row;
    for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i].value, expected[i].value) << row;
  }
}

TEST(PackedFieldTable, AWalkVisitsOnlyTheWantedFieldsAndPassesOverSkippedRows) {
  constexpr uint64_t kRows = 300000;
  // RowFields' ids are 3i + kind: 4 and 9 are an int and a string, 20 a double late in a row.
  const std::vector<uint32_t> wanted_ids = {4, 9, 20};
  PackedFieldTable table;
  for (uint64_t row = 0; row < kRows; ++row) AppendRow(&table, RowFields(row));
  std::vector<bool> wanted(21);
  for (const uint32_t id : wanted_ids) wanted[id] = true;
  PackedFieldTable::RowWalker walker = table.WalkRows(wanted);
  size_t visited = 0;
  for (uint64_t row = 0; row < kRows; ++row) {
    if (row % 7 == 3) {  // passed over whole, wanted or not
      walker.Advance();
      continue;
    }
    std::vector<Field> expected;
    for (const Field& field : RowFields(row)) {
      if (wanted[field.id]) expected.push_back(field);
    }
    std::vector<Field> seen;
    walker.VisitWantedAndAdvance(0, [&](uint32_t id, Value value) { seen.push_back({id, value}); });
    visited += !seen.empty();
    ASSERT_EQ(seen.size(), expected.size()) << row;
    for (size_t i = 0; i < seen.size(); ++i) {
      ASSERT_EQ(seen[i].id, expected[i].id) << row;
      ASSERT_EQ(seen[i].value, expected[i].value) << row;
    }
  }
  EXPECT_GT(visited, kRows / 10) << "the test must visit rows";
  EXPECT_LT(visited, kRows / 2) << "the test must skip rows";
}

// A wanted field may repeat, sit first or last, or be a session key stored as a mark without
// bytes; the unwanted ones around it may be marks too.
TEST(PackedFieldTable, AWalkReadsWantedRepeatedFieldsAndMarkedSessionKeys) {
  constexpr int64_t kSessionKey = 1700000000;
  PackedFieldTable table;
  table.Append(9, Value::String(7));
  table.Append(2, Value::Int(kSessionKey));  // wanted, marked
  table.Append(5, Value::Int(kSessionKey));  // unwanted, marked
  table.Append(2, Value::Int(-3));           // wanted, repeated
  table.Append(0, Value::Double(2.5));       // wanted, first
  table.Append(7, Value::Int(300));
  table.Append(11, Value::String(123456));   // wanted, last
  table.EndRow(kSessionKey);
  table.Append(5, Value::Int(1));
  table.EndRow(std::nullopt);
  table.Append(11, Value::String(8));
  table.EndRow(std::nullopt);

  std::vector<bool> wanted(12);
  wanted[0] = wanted[2] = wanted[11] = true;
  PackedFieldTable::RowWalker walker = table.WalkRows(wanted);
  std::vector<Field> seen;
  auto collect = [&](uint32_t id, Value value) { seen.push_back({id, value}); };
  walker.VisitWantedAndAdvance(kSessionKey, collect);
  const std::vector<Field> expected = {{0, Value::Double(2.5)},
                                       {2, Value::Int(kSessionKey)},
                                       {2, Value::Int(-3)},
                                       {11, Value::String(123456)}};
  ASSERT_EQ(seen.size(), expected.size());
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].id, expected[i].id) << i;
    EXPECT_EQ(seen[i].value, expected[i].value) << i;
  }
  seen.clear();
  walker.VisitWantedAndAdvance(0, collect);
  EXPECT_TRUE(seen.empty());
  walker.VisitWantedAndAdvance(0, collect);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].value, Value::String(8));
}

TEST(PackedFieldTable, RowLargerThanABlockGetsItsOwnBlock) {
  PackedFieldTable table;
  AppendRow(&table, RowFields(1));
  std::vector<Field> huge;
  for (uint32_t i = 0; i < 300000; ++i) huge.push_back({i, Value::Int(int64_t{1} << 40)});
  AppendRow(&table, huge);
  for (uint64_t row = 2; row < 20; ++row) AppendRow(&table, RowFields(row));
  ExpectRow(table, 0, RowFields(1));
  EXPECT_EQ(table.FieldCount(1), huge.size());
  EXPECT_EQ(table.Find(1, 299999, 0), huge.back().value);
  for (uint64_t row = 2; row < 20; ++row) ExpectRow(table, row, RowFields(row));
}

TEST(PackedFieldTable, ReorderedKeepsEachRowsFields) {
  constexpr uint64_t kRows = 50000;
  PackedFieldTable table;
  for (uint64_t row = 0; row < kRows; ++row) AppendRow(&table, RowFields(row));
  std::vector<uint32_t> order(kRows);
  std::iota(order.begin(), order.end(), 0u);
  for (size_t i = 0; i < order.size(); ++i) std::swap(order[i], order[(i * 7919) % kRows]);
  const PackedFieldTable sorted = std::move(table).Reordered(order);
  ASSERT_EQ(sorted.row_count(), kRows);
  for (uint64_t row = 0; row < kRows; ++row) ExpectRow(sorted, row, RowFields(order[row]));
}

TEST(PackedFieldTable, SmallIdsCostAFewBytesAField) {
  // Seven string params with ids below 2^14 and a few shapes: two bytes a field, one for the
  // shape and one for the kept positions (8 bytes every 16th row), plus at most one block's
  // unused rest; against 12 bytes a field as (key, value) pairs.
  constexpr uint64_t kRows = 200000;
  PackedFieldTable table;
  for (uint64_t row = 0; row < kRows; ++row) {
    for (uint32_t field = 0; field < 7; ++field) {
      table.Append(field + static_cast<uint32_t>(row % 4),
                   Value::String(static_cast<uint32_t>((row * 31 + field) % 16000)));
    }
    table.EndRow(std::nullopt);
  }
  EXPECT_LE(table.MemoryBytes(), kRows * (7 * 2 + 1 + 1) + (size_t{1} << 20) + 4096);
}

// Ids of a later part's table as the first part knows them: fields in reverse order (so rows
// sort anew), strings shifted.
uint32_t MappedField(uint32_t id) { return 100 - id; }
uint32_t MappedString(uint32_t id) { return id + 7; }

// The row RowFields(row) gives, with its ids mapped.
std::vector<Field> MappedRowFields(uint64_t row) {
  std::vector<Field> fields = RowFields(row);
  for (Field& field : fields) {
    field.id = MappedField(field.id);
    if (field.value.kind == ValueKind::kString) {
      field.value = Value::String(MappedString(field.value.string_id()));
    }
  }
  return fields;
}

TEST(PackedFieldTable, AppendRemappedWritesTheRowsAsIfAppendedWithTheirMappedIds) {
  constexpr uint64_t kRows = 40000;  // several blocks
  constexpr int64_t kSessionKey = 42;
  PackedFieldTable later;
  for (uint64_t row = 0; row < kRows; ++row) {
    for (const Field& field : RowFields(row)) later.Append(field.id, field.value);
    later.Append(5, Value::Int(kSessionKey));  // stored as a mark: no bytes
    later.Append(5, Value::String(3));         // a repeated field keeps its values' order
    later.EndRow(kSessionKey);
  }
  std::vector<uint32_t> field_ids(30), string_ids(100000);
  for (uint32_t id = 0; id < field_ids.size(); ++id) field_ids[id] = MappedField(id);
  for (uint32_t id = 0; id < string_ids.size(); ++id) string_ids[id] = MappedString(id);

  PackedFieldTable appended, expected;
  AppendRow(&appended, {{1, Value::Int(-1)}});
  AppendRow(&expected, {{1, Value::Int(-1)}});
  appended.AppendRemapped(std::move(later), field_ids, string_ids);
  EXPECT_EQ(later.row_count(), 0u) << "the appended table is left empty";
  for (uint64_t row = 0; row < kRows; ++row) {
    for (const Field& field : MappedRowFields(row)) expected.Append(field.id, field.value);
    expected.Append(MappedField(5), Value::Int(kSessionKey));
    expected.Append(MappedField(5), Value::String(MappedString(3)));
    expected.EndRow(kSessionKey);
  }
  ASSERT_EQ(appended.row_count(), expected.row_count());
  for (uint64_t row = 0; row < expected.row_count(); ++row) {
    ASSERT_EQ(appended.RowBytes(row), expected.RowBytes(row)) << "row " << row;
  }
  std::vector<Field> row_fields = MappedRowFields(7);
  row_fields.push_back({MappedField(5), Value::Int(kSessionKey)});
  row_fields.push_back({MappedField(5), Value::String(MappedString(3))});
  std::stable_sort(row_fields.begin(), row_fields.end(),
                   [](const Field& a, const Field& b) { return a.id < b.id; });
  size_t index = 0;
  appended.ForEachField(1 + 7, kSessionKey, [&](uint32_t id, Value value) {
    ASSERT_LT(index, row_fields.size());
    EXPECT_EQ(id, row_fields[index].id);
    EXPECT_EQ(value, row_fields[index].value);
    ++index;
  });
  EXPECT_EQ(index, row_fields.size());
}

}  // namespace
}  // namespace touchpath
