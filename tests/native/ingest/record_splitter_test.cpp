#include "core/ingest/record_splitter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace touchpath {
namespace {

struct SplitResult {
  std::vector<std::pair<std::string, uint64_t>> records;  // (text, line)
  std::vector<std::pair<uint64_t, std::string>> errors;   // (line, message)
  bool operator==(const SplitResult& other) const {
    return records == other.records && errors == other.errors;
  }
};

class CollectingSink : public RecordSink {
 public:
  void OnRecord(const Record& record) override {
    result.records.emplace_back(std::string(record.text), record.line);
    record_data.push_back(record.text.data());
  }
  void OnError(uint64_t line, std::string_view message) override {
    result.errors.emplace_back(line, std::string(message));
  }
  SplitResult result;
  std::vector<const char*> record_data;
};

using Records = std::vector<std::pair<std::string, uint64_t>>;
using Errors = std::vector<std::pair<uint64_t, std::string>>;

SplitResult SplitInChunks(std::string_view input, size_t chunk_size,
                          size_t max_record_bytes = RecordSplitter::kDefaultMaxRecordBytes) {
  RecordSplitter splitter(max_record_bytes);
  CollectingSink sink;
  for (size_t begin = 0; begin < input.size(); begin += chunk_size) {
    splitter.Feed(input.substr(begin, chunk_size), sink);
  }
  splitter.Finish(sink);
  return sink.result;
}

SplitResult Split(std::string_view input,
                  size_t max_record_bytes = RecordSplitter::kDefaultMaxRecordBytes) {
  return SplitInChunks(input, input.size() + 1, max_record_bytes);
}

// Feeding the input as two chunks, split at every position, and as single bytes must give
// exactly what feeding it whole gives.
void ExpectChunkingDoesNotMatter(std::string_view input,
                                 size_t max_record_bytes = RecordSplitter::kDefaultMaxRecordBytes) {
  const SplitResult whole = Split(input, max_record_bytes);
  for (size_t split = 0; split <= input.size(); ++split) {
    RecordSplitter splitter(max_record_bytes);
    CollectingSink sink;
    splitter.Feed(input.substr(0, split), sink);
    splitter.Feed(input.substr(split), sink);
    splitter.Finish(sink);
    EXPECT_EQ(sink.result, whole) << "split at byte " << split;
  }
  EXPECT_EQ(SplitInChunks(input, 1, max_record_bytes), whole) << "one-byte chunks";
}

TEST(RecordSplitter, Lines_SplitOnNewlineWithOneBasedLineNumbers) {
  const SplitResult result = Split("a\nb\nc\n");
  EXPECT_EQ(result.records, (Records{{"a", 1}, {"b", 2}, {"c", 3}}));
  EXPECT_TRUE(result.errors.empty());
}

TEST(RecordSplitter, Lines_LastLineWithoutNewlineIsARecord) {
  EXPECT_EQ(Split("a\nb").records, (Records{{"a", 1}, {"b", 2}}));
}

TEST(RecordSplitter, Lines_StripTrailingCarriageReturn) {
  EXPECT_EQ(Split("a,b\r\nc,d\r\ne\r").records, (Records{{"a,b", 1}, {"c,d", 2}, {"e", 3}}));
}

TEST(RecordSplitter, Lines_WhitespaceOnlyLinesAreNotRecordsButCountAsLines) {
  EXPECT_EQ(Split("\n  \n{\"a\":1}\n\t\r\n\r\nx\n \n").records,
            (Records{{"{\"a\":1}", 3}, {"x", 6}}));
}

TEST(RecordSplitter, Lines_KeepLeadingWhitespaceOfARecord) {
  EXPECT_EQ(Split(" \n  a,b\n c\n").records, (Records{{"  a,b", 2}, {" c", 3}}));
}

TEST(RecordSplitter, Lines_StripUtf8ByteOrderMark) {
  RecordSplitter splitter;
  CollectingSink sink;
  splitter.Feed("\xEF\xBB\xBF{\"a\":1}\n{\"a\":2}\n", sink);
  splitter.Finish(sink);
  EXPECT_EQ(sink.result.records, (Records{{"{\"a\":1}", 1}, {"{\"a\":2}", 2}}));
  EXPECT_FALSE(splitter.array_mode());
}

TEST(RecordSplitter, Lines_BytesThatOnlyStartLikeABomAreData) {
  EXPECT_EQ(Split("\xEF\xBB"
                  "x\n")
                .records,
            (Records{{"\xEF\xBB"
                      "x",
                      1}}));
  EXPECT_EQ(Split("\xEF").records, (Records{{"\xEF", 1}}));
}

TEST(RecordSplitter, Lines_EmptyAndBomOnlyInputsYieldNothing) {
  EXPECT_EQ(Split(""), SplitResult{});
  EXPECT_EQ(Split("\xEF\xBB\xBF"), SplitResult{});
  EXPECT_EQ(Split(" \r\n\n"), SplitResult{});
}

TEST(RecordSplitter, Lines_RecordsInsideAChunkAreNotCopied) {
  const std::string_view chunk = "ab\ncd\nef";
  RecordSplitter splitter;
  CollectingSink sink;
  splitter.Feed(chunk, sink);
  ASSERT_EQ(sink.record_data.size(), 2u);
  EXPECT_EQ(sink.record_data[0], chunk.data());
  EXPECT_EQ(sink.record_data[1], chunk.data() + 3);
}

TEST(RecordSplitter, Lines_RecordSpanningChunksIsAssembled) {
  EXPECT_EQ(SplitInChunks("{\"event\":\"page_view\"}\n{\"x\":1}\n", 5).records,
            (Records{{"{\"event\":\"page_view\"}", 1}, {"{\"x\":1}", 2}}));
}

TEST(RecordSplitter, Lines_ChunkingAtEverySplitPointGivesTheSameRecords) {
  ExpectChunkingDoesNotMatter(
      "\xEF\xBB\xBF\r\n{\"a\":\"x\\ny\"}\r\n\n  \n{\"b\":[1,2]}\nuser,time\r\n\"q\",\"[\"\n tail");
}

TEST(RecordSplitter, Lines_TooLongRecordIsReportedAndSkipped) {
  const SplitResult result = Split("short\n0123456789\nok\n", 8);
  EXPECT_EQ(result.records, (Records{{"short", 1}, {"ok", 3}}));
  EXPECT_EQ(result.errors, (Errors{{2, "record longer than 8 bytes; skipped"}}));
}

TEST(RecordSplitter, Lines_TooLongRecordIsReportedOnceWhateverTheChunking) {
  ExpectChunkingDoesNotMatter("short\n0123456789\nok\n0123456789", 8);
}

TEST(RecordSplitter, Lines_RecordOfExactlyTheLimitIsKeptEvenWithCrlf) {
  ExpectChunkingDoesNotMatter("abcd\r\nabcde\r\nabcd", 4);
  const SplitResult result = Split("abcd\r\nabcde\r\nabcd", 4);
  EXPECT_EQ(result.records, (Records{{"abcd", 1}, {"abcd", 3}}));
  EXPECT_EQ(result.errors, (Errors{{2, "record longer than 4 bytes; skipped"}}));
}

TEST(RecordSplitter, Lines_EndlessRecordIsNotBufferedAndSplittingResumesAfterIt) {
  RecordSplitter splitter(64);
  CollectingSink sink;
  const std::string chunk(1000, 'x');
  for (int i = 0; i < 1000; ++i) splitter.Feed(chunk, sink);
  splitter.Feed("\nok\n", sink);
  splitter.Finish(sink);
  EXPECT_EQ(sink.result.records, (Records{{"ok", 2}}));
  EXPECT_EQ(sink.result.errors, (Errors{{1, "record longer than 64 bytes; skipped"}}));
}

TEST(RecordSplitter, Reset_RestartsLineNumbersAndModeDetection) {
  RecordSplitter splitter;
  CollectingSink sink;
  splitter.Feed("[1,\n2]", sink);
  splitter.Finish(sink);
  EXPECT_TRUE(splitter.array_mode());
  splitter.Reset();
  EXPECT_FALSE(splitter.array_mode());
  splitter.Feed("\na\n", sink);
  splitter.Finish(sink);
  EXPECT_FALSE(splitter.array_mode());
  EXPECT_EQ(sink.result.records, (Records{{"1", 1}, {"2", 2}, {"a", 2}}));
}

constexpr std::string_view kPrettyArray =
    "\xEF\xBB\xBF\n"
    "[\n"
    "  {\n"
    "    \"a\": \"x,]}[{\",\n"
    "    \"b\": [1, 2]\n"
    "  },\n"
    "  {\"c\": \"say \\\"hi\\\", ok\\\\\"} ,\n"
    "  \"plain\"\n"
    "]\n";

TEST(RecordSplitter, Array_YieldsTheElementsOfAPrettyPrintedArray) {
  RecordSplitter splitter;
  CollectingSink sink;
  splitter.Feed(kPrettyArray, sink);
  splitter.Finish(sink);
  EXPECT_TRUE(splitter.array_mode());
  EXPECT_EQ(sink.result.records, (Records{{"{\n    \"a\": \"x,]}[{\",\n    \"b\": [1, 2]\n  }", 3},
                                          {"{\"c\": \"say \\\"hi\\\", ok\\\\\"}", 7},
                                          {"\"plain\"", 8}}));
  EXPECT_TRUE(sink.result.errors.empty());
}

TEST(RecordSplitter, Array_ChunkingAtEverySplitPointGivesTheSameRecords) {
  ExpectChunkingDoesNotMatter(kPrettyArray);
}

TEST(RecordSplitter, Array_ElementsInsideAChunkAreNotCopied) {
  const std::string_view chunk = "[{\"a\":1},2]";
  RecordSplitter splitter;
  CollectingSink sink;
  splitter.Feed(chunk, sink);
  ASSERT_EQ(sink.record_data.size(), 2u);
  EXPECT_EQ(sink.record_data[0], chunk.data() + 1);
  EXPECT_EQ(sink.record_data[1], chunk.data() + 9);
}

TEST(RecordSplitter, Array_EmptyArrayYieldsNothing) {
  RecordSplitter splitter;
  CollectingSink sink;
  splitter.Feed(" [ \n ]\n", sink);
  splitter.Finish(sink);
  EXPECT_TRUE(splitter.array_mode());
  EXPECT_EQ(sink.result, SplitResult{});
}

TEST(RecordSplitter, Array_ScalarAndNestedElements) {
  EXPECT_EQ(Split("[1,\"a\",[2,[3]],null,{}]").records,
            (Records{{"1", 1}, {"\"a\"", 1}, {"[2,[3]]", 1}, {"null", 1}, {"{}", 1}}));
}

TEST(RecordSplitter, Array_GarbageAfterTheClosingBracketIsReported) {
  const SplitResult result = Split("[1]\n\n x [2]");
  EXPECT_EQ(result.records, (Records{{"1", 1}}));
  EXPECT_EQ(result.errors,
            (Errors{{3, "unexpected data after the closing ']' of the JSON array"}}));
}

TEST(RecordSplitter, Array_UnterminatedInsideARecordIsReportedAtItsLine) {
  const SplitResult result = Split("[1,\n {\"a\":\n 2}");
  EXPECT_EQ(result.records, (Records{{"1", 1}}));
  EXPECT_EQ(result.errors,
            (Errors{{2, "unterminated JSON array: the input ends inside this record"}}));
}

TEST(RecordSplitter, Array_UnterminatedBetweenRecordsIsReportedAtTheEnd) {
  const SplitResult result = Split("[1,\n\n");
  EXPECT_EQ(result.records, (Records{{"1", 1}}));
  EXPECT_EQ(result.errors, (Errors{{3, "unterminated JSON array: missing ']'"}}));
}

TEST(RecordSplitter, Array_TrailingCommaIsReportedAndStopsSplitting) {
  const SplitResult result = Split("[1,\n]\n");
  EXPECT_EQ(result.records, (Records{{"1", 1}}));
  EXPECT_EQ(result.errors, (Errors{{2, "expected a JSON value after ',' in the array"}}));
}

TEST(RecordSplitter, Array_UnbalancedBraceIsReported) {
  const SplitResult result = Split("[{\"a\":1}}, 2]");
  EXPECT_EQ(result.records, (Records{}));
  EXPECT_EQ(result.errors, (Errors{{1, "unbalanced '}' in the JSON array"}}));
}

TEST(RecordSplitter, Array_TooLongElementIsReportedAndSkipped) {
  const std::string_view input = "[\"short\",\n\"0123456789\",\n 1]";
  const SplitResult result = Split(input, 8);
  EXPECT_EQ(result.records, (Records{{"\"short\"", 1}, {"1", 3}}));
  EXPECT_EQ(result.errors, (Errors{{2, "record longer than 8 bytes; skipped"}}));
  ExpectChunkingDoesNotMatter(input, 8);
}

}  // namespace
}  // namespace touchpath
