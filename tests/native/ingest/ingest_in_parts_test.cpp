// One input cut at line starts into parts, each read by an Ingestor of its own (as the native
// CLI does on several threads, and the JS API in two WebAssembly workers, the part then
// encoded as bytes) and appended in order, ends exactly as one Ingestor reading it all: the
// same store, id for id, the same counts and the same errors with the same lines.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

struct PartsLoad {
  Status status;
  LoadStats stats;
  EventStore store;
  bool appended = true;  // every part was appended (else its bytes were read by the first)
};

// How a part reaches the first ingestor: moved within the process (the native CLI's threads),
// or encoded as bytes and decoded by a fresh ingestor (the JS API's second WebAssembly worker).
enum class Travel { kInMemory, kAsBytes };
constexpr Travel kBothTravels[] = {Travel::kInMemory, Travel::kAsBytes};

// Reads `bytes` up to cuts[0] with one ingestor and each [cuts[i], cuts[i + 1]) with one of
// its own, appended in order; a part that cannot be appended is fed to the first ingestor, as
// the CLI does.
PartsLoad LoadInParts(std::string_view bytes, const std::vector<size_t>& cuts,
                      const std::optional<FieldProjection>& projection = std::nullopt,
                      Travel travel = Travel::kInMemory) {
  PartsLoad load;
  Ingestor whole("auto", projection);
  whole.BeginInput("export.ndjson");
  load.status = whole.Feed(bytes.substr(0, cuts.empty() ? bytes.size() : cuts[0]));
  for (size_t i = 0; i < cuts.size() && load.status.ok(); ++i) {
    const size_t end = i + 1 < cuts.size() ? cuts[i + 1] : bytes.size();
    const std::string_view part_bytes = bytes.substr(cuts[i], end - cuts[i]);
    Ingestor part("auto", projection);  // the CLI's parts have the session's options
    part.BeginLaterPart("export.ndjson");
    EXPECT_TRUE(part.Feed(part_bytes).ok());
    Ingestor decoded("auto", projection);
    decoded.BeginLaterPart("export.ndjson");
    if (travel == Travel::kAsBytes) {
      const Status status = decoded.DecodeLaterPart(part.EncodeLaterPart());
      EXPECT_TRUE(status.ok()) << status.message();
    }
    if (!whole.AppendLaterPart(std::move(travel == Travel::kAsBytes ? decoded : part))) {
      load.appended = false;
      load.status = whole.Feed(part_bytes);
    }
  }
  LoadedData data;
  if (load.status.ok()) load.status = whole.Finish(&data);
  if (data.events) load.store = std::move(*data.events);
  load.stats = whole.stats();
  return load;
}

PartsLoad LoadWhole(std::string_view bytes,
                    const std::optional<FieldProjection>& projection = std::nullopt) {
  return LoadInParts(bytes, {}, projection);
}

template <typename Dictionary>
std::vector<std::string> Texts(const Dictionary& dictionary) {
  std::vector<std::string> texts;
  for (uint32_t id = 0; id < dictionary.size(); ++id) texts.emplace_back(dictionary.Get(id));
  return texts;
}

std::vector<std::string> RowBytes(const PackedFieldTable& table) {
  std::vector<std::string> rows;
  for (uint64_t row = 0; row < table.row_count(); ++row) rows.emplace_back(table.RowBytes(row));
  return rows;
}

std::vector<std::pair<uint64_t, std::string>> Errors(const LoadStats& stats) {
  std::vector<std::pair<uint64_t, std::string>> errors;
  for (const LoadError& error : stats.errors) errors.emplace_back(error.line, error.message);
  return errors;
}

// Same ids, same columns, same packed bytes: not only the same data.
void ExpectSameLoad(const PartsLoad& parts, const PartsLoad& whole) {
  ASSERT_EQ(parts.status.ok(), whole.status.ok()) << parts.status.message();
  EXPECT_EQ(parts.status.message(), whole.status.message());
  EXPECT_EQ(parts.stats.bytes, whole.stats.bytes);
  EXPECT_EQ(parts.stats.rows, whole.stats.rows);
  EXPECT_EQ(parts.stats.events, whole.stats.events);
  EXPECT_EQ(parts.stats.skipped, whole.stats.skipped);
  EXPECT_EQ(parts.stats.replaced_invalid_utf8, whole.stats.replaced_invalid_utf8);
  EXPECT_EQ(Errors(parts.stats), Errors(whole.stats));
  const EventStore& a = parts.store;
  const EventStore& b = whole.store;
  EXPECT_EQ(Texts(a.strings), Texts(b.strings));
  EXPECT_EQ(Texts(a.entities), Texts(b.entities));
  EXPECT_EQ(Texts(a.event_names), Texts(b.event_names));
  EXPECT_EQ(Texts(a.fields), Texts(b.fields));
  EXPECT_EQ(a.event_name_string, b.event_name_string);
  EXPECT_EQ(a.entity_begin, b.entity_begin);
  EXPECT_EQ(a.ts_us, b.ts_us);
  EXPECT_EQ(a.event, b.event);
  EXPECT_EQ(a.session, b.session);
  EXPECT_EQ(a.context, b.context);
  EXPECT_EQ(a.revenue_event, b.revenue_event);
  EXPECT_EQ(a.revenue_amount, b.revenue_amount);
  EXPECT_EQ(RowBytes(a.event_fields), RowBytes(b.event_fields));
  EXPECT_EQ(RowBytes(a.contexts), RowBytes(b.contexts));
  EXPECT_EQ(a.sessions.entity, b.sessions.entity);
  EXPECT_EQ(a.sessions.key, b.sessions.key);
  EXPECT_EQ(a.sessions.channel, b.sessions.channel);
  EXPECT_EQ(a.sessions.source_medium, b.sessions.source_medium);
  EXPECT_EQ(Digest(a), Digest(b));
}

// Format detection waits for this many bytes: parts are appended only after them (before,
// the CLI reads on one thread).
constexpr size_t kDetectionBytes = 4096;

// A row long enough that format detection has decided by its end.
std::string PaddedRow(const std::string& user, int64_t ts, const std::string& name) {
  return Ga4Row(user, ts, name).StringParam("pad", std::string(kDetectionBytes, 'x')).Json();
}

// Where each line starts, the first excluded.
std::vector<size_t> LineStarts(std::string_view bytes) {
  std::vector<size_t> starts;
  for (size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (bytes[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

// Users whose rows fall on both sides of most cuts, shared records, params, user properties,
// revenue, keyless sessions, new event names late, and rows that are skipped.
std::string MixedExport() {
  std::vector<std::string> rows;
  for (int i = 0; i < 60; ++i) {
    const std::string user = "user" + std::to_string(i % 5);
    const int64_t ts = kT0 + i * 7 * kMinute;
    Ga4Row row(user, ts, i % 4 == 3 ? "purchase" : (i % 2 ? "view_item" : "page_view"));
    if (i % 3 != 0) row.SessionId(100 + i / 6);  // the rest get sessions by inactivity
    row.StringParam("page_location", "https://shop.example/p/" + std::to_string(i % 7))
        .Field("device", i % 2 ? R"({"category":"mobile","browser":"Chrome"})"
                               : R"({"category":"desktop","browser":"Firefox"})")
        .Field("traffic_source", R"({"source":"google","medium":"cpc","name":"brand"})")
        .UserProperty("tier", i % 5 ? "gold" : "silver");
    if (i % 4 == 3) {
      row.Field("ecommerce", R"({"purchase_revenue":)" + std::to_string(10 + i) + "}")
          .DoubleParam("value", 1.5 * i);
    }
    if (i > 35) row.IntParam("late_param_" + std::to_string(i % 3), i);
    rows.push_back(row.Json());
    if (i == 5) rows.push_back("{\"event_name\":\"broken\",\"event_timestamp\":tru}");
    if (i == 9) rows.push_back("");  // a blank line: no record
    if (i == 33)
      rows.push_back(Ga4Row("user1", ts, "page_view").StringParam("t", "bad \xff").Json());
    if (i == 37) rows.push_back("not json at all");
    if (i == 49) rows.push_back(Ga4Row("user9", ts, "first_seen_late").Json() + "\r");
  }
  std::string bytes = Ndjson(rows);
  bytes.pop_back();  // the last line without its '\n'
  return bytes;
}

TEST(IngestInParts, TwoPartsCutAtAnyLineEqualOneReader) {
  const std::string bytes = MixedExport();
  const PartsLoad whole = LoadWhole(bytes);
  ASSERT_TRUE(whole.status.ok()) << whole.status.message();
  ASSERT_EQ(whole.stats.skipped, 2u) << "the broken row and the line that is not JSON";
  ASSERT_EQ(whole.stats.replaced_invalid_utf8, 1u);
  ASSERT_GT(bytes.size(), 2 * kDetectionBytes);
  for (Travel travel : kBothTravels) {
    for (size_t cut : LineStarts(bytes)) {
      SCOPED_TRACE("cut at byte " + std::to_string(cut) +
                   (travel == Travel::kAsBytes ? ", as bytes" : ", in memory"));
      const PartsLoad parts = LoadInParts(bytes, {cut}, std::nullopt, travel);
      EXPECT_EQ(parts.appended, cut >= kDetectionBytes);
      ExpectSameLoad(parts, whole);
    }
  }
}

TEST(IngestInParts, ThreeAndMorePartsEqualOneReader) {
  const std::string bytes = MixedExport();
  const std::vector<size_t> starts = LineStarts(bytes);
  const PartsLoad whole = LoadWhole(bytes);
  for (size_t first = 0; first < starts.size(); first += 3) {
    for (size_t second = first + 1; second < starts.size(); second += 4) {
      SCOPED_TRACE("cuts at lines " + std::to_string(first + 2) + ", " +
                   std::to_string(second + 2));
      ExpectSameLoad(LoadInParts(bytes, {starts[first], starts[second]}), whole);
    }
  }
  for (Travel travel : kBothTravels) {  // every line a part of its own
    ExpectSameLoad(LoadInParts(bytes, starts, std::nullopt, travel), whole);
  }
}

TEST(IngestInParts, ProjectedLoadInPartsEqualsProjectedLoad) {
  const std::string bytes = MixedExport();
  FieldProjection projection;
  projection.Add("device.category");
  const PartsLoad whole = LoadWhole(bytes, projection);
  ASSERT_TRUE(whole.status.ok());
  for (Travel travel : kBothTravels) {
    for (size_t cut : LineStarts(bytes)) {
      SCOPED_TRACE("cut at byte " + std::to_string(cut));
      ExpectSameLoad(LoadInParts(bytes, {cut}, projection, travel), whole);
    }
  }
}

TEST(IngestInParts, ErrorsOfALaterPartNameTheirLineInTheWholeInput) {
  const std::string bytes = Ndjson(
      {PaddedRow("a", kT0, "x"), Row("a", kT0 + 1, "y"), "{oops", Row("b", kT0, "x"), "[1]"});
  const size_t cut = LineStarts(bytes)[1];  // line 3 starts the later part
  for (Travel travel : kBothTravels) {
    const PartsLoad parts = LoadInParts(bytes, {cut}, std::nullopt, travel);
    ASSERT_TRUE(parts.status.ok());
    EXPECT_TRUE(parts.appended);
    ASSERT_EQ(parts.stats.errors.size(), 2u);
    EXPECT_EQ(parts.stats.errors[0].line, 3u);
    EXPECT_EQ(parts.stats.errors[1].line, 5u);
    ExpectSameLoad(parts, LoadWhole(bytes));
  }
}

TEST(IngestInParts, ALaterPartOnlyOfBadLinesAddsItsSkips) {
  const std::string bytes = Ndjson({PaddedRow("a", kT0, "x"), "nope", "", "nope"});
  const PartsLoad parts = LoadInParts(bytes, {LineStarts(bytes)[0]});
  EXPECT_TRUE(parts.appended);
  EXPECT_EQ(parts.stats.skipped, 2u);
  ExpectSameLoad(parts, LoadWhole(bytes));
}

TEST(IngestInParts, PartsThatWouldPassTheEventNameLimitAreNotMerged) {
  // Each part alone holds fewer names than a store can; together they hold more. One reader
  // skips the rows past the limit, so the part is read again by the first ingestor.
  std::vector<std::string> rows;
  for (size_t i = 0; i < kMaxEventNames + 10; ++i) {
    rows.push_back(Row("u", kT0 + static_cast<int64_t>(i), "e" + std::to_string(i)));
  }
  const std::string bytes = Ndjson(rows);
  const size_t cut = LineStarts(bytes)[kMaxEventNames / 2];
  const PartsLoad parts = LoadInParts(bytes, {cut});
  EXPECT_FALSE(parts.appended);
  EXPECT_EQ(parts.stats.skipped, 10u);
  ExpectSameLoad(parts, LoadWhole(bytes));
}

TEST(IngestInParts, APartIsNotAppendedToAnIngestorStoppedInsideALine) {
  const std::string bytes = Ndjson({Row("a", kT0, "x"), Row("b", kT0, "y")});
  Ingestor whole;
  whole.BeginInput("");
  ASSERT_TRUE(whole.Feed(bytes.substr(0, 10)).ok());
  Ingestor part;
  part.BeginLaterPart("");
  ASSERT_TRUE(part.Feed(bytes.substr(LineStarts(bytes)[0])).ok());
  EXPECT_FALSE(whole.AppendLaterPart(std::move(part)));
  ASSERT_TRUE(whole.Feed(bytes.substr(10)).ok());
  LoadedData data;
  ASSERT_TRUE(whole.Finish(&data).ok());
  EXPECT_EQ(data.events->event_count(), 2u) << "nothing was appended twice";
}

TEST(IngestInParts, OnlyAPartBegunAsALaterPartIsAppended) {
  const std::string bytes = Ndjson({PaddedRow("a", kT0, "x"), PaddedRow("b", kT0, "y")});
  const size_t cut = LineStarts(bytes)[0];
  Ingestor whole;
  whole.BeginInput("");
  ASSERT_TRUE(whole.Feed(bytes.substr(0, cut)).ok());
  Ingestor not_a_part;  // begun as an input of its own: it would detect the format again
  not_a_part.BeginInput("");
  ASSERT_TRUE(not_a_part.Feed(bytes.substr(cut)).ok());
  EXPECT_FALSE(whole.AppendLaterPart(std::move(not_a_part)));
  EXPECT_EQ(whole.stats().rows, 1u) << "nothing was appended";
}

TEST(IngestInParts, PartsThatTogetherMayPassTheMemoryLimitAreNotMerged) {
  const std::string bytes = MixedExport() + "\n";
  const size_t cut = LineStarts(bytes)[40];
  Ingestor unlimited;
  unlimited.BeginInput("");
  ASSERT_TRUE(unlimited.Feed(bytes).ok());
  const size_t limit = unlimited.PeakBytesToFinish();  // what one reader needs, not two
  for (Travel travel : kBothTravels) {
    Ingestor whole("auto", std::nullopt, limit);
    whole.BeginInput("");
    ASSERT_TRUE(whole.Feed(bytes.substr(0, cut)).ok());
    const uint64_t rows_before = whole.stats().rows;
    Ingestor part("auto", std::nullopt, limit);
    part.BeginLaterPart("");
    ASSERT_TRUE(part.Feed(bytes.substr(cut)).ok());
    Ingestor decoded("auto", std::nullopt, limit);
    decoded.BeginLaterPart("");
    if (travel == Travel::kAsBytes) ASSERT_TRUE(decoded.DecodeLaterPart(part.EncodeLaterPart()).ok());
    EXPECT_FALSE(whole.AppendLaterPart(std::move(travel == Travel::kAsBytes ? decoded : part)));
    EXPECT_EQ(whole.stats().rows, rows_before) << "nothing was appended";
    ASSERT_TRUE(whole.Feed(bytes.substr(cut)).ok());
    LoadedData data;
    EXPECT_TRUE(whole.Finish(&data).ok()) << "read whole, the input fits";
    EXPECT_EQ(data.events->event_count(), unlimited.stats().events);
  }
}

TEST(IngestInParts, APartStoppedAtItsMemoryLimitIsReadAgainSoItsErrorNamesTheWholeInputsLine) {
  // Blank lines before the cut: the part's own line numbers are not the whole input's. The
  // memory limit is checked every 1,024 events.
  std::vector<std::string> rows(50, "");
  for (int i = 0; i < 2000; ++i) {
    // A long value of its own a row: what loading needs grows row by row.
    rows.push_back(Ga4Row("user" + std::to_string(i), kT0 + i, "e" + std::to_string(i % 7))
                       .StringParam("note", std::to_string(i) + std::string(500, 'x'))
                       .Json());
  }
  const std::string bytes = Ndjson(rows);
  const size_t cut = LineStarts(bytes)[149];  // 50 blank lines and 100 rows before it
  Ingestor sized;
  sized.BeginInput("");
  ASSERT_TRUE(sized.Feed(bytes.substr(0, LineStarts(bytes)[649])).ok());
  const size_t limit = sized.PeakBytesToFinish();  // what 600 rows need: 1,024 need more
  auto load = [&](Travel travel, bool in_parts) {
    Ingestor whole("auto", std::nullopt, limit);
    whole.BeginInput("");
    if (!in_parts) {
      (void)whole.Feed(bytes);
    } else {
      (void)whole.Feed(bytes.substr(0, cut));
      Ingestor part("auto", std::nullopt, limit);
      part.BeginLaterPart("");
      EXPECT_FALSE(part.Feed(bytes.substr(cut)).ok()) << "the part stops at its own limit";
      Ingestor decoded("auto", std::nullopt, limit);
      decoded.BeginLaterPart("");
      if (travel == Travel::kAsBytes) EXPECT_TRUE(decoded.DecodeLaterPart(part.EncodeLaterPart()).ok());
      EXPECT_FALSE(whole.AppendLaterPart(std::move(travel == Travel::kAsBytes ? decoded : part)));
      (void)whole.Feed(bytes.substr(cut));
    }
    LoadedData data;
    return whole.Finish(&data);
  };
  const Status expected = load(Travel::kInMemory, false);
  EXPECT_EQ(expected.code(), StatusCode::kOutOfMemory);
  EXPECT_NE(expected.message().find("loading stopped at line 1074 after 1024 events"),
            std::string::npos)
      << expected.message();
  for (Travel travel : kBothTravels) {
    const Status in_parts = load(travel, true);
    EXPECT_EQ(in_parts.code(), StatusCode::kOutOfMemory);
    EXPECT_EQ(in_parts.message(), expected.message());
  }
}

TEST(IngestInParts, ReadsLinesOnlyForGa4LinesNotArraysOrPathTables) {
  const std::string first_line = Row("a", kT0, "x") + "\n";
  const std::string padding(5000, ' ');  // past the bytes format detection waits for
  for (const auto& [bytes, reads_lines] :
       std::vector<std::pair<std::string, bool>>{{first_line + padding, true},
                                                 {"[" + first_line + padding, false},
                                                 {"path;total_conversions\n" + padding, false}}) {
    Ingestor ingestor;
    ingestor.BeginInput("");
    ASSERT_TRUE(ingestor.Feed(bytes).ok());
    EXPECT_EQ(ingestor.ReadsLines(), reads_lines) << bytes.substr(0, 30);
  }
}

TEST(IngestInParts, ALaterInputsErrorsNameTheInput) {
  const std::string first = Ndjson({Row("a", kT0, "x")});
  const std::string second = Ndjson({PaddedRow("b", kT0, "x"), "nope", Row("c", kT0, "y"), "nope"});
  Ingestor ingestor;
  ingestor.BeginInput("input1");
  ASSERT_TRUE(ingestor.Feed(first).ok());
  ingestor.BeginInput("input2");
  const size_t cut = LineStarts(second)[1];
  ASSERT_TRUE(ingestor.Feed(second.substr(0, cut)).ok());
  Ingestor part;
  part.BeginLaterPart("input2");
  ASSERT_TRUE(part.Feed(second.substr(cut)).ok());
  ASSERT_TRUE(ingestor.AppendLaterPart(std::move(part)));
  LoadedData data;
  ASSERT_TRUE(ingestor.Finish(&data).ok());
  const LoadStats& whole = LoadInputs({first, second}).stats;
  EXPECT_EQ(Errors(ingestor.stats()), Errors(whole));
  EXPECT_EQ(data.events->event_count(), 3u);
  ASSERT_EQ(ingestor.stats().errors.size(), 2u);
  EXPECT_EQ(ingestor.stats().errors[1].line, 4u);
  EXPECT_EQ(ingestor.stats().errors[1].message.rfind("input2: ", 0), 0u);
}

TEST(IngestInParts, RealObfuscatedExportInPartsEqualsOneReader) {
  const std::string path =
      std::string(TOUCHPATH_SHARED_DATA_DIR) + "/ga4_obfuscated_sample.ndjson.gz";
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) GTEST_SKIP() << path << " is absent (../shared/data not beside the repo)";
  std::string bytes;
  std::vector<char> buffer(1 << 16);
  int read;
  while ((read = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
    bytes.append(buffer.data(), static_cast<size_t>(read));
  }
  gzclose(file);
  ASSERT_EQ(read, 0) << "gzread failed";
  const std::vector<size_t> starts = LineStarts(bytes);
  const PartsLoad whole = LoadWhole(bytes);
  ASSERT_TRUE(whole.status.ok());
  for (Travel travel : kBothTravels) {
    ExpectSameLoad(LoadInParts(bytes, {starts[starts.size() / 2]}, std::nullopt, travel), whole);
    ExpectSameLoad(LoadInParts(bytes,
                               {starts[starts.size() / 4], starts[starts.size() / 3],
                                starts[starts.size() * 5 / 6]},
                               std::nullopt, travel),
                   whole);
  }
}

}  // namespace
}  // namespace touchpath::testing
