// ChunkedColumn: values come back in order across chunk boundaries, and a column drained into
// another arrives whole and mapped.
#include "core/store/chunked_column.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace touchpath {
namespace {

constexpr size_t kChunk = ChunkedColumn<uint32_t>::kChunkSize;

TEST(ChunkedColumn, ValuesComeBackInOrderAcrossChunks) {
  ChunkedColumn<uint32_t> column;
  for (uint32_t i = 0; i < 2 * kChunk + 5; ++i) column.push_back(i * 3);
  ASSERT_EQ(column.size(), 2 * kChunk + 5);
  for (size_t i = 0; i < column.size(); ++i) ASSERT_EQ(column[i], i * 3) << i;
}

TEST(ChunkedColumn, AppendDrainingMapsEveryValueAcrossChunksAndEmptiesTheSource) {
  ChunkedColumn<uint32_t> column;
  for (uint32_t i = 0; i < 10; ++i) column.push_back(i);  // the target's last chunk is partial
  ChunkedColumn<uint16_t> later;
  const size_t later_size = 3 * kChunk + 7;  // whole chunks and a partial one
  for (size_t i = 0; i < later_size; ++i) later.push_back(static_cast<uint16_t>(i % 60000));
  column.AppendDraining(std::move(later), [](uint16_t value) { return uint32_t{value} + 100000; });
  ASSERT_EQ(column.size(), 10 + later_size);
  for (size_t i = 0; i < 10; ++i) ASSERT_EQ(column[i], i);
  for (size_t i = 0; i < later_size; ++i) ASSERT_EQ(column[10 + i], i % 60000 + 100000) << i;
  EXPECT_EQ(later.size(), 0u);
  EXPECT_EQ(later.MemoryBytes(), 0u);
}

}  // namespace
}  // namespace touchpath
