// GA4 BigQuery-export rows through the Ingestor into the EventStore: the export's quirks,
// skipped rows, unusable inputs, ordering, sessions, revenue and typed fields.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

// The rows as a pretty-printed JSON array, one member per line, as BigQuery's console or
// `jq -s .` would write them.
std::string PrettyArray(const std::vector<std::string>& rows) {
  std::string text = "[\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    text += "  ";
    bool in_string = false;
    bool escaped = false;
    for (char c : rows[i]) {
      text += c;
      if (in_string) {
        in_string = escaped || c != '"';
        escaped = !escaped && c == '\\';
      } else if (c == '"') {
        in_string = true;
      } else if (c == ',' || c == '{' || c == '[') {
        text += "\n    ";
      }
    }
    text += i + 1 < rows.size() ? ",\n" : "\n";
  }
  return text + "]\n";
}

std::vector<std::string> MixedRows() {
  return {
      Ga4Row("p1", kT0 + 5, "page_view").SessionId(11).StringParam("page_title", "Home, \"A\""),
      Ga4Row("p2", kT0 + 1, "session_start")
          .SessionId(21)
          .Field("device", R"({"category":"mobile"})"),
      Ga4Row("p1", kT0 + 2, "session_start").SessionId(11).StringParam("source", "google"),
      "{\"event_name\":\"broken\",\"event_timestamp\":tru}",  // balanced, not JSON
      Ga4Row("p1", kT0 + 9, "purchase").SessionId(11).DoubleParam("value", 12.5),
      Ga4Row("p2", kT0 + 3, "view_item").UserId("u2").IntParam("quantity", 3),
  };
}

// ---- the export's spellings ----

TEST(Ga4Ingest, Int64TimestampAsStringOrNumber) {
  const LoadedInput loaded = Load(
      "{\"event_timestamp\":\"1700000000000001\",\"event_name\":\"a\",\"user_pseudo_id\":\"p\"}\n"
      "{\"event_timestamp\":1700000000000002,\"event_name\":\"b\",\"user_pseudo_id\":\"p\"}\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  ASSERT_EQ(loaded.store.event_count(), 2u);
  EXPECT_EQ(loaded.store.ts_us[0], 1700000000000001);
  EXPECT_EQ(loaded.store.ts_us[1], 1700000000000002);
  EXPECT_EQ(loaded.stats.skipped, 0u);
}

TEST(Ga4Ingest, ExplicitNullFieldsAreLikeOmittedOnes) {
  const std::string with_nulls = Ga4Row("p", kT0, "page_view")
                                     .Field("user_id", "null")
                                     .Field("device", "null")
                                     .Field("geo", R"({"country":"France","city":null})")
                                     .Field("ecommerce", "null")
                                     .Field("event_value_in_usd", "null")
                                     .Field("batch_event_index", "null")
                                     .Json();
  // Omitted fields; event_params null too.
  const std::string omitted =
      "{\"event_date\":\"20240101\",\"event_timestamp\":\"" + std::to_string(kT0) +
      "\",\"event_name\":\"page_view\",\"user_pseudo_id\":\"p\",\"event_params\":null,"
      "\"geo\":{\"country\":\"France\"}}";
  const LoadedInput a = Load(with_nulls + "\n");
  const LoadedInput b = Load(omitted + "\n");
  ASSERT_TRUE(a.status.ok()) << a.status.message();
  ASSERT_TRUE(b.status.ok()) << b.status.message();
  EXPECT_EQ(Digest(a.store), Digest(b.store));
  EXPECT_EQ(EntityOf(a.store, 0), "p");
  EXPECT_EQ(FieldOf(a.store, 0, "device.category"), std::nullopt);
  EXPECT_EQ(FieldOf(a.store, 0, "geo.city"), std::nullopt);
  EXPECT_EQ(FieldTextOf(a.store, 0, "geo.country"), "France");
  EXPECT_EQ(a.store.Revenue(0), std::nullopt);
}

TEST(Ga4Ingest, EmptyRecordsArraysAndValueObjectsAreAccepted) {
  const LoadedInput loaded =
      Load(Ga4Row("p", kT0, "page_view")
               .Field("event_params",
                      R"([{"key":"all_data","value":{}},{"key":"x","value":{"string_value":"1"}}])")
               .Field("user_properties", "[]")
               .Field("device", "{}")
               .Field("items", "[]")
               .Field("user_ltv", "{}")
               .Field("privacy_info", R"({"analytics_storage":{}})")
               .Json() +
           "\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.events, 1u);
  EXPECT_EQ(FieldOf(loaded.store, 0, "param.all_data"), std::nullopt);
  EXPECT_EQ(FieldTextOf(loaded.store, 0, "param.x"), "1");
  EXPECT_EQ(loaded.store.event_fields.FieldCount(0), 1u);
  EXPECT_EQ(loaded.store.contexts.FieldCount(loaded.store.context[0]), 1u) << "event_date only";
}

TEST(Ga4Ingest, UnicodeEscapesAreDecoded) {
  const LoadedInput loaded =
      Load(Ga4Row("p\\u0026q", kT0, "page_view")  // the builder quotes: this is a literal backslash
               .Field("device", R"({"mobile_marketing_name":"\u003cOther\u003e"})")
               .Field("event_name", R"("sign\u005fup")")
               .Json() +
           "\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(FieldTextOf(loaded.store, 0, "device.mobile_marketing_name"), "<Other>");
  EXPECT_EQ(EventNameOf(loaded.store, 0), "sign_up");
  EXPECT_EQ(EntityOf(loaded.store, 0), "p\\u0026q");

  const LoadedInput escaped = Load(
      "{\"event_timestamp\":\"1\",\"event_name\":\"a\",\"user_pseudo_id\":\"x\\u0026y\","
      "\"event_params\":[{\"key\":\"page_title\",\"value\":{\"string_value\":"
      "\"\\u003cb\\u003eA \\u0026 B\\u003c/b\\u003e \\u00e9\\ud83d\\ude00\"}}]}\n");
  ASSERT_TRUE(escaped.status.ok()) << escaped.status.message();
  EXPECT_EQ(EntityOf(escaped.store, 0), "x&y");
  EXPECT_EQ(FieldTextOf(escaped.store, 0, "param.page_title"),
            "<b>A & B</b> \xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(escaped.stats.replaced_invalid_utf8, 0u);
}

TEST(Ga4Ingest, CrlfLineEndingsAreStripped) {
  const std::string input = Row("p", kT0, "a") + "\r\n" +
                            Ga4Row("p", kT0 + 1, "b").StringParam("k", "v").Json() + "\r\n" +
                            "{\"event_name\":\"c\"}\r\n";
  const LoadedInput loaded = Load(input);
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EventNames(loaded.store), "a b");
  EXPECT_EQ(FieldTextOf(loaded.store, 1, "param.k"), "v");
  ASSERT_EQ(loaded.stats.errors.size(), 1u);
  EXPECT_EQ(loaded.stats.errors[0].line, 3u);
}

TEST(Ga4Ingest, Utf8BomIsIgnored) {
  const LoadedInput loaded = Load("\xEF\xBB\xBF" + Row("p", kT0, "a") + "\n" + Row("p", kT0, "b"));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EventNames(loaded.store), "a b");
  EXPECT_EQ(loaded.stats.skipped, 0u);
}

TEST(Ga4Ingest, BlankLinesAreNotRows) {
  const std::string input =
      "\n" + Row("p", kT0, "a") + "\n\n   \n\t\r\n" + Row("p", kT0, "b") + "\n\n{\"bad\":1}\n\n";
  const LoadedInput loaded = Load(input);
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.rows, 3u);
  EXPECT_EQ(loaded.stats.events, 2u);
  EXPECT_EQ(loaded.stats.skipped, 1u);
  ASSERT_EQ(loaded.stats.errors.size(), 1u);
  EXPECT_EQ(loaded.stats.errors[0].line, 8u);
}

TEST(Ga4Ingest, EventNamesBeyondTheLimitAreSkippedAndCountedKnownOnesStillLoad) {
  std::string input;
  for (size_t i = 0; i < kMaxEventNames + 2; ++i) {
    input += Row("p", kT0 + static_cast<int64_t>(i), "e" + std::to_string(i)) + "\n";
  }
  input += Row("p", kT0, "e7") + "\n";  // a name already known still loads
  const LoadedInput loaded = Load(input);
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.events, kMaxEventNames + 1);
  EXPECT_EQ(loaded.stats.skipped, 2u);
  ASSERT_FALSE(loaded.stats.errors.empty());
  EXPECT_EQ(loaded.stats.errors[0].line, kMaxEventNames + 1);
  EXPECT_NE(loaded.stats.errors[0].message.find("65535 distinct names"), std::string::npos)
      << loaded.stats.errors[0].message;
  EXPECT_EQ(loaded.store.event_names.size(), kMaxEventNames);
}

TEST(Ga4Ingest, LeadingBlankLinesLongerThanTheFormatSniffAreFine) {
  const std::string input = std::string(5000, '\n') + Row("p", kT0, "a") + "\n{}\n";
  for (size_t chunk : {size_t{1}, size_t{100}, size_t{512}, kWholeInput}) {
    const LoadedInput loaded = Load(input, chunk);
    ASSERT_TRUE(loaded.status.ok()) << "chunk " << chunk << ": " << loaded.status.message();
    EXPECT_EQ(loaded.stats.events, 1u);
    ASSERT_EQ(loaded.stats.errors.size(), 1u);
    EXPECT_EQ(loaded.stats.errors[0].line, 5002u);
  }
}

TEST(Ga4Ingest, InvalidUtf8IsReplacedAndCountedNotFatal) {
  const LoadedInput loaded =
      Load(Ga4Row("p", kT0, "page_view").StringParam("page_title", "caf\xE9 \xFF!").Json() + "\n" +
           Ga4Row("p\xC3", kT0, "x").Json() + "\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.events, 2u);
  EXPECT_EQ(loaded.stats.skipped, 0u);
  EXPECT_EQ(loaded.stats.replaced_invalid_utf8, 3u);
  EXPECT_EQ(FieldTextOf(loaded.store, 0, "param.page_title"), "caf\xEF\xBF\xBD \xEF\xBF\xBD!");
  EXPECT_EQ(EntityOf(loaded.store, 1), "p\xEF\xBF\xBD");
}

// Rows repeating members that hold invalid UTF-8 (records, scalars, params) count each
// replacement on every row, though repeated members are replayed rather than read again.
TEST(Ga4Ingest, InvalidUtf8InRepeatedMembersIsCountedOnEveryRow) {
  std::vector<std::string> rows;
  for (int64_t offset = 0; offset < 3; ++offset) {
    rows.push_back(Ga4Row("p", kT0 + offset, "page_view")
                       .StringParam("page_title", "caf\xE9")
                       .Field("geo", "{\"city\":\"Par\xFFis\"}")
                       .Field("stream_id", "\"s\xFF\"")
                       .Field("platform", "\"WEB\""));
  }
  const LoadedInput loaded = Load(Ndjson(rows));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.events, 3u);
  EXPECT_EQ(loaded.stats.replaced_invalid_utf8, 9u);
  for (uint64_t event = 0; event < 3; ++event) {
    EXPECT_EQ(FieldTextOf(loaded.store, event, "geo.city"), "Par\xEF\xBF\xBDis") << event;
    EXPECT_EQ(FieldTextOf(loaded.store, event, "stream_id"), "s\xEF\xBF\xBD") << event;
    EXPECT_EQ(FieldTextOf(loaded.store, event, "param.page_title"), "caf\xEF\xBF\xBD") << event;
  }
}

TEST(Ga4Ingest, OneMegabyteParamValueIsKeptWhole) {
  std::string long_value(1 << 20, 'x');
  long_value[0] = 'A';
  long_value.back() = 'Z';
  const std::string input = Row("p", kT0, "a") + "\n" +
                            Ga4Row("p", kT0 + 1, "b").StringParam("blob", long_value).Json() +
                            "\n" + Row("p", kT0 + 2, "c") + "\n";
  for (size_t chunk : {size_t{4096}, size_t{100000}, kWholeInput}) {
    const LoadedInput loaded = Load(input, chunk);
    ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
    EXPECT_EQ(EventNames(loaded.store), "a b c");
    EXPECT_EQ(FieldTextOf(loaded.store, 1, "param.blob"), long_value) << "chunk " << chunk;
  }
}

// ---- identity ----

TEST(Ga4Ingest, UserIdPreferredOverUserPseudoId) {
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("pseudo", kT0, "a").UserId("u1"),
      Ga4Row("pseudo", kT0 + 1, "b"),
      Ga4Row("pseudo", kT0 + 2, "c").UserId(""),
      Ga4Row("pseudo", kT0 + 3, "d").Field("user_id", "null"),
      Ga4Row("other", kT0 + 4, "e").UserId("u1"),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  ASSERT_EQ(loaded.store.entity_count(), 2u);
  EXPECT_EQ(loaded.store.entities.Get(0), "u1");
  EXPECT_EQ(loaded.store.entities.Get(1), "pseudo");
  EXPECT_EQ(EventNames(loaded.store), "a e b c d");
}

TEST(Ga4Ingest, NumericIdentityIsItsDecimalText) {
  const LoadedInput loaded = Load(
      "{\"event_timestamp\":\"1\",\"event_name\":\"a\",\"user_pseudo_id\":1234567890.987}\n"
      "{\"event_timestamp\":\"2\",\"event_name\":\"b\",\"user_id\":42,\"user_pseudo_id\":\"x\"}\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EntityOf(loaded.store, 0), "1234567890.987");
  EXPECT_EQ(EntityOf(loaded.store, 1), "42");
}

// ---- skipped rows: counted, with 1-based line numbers and a reason ----

struct SkipCase {
  std::string row;
  std::string message;
};

void ExpectSkippedAtLine3(const SkipCase& bad) {
  const std::string input =
      Ndjson({Row("p", kT0, "a"), Row("p", kT0 + 1, "b"), bad.row, Row("p", kT0 + 2, "c")});
  const LoadedInput loaded = Load(input);
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.rows, 4u);
  EXPECT_EQ(loaded.stats.events, 3u);
  EXPECT_EQ(loaded.stats.skipped, 1u);
  ASSERT_EQ(loaded.stats.errors.size(), 1u) << bad.row;
  EXPECT_EQ(loaded.stats.errors[0].line, 3u);
  EXPECT_EQ(loaded.stats.errors[0].message, bad.message) << bad.row;
  EXPECT_EQ(EventNames(loaded.store), "a b c");
}

TEST(Ga4Ingest, RowWithoutIdentityIsSkippedAndCounted) {
  ExpectSkippedAtLine3(
      {R"({"event_timestamp":"1","event_name":"x"})", "neither user_id nor user_pseudo_id is set"});
  ExpectSkippedAtLine3({R"({"event_timestamp":"1","event_name":"x","user_id":null,)"
                        R"("user_pseudo_id":""})",
                        "neither user_id nor user_pseudo_id is set"});
}

TEST(Ga4Ingest, RowWithoutTimestampIsSkippedAndCounted) {
  ExpectSkippedAtLine3(
      {R"({"event_name":"x","user_pseudo_id":"p"})", "event_timestamp is missing"});
  ExpectSkippedAtLine3({R"({"event_timestamp":null,"event_name":"x","user_pseudo_id":"p"})",
                        "event_timestamp is missing"});
}

TEST(Ga4Ingest, RowWithoutEventNameIsSkippedAndCounted) {
  ExpectSkippedAtLine3(
      {R"({"event_timestamp":"1","user_pseudo_id":"p"})", "event_name is missing"});
  ExpectSkippedAtLine3(
      {R"({"event_timestamp":"1","event_name":"","user_pseudo_id":"p"})", "event_name is missing"});
  ExpectSkippedAtLine3({R"({"event_timestamp":"1","event_name":null,"user_pseudo_id":"p"})",
                        "event_name is missing"});
}

TEST(Ga4Ingest, EventNameNotAStringIsSkippedAndCounted) {
  ExpectSkippedAtLine3({R"({"event_timestamp":"1","event_name":7,"user_pseudo_id":"p"})",
                        "event_name is not a string"});
  ExpectSkippedAtLine3({R"({"event_timestamp":"1","event_name":["a"],"user_pseudo_id":"p"})",
                        "event_name is not a string"});
}

TEST(Ga4Ingest, TimestampNotAnIntegerIsSkippedAndCounted) {
  ExpectSkippedAtLine3({R"({"event_timestamp":"soon","event_name":"x","user_pseudo_id":"p"})",
                        "event_timestamp 'soon' is not an integer (microseconds)"});
  ExpectSkippedAtLine3({R"({"event_timestamp":1.5e15,"event_name":"x","user_pseudo_id":"p"})",
                        "event_timestamp '1.5e15' is not an integer (microseconds)"});
  ExpectSkippedAtLine3({R"({"event_timestamp":"99999999999999999999","event_name":"x",)"
                        R"("user_pseudo_id":"p"})",
                        "event_timestamp '99999999999999999999' is not an integer "
                        "(microseconds)"});
  ExpectSkippedAtLine3({R"({"event_timestamp":true,"event_name":"x","user_pseudo_id":"p"})",
                        "event_timestamp is not an integer (microseconds)"});
  ExpectSkippedAtLine3({R"({"event_timestamp":{},"event_name":"x","user_pseudo_id":"p"})",
                        "event_timestamp is not an integer (microseconds)"});
}

TEST(Ga4Ingest, MalformedJsonLineAmongGoodOnesIsSkipped) {
  const LoadedInput loaded = Load(Ndjson(MixedRows()));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.rows, 6u);
  EXPECT_EQ(loaded.stats.events, 5u);
  EXPECT_EQ(loaded.stats.skipped, 1u);
  ASSERT_EQ(loaded.stats.errors.size(), 1u);
  EXPECT_EQ(loaded.stats.errors[0].line, 4u);
  EXPECT_EQ(loaded.stats.errors[0].message.rfind("invalid JSON: ", 0), 0u)
      << loaded.stats.errors[0].message;
  EXPECT_EQ(EventNames(loaded.store), "session_start page_view purchase session_start view_item");
}

TEST(Ga4Ingest, NonObjectRowsAndTrailingTextAreSkipped) {
  const LoadedInput loaded =
      Load(Ndjson({Row("p", kT0, "b"), "[1,2]", "\"text\"", Row("p", kT0, "a") + " {}"}));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.skipped, 3u);
  ASSERT_EQ(loaded.stats.errors.size(), 3u);
  EXPECT_EQ(loaded.stats.errors[0].line, 2u);
  EXPECT_EQ(loaded.stats.errors[0].message, "not a JSON object");
  EXPECT_EQ(loaded.stats.errors[1].line, 3u);
  EXPECT_EQ(loaded.stats.errors[1].message, "not a JSON object");
  EXPECT_EQ(loaded.stats.errors[2].line, 4u);
  EXPECT_EQ(loaded.stats.errors[2].message, "unexpected text after the JSON object");
}

TEST(Ga4Ingest, SkippedRowsBeyondTheErrorListAreStillCounted) {
  std::vector<std::string> rows(250, "{}");
  rows.push_back(Row("p", kT0, "a"));
  const LoadedInput loaded = Load(Ndjson(rows));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.skipped, 250u);
  EXPECT_EQ(loaded.stats.errors.size(), LoadStats::kMaxErrors);
  EXPECT_EQ(loaded.stats.errors.back().line, LoadStats::kMaxErrors);
}

// ---- shapes of the same data ----

TEST(Ga4Ingest, JsonArrayExportGivesTheSameStoreAsNdjson) {
  const std::vector<std::string> rows = MixedRows();
  const LoadedInput ndjson = Load(Ndjson(rows));
  const std::string array_text = PrettyArray(rows);
  const LoadedInput array = Load(array_text);
  ASSERT_TRUE(ndjson.status.ok()) << ndjson.status.message();
  ASSERT_TRUE(array.status.ok()) << array.status.message();
  EXPECT_EQ(Digest(array.store), Digest(ndjson.store));
  EXPECT_EQ(array.stats.events, 5u);
  EXPECT_EQ(array.stats.skipped, 1u);
  // The error names the line where the broken element (the 4th) opens.
  ASSERT_EQ(array.stats.errors.size(), 1u);
  size_t line = 1;
  for (char c : array_text.substr(0, array_text.rfind('{', array_text.find("\"broken\"")))) {
    line += c == '\n';
  }
  EXPECT_EQ(array.stats.errors[0].line, line);
}

TEST(Ga4Ingest, JsonArrayWithBomCrlfAndBlankLinesIsAccepted) {
  const std::string array_text = "\xEF\xBB\xBF\r\n[\r\n\r\n  " + Row("p", kT0, "a") +
                                 "\r\n  ,\r\n  " + Row("p", kT0 + 1, "b") + "\r\n]\r\n\r\n";
  const LoadedInput loaded = Load(array_text);
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EventNames(loaded.store), "a b");
  EXPECT_EQ(loaded.stats.skipped, 0u);
}

TEST(Ga4Ingest, ChunkSizeDoesNotChangeTheResult) {
  std::vector<std::string> rows = MixedRows();
  rows.push_back(Ga4Row("p3", kT0, "caf\xC3\xA9").StringParam("t", "\\u003c\xE2\x82\xAC\xFF"));
  const std::string ndjson = "\xEF\xBB\xBF\r\n" + Ndjson(rows) + "\r\n" + Row("p4", kT0, "z");
  const std::string array_text = PrettyArray(rows);
  for (const std::string* input : {&ndjson, &array_text}) {
    const LoadedInput whole = Load(*input);
    ASSERT_TRUE(whole.status.ok()) << whole.status.message();
    const std::string expected = Digest(whole.store);
    for (size_t chunk = 1; chunk <= 64; ++chunk) {
      const LoadedInput loaded = Load(*input, chunk);
      ASSERT_TRUE(loaded.status.ok()) << "chunk " << chunk << ": " << loaded.status.message();
      EXPECT_EQ(Digest(loaded.store), expected) << "chunk " << chunk;
      EXPECT_EQ(loaded.stats.rows, whole.stats.rows) << "chunk " << chunk;
      EXPECT_EQ(loaded.stats.skipped, whole.stats.skipped) << "chunk " << chunk;
      EXPECT_EQ(loaded.stats.replaced_invalid_utf8, whole.stats.replaced_invalid_utf8);
      ASSERT_EQ(loaded.stats.errors.size(), whole.stats.errors.size()) << "chunk " << chunk;
      EXPECT_EQ(loaded.stats.errors[0].line, whole.stats.errors[0].line) << "chunk " << chunk;
    }
  }
}

TEST(Ga4Ingest, SeveralInputsRestartLineNumbers) {
  const LoadedInput loaded = LoadInputs({
      Ndjson({Row("p", kT0, "a"), "{}", Row("q", kT0, "b")}),
      Ndjson({"{}", Row("p", kT0 + 1, "c")}),
      Ndjson({Row("q", kT0 + 1, "d"), "", "not json"}),
  });
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.events, 4u);
  EXPECT_EQ(loaded.stats.skipped, 3u);
  ASSERT_EQ(loaded.stats.errors.size(), 3u);
  EXPECT_EQ(loaded.stats.errors[0].line, 2u);
  EXPECT_EQ(loaded.stats.errors[0].message, "input1: event_name is missing");
  EXPECT_EQ(loaded.stats.errors[1].line, 1u);
  EXPECT_EQ(loaded.stats.errors[1].message, "input2: event_name is missing");
  EXPECT_EQ(loaded.stats.errors[2].line, 3u);
  EXPECT_EQ(loaded.stats.errors[2].message, "input3: not a JSON object");
  EXPECT_EQ(EventNames(loaded.store), "a c b d");
}

TEST(Ga4Ingest, ALineNeverSpansTwoInputs) {
  const LoadedInput loaded = LoadInputs({Row("p", kT0, "a").substr(0, 20), Row("p", kT0 + 1, "b")});
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EventNames(loaded.store), "b");
  EXPECT_EQ(loaded.stats.skipped, 1u);
  ASSERT_EQ(loaded.stats.errors.size(), 1u);
  EXPECT_EQ(loaded.stats.errors[0].line, 1u);
  EXPECT_EQ(loaded.stats.errors[0].message.rfind("input1: invalid JSON", 0), 0u)
      << loaded.stats.errors[0].message;
}

// ---- unusable inputs: BadInput with one clear sentence ----

void ExpectBadInput(const std::string& bytes, const std::string& message) {
  for (size_t chunk : {size_t{1}, size_t{7}, kWholeInput}) {
    const LoadedInput loaded = Load(bytes, chunk);
    EXPECT_EQ(loaded.status.code(), StatusCode::kBadInput) << "chunk " << chunk;
    EXPECT_EQ(loaded.status.message(), message) << "chunk " << chunk;
  }
}

TEST(Ga4Ingest, EmptyInputIsBadInput) {
  ExpectBadInput("", "the input holds no rows (it is empty or blank)");
}

TEST(Ga4Ingest, WhitespaceOnlyInputIsBadInput) {
  ExpectBadInput(" \r\n\n\t \n", "the input holds no rows (it is empty or blank)");
  ExpectBadInput(std::string(5000, '\n'), "the input holds no rows (it is empty or blank)");
  ExpectBadInput("\xEF\xBB\xBF\n", "the input holds no rows (it is empty or blank)");
}

TEST(Ga4Ingest, BinaryBytesAreBadInput) {
  std::string bytes;
  for (int i = 0; i < 2000; ++i) bytes += static_cast<char>((i * 7919 + 13) % 256);
  ExpectBadInput(bytes, "input1 is binary data, not an analytics export");
  ExpectBadInput(std::string("{\0\0\0", 4), "input1 is binary data, not an analytics export");
}

TEST(Ga4Ingest, GzipBytesAreBadInput) {
  ExpectBadInput(std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03", 10),
                 "input1 is gzip-compressed: decompress it before feeding it");
}

TEST(Ga4Ingest, CsvIsBadInput) {
  ExpectBadInput("user_id,event_name,event_timestamp\nu1,page_view,1700000000\n",
                 "input1 is not a GA4 BigQuery export (expected JSON objects, one per line, or "
                 "a JSON array) nor a path table (path;total_conversions;...); it starts with "
                 "\"user_id,event_name,event\"");
}

TEST(Ga4Ingest, RowsThatAreAllUnusableAreBadInput) {
  ExpectBadInput("{}\n{\"event_name\":\"a\"}\n",
                 "no usable events in 2 rows; line 1: event_name is missing");
}

TEST(Ga4Ingest, RejectedInputStopsFeeding) {
  Ingestor ingestor;
  ingestor.BeginInput("good.ndjson");
  ASSERT_TRUE(ingestor.Feed(Row("p", kT0, "a") + "\n").ok());
  ingestor.BeginInput("table.csv");
  ASSERT_TRUE(ingestor.Feed("a,b\n").ok()) << "too early to tell";
  LoadedData data;
  const Status finished = ingestor.Finish(&data);
  EXPECT_EQ(finished.code(), StatusCode::kBadInput);
  EXPECT_EQ(finished.message(),
            "table.csv is not a GA4 BigQuery export (expected JSON objects, one per line, or a "
            "JSON array) nor a path table (path;total_conversions;...); it starts with \"a,b\"");
}

// ---- order ----

TEST(Ga4Ingest, EventsAreGroupedByEntityThenSortedByTime) {
  const LoadedInput loaded = Load(Ndjson({Row("b", kT0 + 3, "b3"), Row("a", kT0 + 2, "a2"),
                                          Row("b", kT0 + 1, "b1"), Row("a", kT0 - 1, "a0")}));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EventNames(loaded.store), "b1 b3 a0 a2");
  EXPECT_EQ(loaded.store.entity_begin, (std::vector<uint64_t>{0, 2, 4}));
}

TEST(Ga4Ingest, EqualTimestampsKeepFileOrder) {
  const LoadedInput loaded = Load(Ndjson({Row("p", kT0, "first"), Row("p", kT0 - 5, "earlier"),
                                          Row("p", kT0, "second"), Row("p", kT0, "third")}));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EventNames(loaded.store), "earlier first second third");
}

TEST(Ga4Ingest, BatchEventIndexOrdersEqualTimestamps) {
  const LoadedInput loaded =
      Load(Ndjson({Ga4Row("p", kT0, "c").Field("batch_event_index", "\"3\""),
                   Ga4Row("p", kT0, "a").Field("batch_event_index", "1"),
                   Ga4Row("p", kT0 + 1, "later").Field("batch_event_index", "0"),
                   Ga4Row("p", kT0, "b").Field("batch_event_index", "\"2\"")}));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EventNames(loaded.store), "a b c later");
}

// ---- sessions ----

TEST(Ga4Ingest, GaSessionIdIsScopedPerUser) {
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("a", kT0, "a1").SessionId(100), Ga4Row("b", kT0 + 1, "b1").SessionId(100),
      Ga4Row("a", kT0 + 2, "a2").SessionId(100),
      Ga4Row("a", kT0 + 3, "a3")
          .Field("event_params", R"([{"key":"ga_session_id","value":{"int_value":200}}])"),
      Ga4Row("a", kT0 + 4 * 60 * kMinute, "a4").SessionId(100),  // same id hours later
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  const EventStore& store = loaded.store;
  ASSERT_EQ(EventNames(store), "a1 a2 a3 a4 b1");
  EXPECT_EQ(store.session, (std::vector<uint32_t>{0, 0, 1, 0, 2}));
  EXPECT_EQ(store.sessions.size(), 3u);
  EXPECT_EQ(store.sessions.entity, (std::vector<uint32_t>{0, 0, 1}));
  EXPECT_EQ(store.sessions.start_us, (std::vector<int64_t>{kT0, kT0 + 3, kT0 + 1}));
  EXPECT_EQ(FieldOf(store, 0, "param.ga_session_id")->int_value(), 100);
}

TEST(Ga4Ingest, WithoutGaSessionIdThirtyMinutesOfInactivityStartsASession) {
  const LoadedInput loaded = Load(Ndjson({
      Row("a", kT0, "a1"),
      Row("a", kT0 + 20 * kMinute, "a2"),
      Row("a", kT0 + 50 * kMinute, "a3"),      // exactly 30 minutes later: same session
      Row("a", kT0 + 80 * kMinute + 1, "a4"),  // 30 minutes and 1 µs: a new one
      Row("b", kT0 + 20 * kMinute, "b1"),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EventNames(loaded.store), "a1 a2 a3 a4 b1");
  EXPECT_EQ(loaded.store.session, (std::vector<uint32_t>{0, 0, 0, 1, 2}));
  EXPECT_EQ(loaded.store.sessions.entity, (std::vector<uint32_t>{0, 0, 1}));
}

TEST(Ga4Ingest, InactivityGapBetweenExtremeTimestampsStartsASession) {
  const LoadedInput loaded = Load(
      "{\"event_timestamp\":\"-9223372036854775808\",\"event_name\":\"a\",\"user_pseudo_id\":\"p\"}"
      "\n"
      "{\"event_timestamp\":\"9223372036854775807\",\"event_name\":\"b\",\"user_pseudo_id\":\"p\"}"
      "\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(EventNames(loaded.store), "a b");
  EXPECT_EQ(loaded.store.session, (std::vector<uint32_t>{0, 1}));
}

// ---- revenue ----

TEST(Ga4Ingest, RevenueIsPurchaseRevenueElseValueParamOfPurchases) {
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("p", kT0, "purchase")
          .DoubleParam("value", 99)
          .Field("ecommerce", R"({"purchase_revenue":137.8,"purchase_revenue_in_usd":150})"),
      Ga4Row("p", kT0 + 1, "purchase").DoubleParam("value", 12.5),
      Ga4Row("p", kT0 + 2, "purchase")
          .IntParam("value", 7)
          .Field("ecommerce", R"({"purchase_revenue":null})"),
      Ga4Row("p", kT0 + 3, "add_to_cart").DoubleParam("value", 40),
      Ga4Row("p", kT0 + 4, "purchase"),
      Ga4Row("p", kT0 + 5, "purchase").Field("ecommerce", R"({"purchase_revenue":0})"),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  const EventStore& store = loaded.store;
  ASSERT_EQ(store.event_count(), 6u);
  EXPECT_EQ(store.Revenue(0), 137.8);
  EXPECT_EQ(store.Revenue(1), 12.5);
  EXPECT_EQ(store.Revenue(2), 7.0);
  EXPECT_EQ(store.Revenue(3), std::nullopt) << "value on add_to_cart is not revenue";
  EXPECT_EQ(store.Revenue(4), std::nullopt);
  EXPECT_EQ(store.Revenue(5), 0.0);
}

// ---- fields ----

TEST(Ga4Ingest, PrettyPrintedObjectsGetAHint) {
  const LoadedInput loaded = Load("{\n  \"event_name\": \"a\"\n}\n");
  EXPECT_EQ(loaded.status.code(), StatusCode::kBadInput);
  EXPECT_NE(loaded.status.message().find("line 1: "), std::string::npos);
  EXPECT_NE(loaded.status.message().find("objects look pretty-printed"), std::string::npos)
      << loaded.status.message();
}

TEST(Ga4Ingest, ParamValueBeforeItsKeyIsStillRead) {
  const LoadedInput loaded =
      Load(Ga4Row("p", kT0, "x")
               .Field("event_params", R"([{"value":{"int_value":"7"},"key":"ga_session_id"},)"
                                      R"({"value":{"string_value":"EUR"},"key":"currency"},)"
                                      R"({"value":{"string_value":"lost"}}])")
               .Json() +
           "\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(FieldTextOf(loaded.store, 0, "param.currency"), "EUR");
  EXPECT_EQ(FieldTextOf(loaded.store, 0, "param.ga_session_id"), "7");
  EXPECT_EQ(loaded.store.sessions.size(), 1u);
}

TEST(Ga4Ingest, BrokenParamValueBeforeItsKeySkipsTheRow) {
  const LoadedInput loaded = Load(Ndjson(
      {Ga4Row("p", kT0, "x").Field("event_params", R"([{"value":{"int_value":tru},"key":"k"}])"),
       Ga4Row("p", kT0, "y")}));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.events, 1u);
  ASSERT_EQ(loaded.stats.errors.size(), 1u);
  EXPECT_EQ(loaded.stats.errors[0].line, 1u);
}

TEST(Ga4Ingest, ParamsAreTypedAndReadableAsParamKey) {
  const LoadedInput loaded = Load(
      Ga4Row("p", kT0, "x")
          .Field("event_params", R"([{"key":"count","value":{"int_value":"42"}},)"
                                 R"({"key":"big","value":{"int_value":"-9007199254740993"}},)"
                                 R"({"key":"price","value":{"double_value":19.99}},)"
                                 R"({"key":"ratio","value":{"float_value":null,"double_value":2}},)"
                                 R"({"key":"label","value":{"string_value":"42"}},)"
                                 R"({"key":"all","value":{"string_value":null,"int_value":"5",)"
                                 R"("float_value":null,"double_value":null}},)"
                                 R"({"key":"odd","value":{"int_value":"12a"}}])")
          .Json() +
      "\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  const EventStore& store = loaded.store;
  auto kind = [&](const char* path) { return FieldOf(store, 0, path)->kind; };
  EXPECT_EQ(kind("param.count"), ValueKind::kInt);
  EXPECT_EQ(FieldOf(store, 0, "param.count")->int_value(), 42);
  EXPECT_EQ(FieldOf(store, 0, "param.big")->int_value(), -9007199254740993);
  EXPECT_EQ(kind("param.price"), ValueKind::kDouble);
  EXPECT_EQ(FieldOf(store, 0, "param.price")->double_value(), 19.99);
  EXPECT_EQ(kind("param.ratio"), ValueKind::kDouble);
  EXPECT_EQ(FieldOf(store, 0, "param.ratio")->double_value(), 2.0);
  EXPECT_EQ(kind("param.label"), ValueKind::kString);
  EXPECT_EQ(FieldTextOf(store, 0, "param.label"), "42");
  EXPECT_EQ(kind("param.all"), ValueKind::kInt);
  EXPECT_EQ(FieldOf(store, 0, "param.all")->int_value(), 5);
  EXPECT_EQ(kind("param.odd"), ValueKind::kString);
  EXPECT_EQ(FieldTextOf(store, 0, "param.odd"), "12a");
}

TEST(Ga4Ingest, UserPropertiesAreReadableAsUserKey) {
  const LoadedInput loaded =
      Load(Ga4Row("p", kT0, "x")
               .UserProperty("tier", "gold")
               .Field("event_params", R"([{"key":"tier","value":{"string_value":"event"}}])")
               .Field("user_properties",
                      R"([{"key":"tier","value":{"string_value":"gold",)"
                      R"("set_timestamp_micros":"1700000000000000"}},)"
                      R"({"key":"visits","value":{"int_value":"3","set_timestamp_micros":"1"}}])")
               .Json() +
           "\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(FieldTextOf(loaded.store, 0, "user.tier"), "gold");
  EXPECT_EQ(FieldTextOf(loaded.store, 0, "param.tier"), "event");
  EXPECT_EQ(FieldOf(loaded.store, 0, "user.visits")->kind, ValueKind::kInt);
  EXPECT_EQ(FieldOf(loaded.store, 0, "user.visits")->int_value(), 3);
}

TEST(Ga4Ingest, NestedExportFieldsAreReadableAsDottedPaths) {
  const LoadedInput loaded =
      Load(Ga4Row("p", kT0, "x")
               .Field("device", R"({"category":"mobile","web_info":{"browser":"Chrome"},)"
                                R"("is_limited_ad_tracking":"No"})")
               .Field("geo", R"({"country":"Germany","city":"Munich"})")
               .Field("platform", R"("WEB")")
               .Field("event_value_in_usd", "138")
               .Field("ecommerce", R"({"transaction_id":"T1","unique_items":"2","tax_value":1.5})")
               .Field("is_active_user", "true")
               .Json() +
           "\n");
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  const EventStore& store = loaded.store;
  EXPECT_EQ(FieldTextOf(store, 0, "device.category"), "mobile");
  EXPECT_EQ(FieldTextOf(store, 0, "device.web_info.browser"), "Chrome");
  EXPECT_EQ(FieldTextOf(store, 0, "geo.country"), "Germany");
  EXPECT_EQ(FieldTextOf(store, 0, "geo.city"), "Munich");
  EXPECT_EQ(FieldTextOf(store, 0, "platform"), "WEB");
  EXPECT_EQ(FieldOf(store, 0, "event_value_in_usd")->int_value(), 138);
  EXPECT_EQ(FieldTextOf(store, 0, "ecommerce.transaction_id"), "T1");
  EXPECT_EQ(FieldTextOf(store, 0, "ecommerce.unique_items"), "2");
  EXPECT_EQ(FieldOf(store, 0, "ecommerce.tax_value")->double_value(), 1.5);
  EXPECT_EQ(FieldTextOf(store, 0, "is_active_user"), "true");
  EXPECT_EQ(FieldOf(store, 0, "device"), std::nullopt) << "records are not values";
}

TEST(Ga4Ingest, SharedFieldsAreStoredOncePerDistinctContext) {
  const std::string mobile = R"({"category":"mobile"})";
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("p", kT0, "a").Field("device", mobile),
      Ga4Row("p", kT0 + 1, "b").Field("device", R"({"category":"desktop"})"),
      Ga4Row("q", kT0, "c").Field("device", mobile),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.store.contexts.row_count(), 3u) << "the empty context, mobile, desktop";
  EXPECT_EQ(FieldTextOf(loaded.store, 0, "device.category"), "mobile");
  EXPECT_EQ(FieldTextOf(loaded.store, 1, "device.category"), "desktop");
  EXPECT_EQ(FieldTextOf(loaded.store, 2, "device.category"), "mobile");
}

// Rows that repeat the previous row's shared records and values reuse its context; a row
// skipped as bad in between lends none of its own.
TEST(Ga4Ingest, ARowRepeatsOnlyTheContextOfTheLastRowKept) {
  const std::string mobile = R"({"category":"mobile"})";
  const std::string desktop = R"({"category":"desktop"})";
  const LoadedInput loaded = Load(Ndjson({
      Ga4Row("o", kT0, "z").Field("device", desktop).Field("platform", R"("WEB")"),
      Ga4Row("p", kT0, "a").Field("device", mobile).Field("platform", R"("WEB")"),
      Ga4Row("", kT0, "skipped").Field("device", desktop).Field("platform", R"("WEB")"),
      Ga4Row("q", kT0, "b").Field("device", desktop).Field("platform", R"("WEB")"),
      Ga4Row("q", kT0 + 1, "c").Field("device", desktop).Field("platform", R"("APP")"),
      Ga4Row("q", kT0 + 2, "d").Field("device", desktop).Field("platform", R"("APP")"),
      Ga4Row("q", kT0 + 3, "e").Field("device", mobile).Field("platform", R"("APP")"),
  }));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  EXPECT_EQ(loaded.stats.skipped, 1u);
  EXPECT_EQ(loaded.store.contexts.row_count(), 5u)
      << "the empty context, desktop WEB, mobile WEB, desktop APP, mobile APP";
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"desktop", "WEB"}, {"mobile", "WEB"}, {"desktop", "WEB"}, {"desktop", "APP"},
      {"desktop", "APP"},
      {"mobile", "APP"}};
  for (uint64_t event = 0; event < expected.size(); ++event) {
    EXPECT_EQ(FieldTextOf(loaded.store, event, "device.category"), expected[event].first)
        << "event " << event;
    EXPECT_EQ(FieldTextOf(loaded.store, event, "platform"), expected[event].second)
        << "event " << event;
  }
}

// Param elements repeated byte for byte are replayed from memory (RecentTextMemo): each must
// still store into its own array's field, with its escapes decoded, row after row.
TEST(Ga4Ingest, RepeatedParamElementsStoreTheirOwnFieldsEveryRow) {
  const std::string escaped = R"(caf\u00e9 \\ \"menu\")";  // café \ "menu", escaped
  auto row = [&](int64_t offset, const char* property) {
    return std::move(Ga4Row("p", kT0 + offset, "page_view")
                         .StringParam("tier", "gold")
                         .UserProperty("tier", property));
  };
  std::vector<std::string> rows = {row(0, "gold"), row(1, "gold"), row(2, "silver"),
                                   row(3, "gold")};
  for (int64_t offset = 4; offset < 7; ++offset) {
    rows.push_back(R"({"event_timestamp":")" + std::to_string(kT0 + offset) +
                   R"(","event_name":"page_view","user_pseudo_id":"p","event_params":[)"
                   R"({"key":"title","value":{"string_value":")" + escaped + R"("}},)"
                   R"({"key":"tier","value":{"string_value":"gold"}}]})");
  }
  const LoadedInput loaded = Load(Ndjson(rows));
  ASSERT_TRUE(loaded.status.ok()) << loaded.status.message();
  ASSERT_EQ(loaded.store.event_count(), rows.size())
      << (loaded.stats.errors.empty() ? "" : loaded.stats.errors[0].message);
  const char* const properties[] = {"gold", "gold", "silver", "gold"};
  for (uint64_t event = 0; event < 4; ++event) {
    EXPECT_EQ(FieldTextOf(loaded.store, event, "param.tier"), "gold") << event;
    EXPECT_EQ(FieldTextOf(loaded.store, event, "user.tier"), properties[event]) << event;
    EXPECT_EQ(FieldTextOf(loaded.store, event, "param.title"), std::nullopt) << event;
  }
  for (uint64_t event = 4; event < 7; ++event) {
    EXPECT_EQ(FieldTextOf(loaded.store, event, "param.title"), "caf\xc3\xa9 \\ \"menu\"") << event;
    EXPECT_EQ(FieldTextOf(loaded.store, event, "param.tier"), "gold") << event;
    EXPECT_EQ(FieldTextOf(loaded.store, event, "user.tier"), std::nullopt) << event;
  }
}

// ---- real data ----

TEST(Ga4Ingest, RealObfuscatedExportLoadsCompletely) {
  const std::string path =
      std::string(TOUCHPATH_SHARED_DATA_DIR) + "/ga4_obfuscated_sample.ndjson.gz";
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) GTEST_SKIP() << path << " is absent (../shared/data not beside the repo)";
  Ingestor ingestor;
  ingestor.BeginInput("ga4_obfuscated_sample.ndjson");
  std::vector<char> buffer(1 << 16);
  int read;
  while ((read = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
    ASSERT_TRUE(ingestor.Feed(std::string_view(buffer.data(), static_cast<size_t>(read))).ok());
  }
  ASSERT_EQ(read, 0) << "gzread failed";
  gzclose(file);
  LoadedData data;
  const Status status = ingestor.Finish(&data);
  ASSERT_TRUE(status.ok()) << status.message();
  const EventStore& store = *data.events;
  EXPECT_EQ(store.event_count(), 24219u);
  EXPECT_EQ(store.entity_count(), 19210u);
  EXPECT_EQ(ingestor.stats().skipped, 0u);
  EXPECT_EQ(ingestor.stats().replaced_invalid_utf8, 0u);
  const uint32_t purchase = store.event_names.Find("purchase");
  ASSERT_NE(purchase, kNoId);
  size_t purchases = 0;
  for (uint32_t name : store.event) purchases += name == purchase;
  EXPECT_EQ(purchases, 624u);
  // Independently computed (Python over the same file): every row has a ga_session_id; 575
  // purchases carry ecommerce.purchase_revenue, none falls back to a value param.
  EXPECT_EQ(store.sessions.size(), 20705u);
  size_t with_revenue = 0;
  double revenue = 0;
  for (uint64_t event = 0; event < store.event_count(); ++event) {
    const std::optional<double> amount = store.Revenue(event);
    if (!amount) continue;
    ++with_revenue;
    revenue += *amount;
  }
  EXPECT_EQ(with_revenue, 575u);
  EXPECT_DOUBLE_EQ(revenue, 41529.0);
  std::map<std::string, size_t> sessions_by_source_medium;
  for (uint32_t source_medium : store.sessions.source_medium) {
    ++sessions_by_source_medium[std::string(store.strings.Get(source_medium))];
  }
  EXPECT_EQ(sessions_by_source_medium["(direct) / (none)"], 13818u);
  EXPECT_EQ(sessions_by_source_medium["shop.googlemerchandisestore.com / referral"], 3790u);
  EXPECT_EQ(sessions_by_source_medium["google / organic"], 1509u);
  EXPECT_EQ(sessions_by_source_medium["<Other> / <Other>"], 455u);
  EXPECT_EQ(sessions_by_source_medium["google / cpc"], 136u);
  for (uint64_t event = 1; event < store.event_count(); ++event) {
    if (EntityOf(store, event) == EntityOf(store, event - 1)) {
      ASSERT_LE(store.ts_us[event - 1], store.ts_us[event]) << "event " << event;
    }
  }
}

}  // namespace
}  // namespace touchpath::testing
