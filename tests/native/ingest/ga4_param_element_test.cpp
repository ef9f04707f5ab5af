// GA4 params in BigQuery's exact shape are read by hand (ReadGa4ParamElement); every other shape
// goes through the general JSON cursor. Both must store the same thing.
#include "core/ingest/ga4_param_element.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/native/support/ga4_rows.h"

namespace touchpath::testing {
namespace {

using ValueKind = Ga4ParamElement::ValueKind;

TEST(Ga4ParamElement, ReadsTheExactShape) {
  const std::string text = R"({"key":"page_title","value":{"string_value":"Home"}},{"key")";
  Ga4ParamElement element;
  ASSERT_TRUE(ReadGa4ParamElement(text, &element));
  EXPECT_EQ(element.name, "page_title");
  EXPECT_EQ(element.type, "string_value");
  EXPECT_EQ(element.value, "Home");
  EXPECT_EQ(element.value_kind, ValueKind::kString);
  EXPECT_TRUE(element.value_plain);
  EXPECT_EQ(text.substr(element.size), R"(,{"key")");
}

TEST(Ga4ParamElement, ReadsNumbersNullsEmptyValuesAndEscapedStrings) {
  Ga4ParamElement element;
  ASSERT_TRUE(ReadGa4ParamElement(R"({"key":"tax","value":{"double_value":15.09}})", &element));
  EXPECT_EQ(element.value_kind, ValueKind::kNumber);
  EXPECT_EQ(element.value, "15.09");

  ASSERT_TRUE(ReadGa4ParamElement(R"({"key":"x","value":{"int_value":null}})", &element));
  EXPECT_EQ(element.value_kind, ValueKind::kNull);

  ASSERT_TRUE(ReadGa4ParamElement(R"({"key":"all_data","value":{}})", &element));
  EXPECT_EQ(element.value_kind, ValueKind::kNull);
  EXPECT_EQ(element.type, "");

  // Long enough that the 16-byte scan finds the escapes, then the end past them.
  const std::string escaped =
      R"({"key":"page_location","value":{"string_value":"https://a.example/?x=1\u0026y=\"2\"\\"}})";
  ASSERT_TRUE(ReadGa4ParamElement(escaped, &element));
  EXPECT_FALSE(element.value_plain);
  EXPECT_EQ(element.value, R"(https://a.example/?x=1\u0026y=\"2\"\\)");
  EXPECT_EQ(element.size, escaped.size());
}

TEST(Ga4ParamElement, LeavesEveryOtherShapeToTheGeneralParser) {
  const std::vector<std::string> others = {
      R"({ "key":"a","value":{"string_value":"b"}})",                  // whitespace
      R"({"value":{"string_value":"b"},"key":"a"})",                   // value first
      R"({"key":"a\u0062","value":{"string_value":"b"}})",             // escaped name
      R"({"key":"é","value":{"string_value":"b"}})",                   // non-ASCII name
      R"({"key":"a","value":{"string_value":null,"int_value":"5"}})",  // two members
      R"({"key":"a","value":{"string_value":"b"},"x":1})",             // a third member
      R"({"key":"a","value":{"string_value":true}})",                  // not a string/number/null
      R"({"key":"a","value":{"string_value":"b"})",                    // unclosed element
      R"({"key":"a","value":{"string_value":"b)",                      // unterminated string
      R"({"key":"a","value":"b"})",                                    // value not an object
      R"({"key":1,"value":{"string_value":"b"}})",                     // key not a string
  };
  for (const std::string& text : others) {
    Ga4ParamElement element;
    EXPECT_FALSE(ReadGa4ParamElement(text, &element)) << text;
  }
}

TEST(Ga4ParamElement, NeverReadsPastTheText) {
  const std::string whole =
      R"({"key":"page_location","value":{"string_value":"https://shop.example.com/\u0026a"}})";
  for (size_t size = 0; size < whole.size(); ++size) {
    // A copy of exactly `size` bytes, so a sanitizer sees any read beyond it.
    const std::string prefix = whole.substr(0, size);
    Ga4ParamElement element;
    EXPECT_FALSE(ReadGa4ParamElement(prefix, &element)) << size;
  }
  Ga4ParamElement element;
  EXPECT_TRUE(ReadGa4ParamElement(whole, &element));
}

// The same param once in the exact shape and once with a space after '{' (the general path):
// the stores, the skipped rows and the replaced bytes must be the same.
void ExpectSameAsGeneralPath(const std::string& element) {
  std::string spaced = element;
  spaced.insert(1, " ");
  auto load = [](const std::string& param) {
    return Load(Ndjson({Ga4Row("u", kT0, "e").Field("event_params", "[" + param + "]"),
                        Ga4Row("u", kT0 + 1, "ok")}));
  };
  const LoadedInput exact = load(element);
  const LoadedInput general = load(spaced);
  ASSERT_TRUE(exact.status.ok()) << exact.status.message();
  ASSERT_TRUE(general.status.ok()) << general.status.message();
  EXPECT_EQ(Digest(exact.store), Digest(general.store)) << element;
  EXPECT_EQ(exact.stats.events, general.stats.events) << element;
  EXPECT_EQ(exact.stats.skipped, general.stats.skipped) << element;
  EXPECT_EQ(exact.stats.replaced_invalid_utf8, general.stats.replaced_invalid_utf8) << element;
}

TEST(Ga4ParamElement, StoresWhatTheGeneralPathStores) {
  const std::vector<std::string> elements = {
      R"({"key":"t","value":{"string_value":"Home"}})",
      R"({"key":"t","value":{"string_value":""}})",
      R"({"key":"t","value":{"string_value":"a\u0026b\n\"c\""}})",
      R"({"key":"t","value":{"string_value":"caf\u00e9 \ud83d\ude00 \ud800"}})",
      "{\"key\":\"t\",\"value\":{\"string_value\":\"caf\xC3\xA9 bad \xFF\xC0\"}}",
      "{\"key\":\"t\",\"value\":{\"string_value\":\"tab\there\"}}",  // raw control: row error
      R"({"key":"n","value":{"int_value":"42"}})",
      R"({"key":"n","value":{"int_value":"-9223372036854775808"}})",
      R"({"key":"n","value":{"int_value":"99999999999999999999"}})",  // too big: kept as text
      R"({"key":"n","value":{"int_value":"12a"}})",
      R"({"key":"n","value":{"int_value":5}})",
      R"({"key":"n","value":{"int_value":5.5}})",
      R"({"key":"n","value":{"double_value":2}})",
      R"({"key":"n","value":{"float_value":-0}})",
      R"({"key":"n","value":{"double_value":1.5e3}})",
      R"({"key":"n","value":{"double_value":1e400}})",  // not finite: nothing stored
      R"({"key":"n","value":{"double_value":--1}})",    // not a number: row error
      R"({"key":"n","value":{"double_value":1.}})",
      R"({"key":"n","value":{"int_value":null}})",
      R"({"key":"n","value":{}})",
      R"({"key":"n","value":{"set_timestamp_micros":"1700000000000000"}})",
      R"({"key":"ga_session_id","value":{"int_value":"1719810733"}})",
      R"({"key":"value","value":{"double_value":19.99}})",
  };
  for (const std::string& element : elements) ExpectSameAsGeneralPath(element);
}

}  // namespace
}  // namespace touchpath::testing
