#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/attribution/path_table.h"

namespace touchpath {
namespace {

TEST(PathTableBuilder, ChannelIdsAreDenseInFirstSeenOrder) {
  PathTable table;
  PathTableBuilder builder(&table);
  EXPECT_EQ(builder.ChannelId("b"), 0u);
  EXPECT_EQ(builder.ChannelId("a"), 1u);
  EXPECT_EQ(builder.ChannelId("b"), 0u);
  EXPECT_EQ(table.channels, (std::vector<std::string>{"b", "a"}));
}

TEST(PathTableBuilder, LabelsOfEveryLengthDifferingInAnyByteStayDistinct) {
  PathTable table;
  PathTableBuilder builder(&table);
  std::vector<std::string> labels = {""};
  for (size_t size = 1; size <= 12; ++size) {
    for (size_t position = 0; position < size; ++position) {
      std::string label(size, 'a');
      label[position] = 'b';
      labels.push_back(label);
    }
    labels.emplace_back(size, 'a');
  }
  for (size_t i = 0; i < labels.size(); ++i) EXPECT_EQ(builder.ChannelId(labels[i]), i);
  for (size_t i = 0; i < labels.size(); ++i) EXPECT_EQ(builder.ChannelId(labels[i]), i);
  EXPECT_EQ(table.channels, labels);
}

TEST(PathTableBuilder, ThousandsOfChannelsSurviveGrowth) {
  PathTable table;
  PathTableBuilder builder(&table);
  for (uint32_t id = 0; id < 5000; ++id) EXPECT_EQ(builder.ChannelId("c" + std::to_string(id)), id);
  for (uint32_t id = 0; id < 5000; ++id) EXPECT_EQ(builder.ChannelId("c" + std::to_string(id)), id);
  EXPECT_EQ(table.channel_count(), 5000u);
}

TEST(PathTableBuilder, KnowsTheTablesExistingChannels) {
  PathTable table;
  table.channels = {"Email", "Paid Search (Google)"};
  PathTableBuilder builder(&table);
  EXPECT_EQ(builder.ChannelId("Paid Search (Google)"), 1u);
  EXPECT_EQ(builder.ChannelId("Email"), 0u);
  EXPECT_EQ(builder.ChannelId("Direct"), 2u);
}

}  // namespace
}  // namespace touchpath
