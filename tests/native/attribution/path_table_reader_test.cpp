#include "core/attribution/path_table_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace touchpath {
namespace {

PathTable Parse(std::string_view bytes) {
  PathTable table;
  const Status status = ParsePathTable(bytes, &table);
  EXPECT_TRUE(status.ok()) << status.message();
  return table;
}

TEST(ParsePathTable, ReadsChannelAttributionSemicolons) {
  const PathTable table = Parse(
      "path;total_conversions;total_conversion_value;total_null\n"
      "eta > iota > alpha > eta;1;0.244;3\n"
      "iota;2;3.195;6\n");
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(PathText(table, 0), "eta > iota > alpha > eta");
  EXPECT_EQ(table.channels, (std::vector<std::string>{"eta", "iota", "alpha"}));
  EXPECT_EQ(table.conversions, (std::vector<double>{1, 2}));
  EXPECT_EQ(table.value, (std::vector<double>{0.244, 3.195}));
  EXPECT_EQ(table.nulls, (std::vector<double>{3, 6}));
  EXPECT_FALSE(table.has_times());
}

TEST(ParsePathTable, DetectsCommaSeparator) {
  const PathTable table = Parse(
      "path,total_conversions,total_conversion_value,total_null\n"
      "a>b,1,2.5,0\n");
  EXPECT_EQ(PathText(table, 0), "a > b");
  EXPECT_EQ(table.value, (std::vector<double>{2.5}));
}

TEST(ParsePathTable, DetectsTabSeparator) {
  const PathTable table = Parse("path\ttotal_conversions\ttotal_null\nA >  B  > C\t3\t4\n");
  EXPECT_EQ(PathText(table, 0), "A > B > C");
  EXPECT_EQ(table.nulls, (std::vector<double>{4}));
  EXPECT_EQ(table.value, (std::vector<double>{0}));  // no value column
}

TEST(ParsePathTable, TrimsSpacesAroundChannels) {
  const PathTable table = Parse("path;total_conversions\n  Paid Search  >Email ;1\n");
  EXPECT_EQ(table.channels, (std::vector<std::string>{"Paid Search", "Email"}));
}

TEST(ParsePathTable, HandlesCrlfAndBom) {
  const PathTable table =
      Parse("\xEF\xBB\xBFpath;total_conversions;total_null\r\na;1;2\r\nb;0;1\r\n");
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(table.channels, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.nulls, (std::vector<double>{2, 1}));
}

TEST(ParsePathTable, HandlesOldMacCrLineEndings) {
  const PathTable table = Parse("path;total_conversions\ra;1\rb;2\r");
  EXPECT_EQ(table.conversions, (std::vector<double>{1, 2}));
}

TEST(ParsePathTable, SkipsBlankLinesSilently) {
  const PathTable table = Parse("\n\npath;total_conversions\n\na;1\n   \nb;2\n\n");
  EXPECT_EQ(table.row_count(), 2u);
  EXPECT_EQ(table.skipped_rows, 0u);
}

TEST(ParsePathTable, BadNumberSkipsRowWithLineAndMessage) {
  const PathTable table =
      Parse("path;total_conversions;total_null\na;1;0\nb;x1;0\nc;-2;0\nd;3;1\n");
  EXPECT_EQ(table.row_count(), 2u);
  EXPECT_EQ(table.skipped_rows, 2u);
  ASSERT_EQ(table.errors.size(), 2u);
  EXPECT_EQ(table.errors[0].line, 3u);
  EXPECT_EQ(table.errors[0].message, "conversions: 'x1' is not a non-negative number");
  EXPECT_EQ(table.errors[1].line, 4u);
  EXPECT_EQ(table.channels, (std::vector<std::string>{"a", "d"}));
}

TEST(ParsePathTable, MissingColumnsSkipRow) {
  const PathTable table = Parse("path;total_conversions;total_null\na;1\nb;1;1\n");
  EXPECT_EQ(table.row_count(), 1u);
  ASSERT_EQ(table.errors.size(), 1u);
  EXPECT_EQ(table.errors[0].message, "expected 3 columns, found 2");
}

TEST(ParsePathTable, EmptyChannelSkipsRow) {
  const PathTable table = Parse("path;total_conversions\na > > b;1\nc;1\n");
  EXPECT_EQ(table.row_count(), 1u);
  EXPECT_EQ(table.touch_channel.size(), 1u);
  EXPECT_EQ(PathText(table, 0), "c");
}

TEST(ParsePathTable, KeepsOnlyTheFirstHundredMessages) {
  std::string text = "path;total_conversions\n";
  for (int row = 0; row < 150; ++row) text += "a;bad\n";
  text += "a;1\n";
  const PathTable table = Parse(text);
  EXPECT_EQ(table.skipped_rows, 150u);
  EXPECT_EQ(table.errors.size(), 100u);
}

TEST(ParsePathTable, ReadsGa4ConversionPathsExport) {
  const PathTable table = Parse(
      "# ----------------------------------------\n"
      "# Conversion paths\n"
      "# Start date: 20240101\n"
      "# End date: 20240131\n"
      "# ----------------------------------------\n"
      "\n"
      "Default channel group,Conversions,Purchase revenue,Days to conversion,"
      "Touchpoints to conversion\n"
      "Organic Search > Direct,12,\"1,234.50\",2.5,2\n"
      "\"Paid Search > Email, Newsletter\",3,99,1,2\n"
      "Grand total,15,1333.5,,\n");
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(PathText(table, 1), "Paid Search > Email, Newsletter");
  EXPECT_EQ(table.conversions, (std::vector<double>{12, 3}));
  EXPECT_EQ(table.value, (std::vector<double>{1234.5, 99}));
  EXPECT_EQ(table.nulls, (std::vector<double>{0, 0}));
  EXPECT_EQ(table.skipped_rows, 1u);  // the totals row
}

TEST(ParsePathTable, ReadsKeyEventsHeader) {
  const PathTable table = Parse(
      "Session source / medium,Key events,Total revenue\ngoogle / cpc > (direct) / (none),2,10\n");
  EXPECT_EQ(PathText(table, 0), "google / cpc > (direct) / (none)");
  EXPECT_EQ(table.conversions, (std::vector<double>{2}));
}

TEST(ParsePathTable, EmptyInputIsBadInput) {
  PathTable table;
  const Status status = ParsePathTable(" \n\n", &table);
  EXPECT_EQ(status.code(), StatusCode::kBadInput);
  EXPECT_EQ(status.message(), "The path table is empty.");
}

TEST(ParsePathTable, UnrecognisedHeaderIsBadInput) {
  PathTable table;
  const Status status = ParsePathTable("user_id,event,time\nu1,page_view,1\n", &table);
  EXPECT_EQ(status.code(), StatusCode::kBadInput);
  EXPECT_NE(status.message().find("Line 1 is not a path-table header"), std::string::npos);
}

TEST(ParsePathTable, HeaderWithoutRowsIsBadInput) {
  PathTable table;
  EXPECT_EQ(ParsePathTable("path;total_conversions\n", &table).message(),
            "The path table has a header but no rows.");
}

TEST(ParsePathTable, NoReadableRowIsBadInput) {
  PathTable table;
  const Status status = ParsePathTable("path;total_conversions\na;x\n", &table);
  EXPECT_EQ(status.code(), StatusCode::kBadInput);
  EXPECT_NE(status.message().find("line 2"), std::string::npos);
}

TEST(LooksLikePathTable, RecognisesChannelAttributionHeader) {
  EXPECT_TRUE(LooksLikePathTable("path;total_conversions;total_conversion_value;total_null\na;1"));
}

TEST(LooksLikePathTable, RecognisesGa4ExportAfterPreamble) {
  EXPECT_TRUE(LooksLikePathTable("# Conversion paths\n#\nDefault channel group,Conversions\n"));
}

TEST(LooksLikePathTable, RejectsEventData) {
  EXPECT_FALSE(LooksLikePathTable("{\"event_name\":\"page_view\",\"event_timestamp\":\"1\"}\n"));
  EXPECT_FALSE(LooksLikePathTable("user_id,event,timestamp\nu1,purchase,2024-01-01\n"));
  EXPECT_FALSE(LooksLikePathTable(""));
}

TEST(ParsePathTable, ReadsChannelAttributionExampleData) {
  const std::string file = std::string(TOUCHPATH_SHARED_DATA_DIR) + "/channelattribution_paths.csv";
  std::ifstream input(file, std::ios::binary);
  if (!input) GTEST_SKIP() << "reference data not found: " << file;
  std::stringstream bytes;
  bytes << input.rdbuf();
  EXPECT_TRUE(LooksLikePathTable(bytes.str().substr(0, 4096)));
  const PathTable table = Parse(bytes.str());
  EXPECT_EQ(table.row_count(), 10000u);
  EXPECT_EQ(table.channel_count(), 12u);
  EXPECT_EQ(table.skipped_rows, 0u);
  EXPECT_EQ(PathText(table, 0), "eta > iota > alpha > eta");
}

}  // namespace
}  // namespace touchpath
